/**
 * Colours and fonts from VS Code's theme (its CSS variables, so light, dark and high-contrast themes all work), read when
 * a chart is drawn and again when the theme changes (VS Code swaps the body's `vscode-light` / `vscode-dark` /
 * `vscode-high-contrast` class and the variables).
 */
import type { Severity } from '../core/model/failures';

/** The colours and font the charts draw with. */
export interface Theme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  /** Series colours, in order. */
  palette: string[];
  red: string;
  orange: string;
  yellow: string;
  green: string;
  blue: string;
  purple: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** The theme now. */
export function currentTheme(): Theme {
  const style = getComputedStyle(document.body);
  const cls = document.body.classList;
  const kind = cls.contains('vscode-high-contrast-light')
    ? 'high-contrast-light'
    : cls.contains('vscode-high-contrast')
      ? 'high-contrast'
      : cls.contains('vscode-light')
        ? 'light'
        : 'dark';
  const light = kind === 'light' || kind === 'high-contrast-light';
  const foreground = cssVar(style, '--vscode-charts-foreground', cssVar(style, '--vscode-foreground', light ? '#333333' : '#cccccc'));
  const red = cssVar(style, '--vscode-charts-red', '#f14c4c');
  const orange = cssVar(style, '--vscode-charts-orange', '#d18616');
  const yellow = cssVar(style, '--vscode-charts-yellow', '#cca700');
  const green = cssVar(style, '--vscode-charts-green', '#89d185');
  const blue = cssVar(style, '--vscode-charts-blue', '#3794ff');
  const purple = cssVar(style, '--vscode-charts-purple', '#b180d7');
  const size = cssVar(style, '--vscode-font-size', '13px');
  const family = cssVar(style, '--vscode-font-family', 'sans-serif');
  return {
    kind,
    foreground,
    muted: cssVar(style, '--vscode-descriptionForeground', foreground),
    grid: cssVar(style, '--vscode-charts-lines', light ? 'rgba(0,0,0,0.15)' : 'rgba(255,255,255,0.15)'),
    background: cssVar(style, '--vscode-editor-background', light ? '#ffffff' : '#1e1e1e'),
    font: `${parseInt(size, 10) - 1 || 12}px ${family}`,
    palette: [blue, orange, green, purple, red, yellow],
    red,
    orange,
    yellow,
    green,
    blue,
    purple,
  };
}

/** The colour of a severity. */
export function severityColor(t: Theme, s: Severity): string {
  return { LOW: t.blue, MEDIUM: t.yellow, HIGH: t.orange, CRITICAL: t.red }[s];
}

/** Calls `listener` when VS Code changes the theme. */
export function onThemeChange(listener: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className !== last) {
      last = document.body.className;
      listener();
    }
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
