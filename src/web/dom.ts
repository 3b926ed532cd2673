/**
 * Building the page's DOM without HTML strings (so no text from a transcript is ever parsed as markup, and no inline
 * style or script is needed under the Content-Security-Policy).
 */

/** Attributes of {@link h}: strings become attributes; `text` sets textContent; `on<Event>` adds a listener. */
export type Attrs = Record<string, string | number | boolean | undefined | ((ev: Event) => void)>;

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: (Node | string | undefined)[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: (Node | string | undefined)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) {
      continue;
    }
    if (typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const c of children) {
    if (c !== undefined) {
      el.append(c);
    }
  }
  return el;
}

/** Replaces an element's children. */
export function replaceChildren(el: Element, ...children: (Node | string)[]): void {
  el.replaceChildren(...children);
}

/** Says something to screen readers (the page's live region). */
export function announce(text: string): void {
  const el = document.getElementById('announcer');
  if (el) {
    el.textContent = text;
  }
}
