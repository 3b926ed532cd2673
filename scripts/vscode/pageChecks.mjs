// Page-side checks of the e2e run (scripts/e2e.mjs): a scenario's hook run on a workbench page with `check` and a
// counting `assert`, and the page's forwarded console lines as text.

import assertModule from 'node:assert/strict';
import util from 'node:util';
import * as ui from './ui.mjs';

/** `promise`, or a rejection naming `what` after `ms` (ms). */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Turns a forwarded console message into text (the host's lines arrive as "%c[Extension Host]", css, ...args). */
export async function consoleText(msg) {
  let values;
  try {
    values = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => a.toString())));
  } catch {
    return msg.text();
  }
  if (!values.length) return msg.text();
  let prefix = '';
  if (typeof values[0] === 'string' && values[0].startsWith('%c')) {
    prefix = values[0].slice(2).replace(/%c/g, '');
    values = values.slice(1 + (values[0].match(/%c/g)?.length ?? 1));
  }
  const body = values.length ? util.format(...values) : '';
  return { prefix, body };
}

/**
 * Runs a page-side checks hook: `await check(name, async () => {...})` counts one test and carries on after a failure;
 * a top-level assert.* call counts one test; a hook that counts nothing counts as one test, and one that throws or
 * times out (`timeoutMs`, ms) one failure. Returns `{ passed, failed, names }` (names: the failed checks).
 */
export async function runPageChecks(label, page, url, hook, args, timeoutMs) {
  const counts = { passed: 0, failed: 0, names: [] };
  let depth = 0;
  let checksClosed = false; // after a time-out the hook may still be running: ignore it from then on
  const check = async (name, fn) => {
    if (checksClosed) return false;
    depth++;
    try {
      await fn();
      counts.passed++;
      console.log(`  ✔ ${name}`);
      return true;
    } catch (err) {
      if (checksClosed) return false;
      counts.failed++;
      // The summary's last lines are what a CI tail keeps: the check's name with the first line of its error.
      counts.names.push(
        `${name} (${String(err?.message ?? err)
          .split('\n')[0]
          .slice(0, 300)})`,
      );
      console.log(
        `  ✘ ${name}\n      ${String(err?.stack ?? err)
          .split('\n')
          .join('\n      ')}`,
      );
      await ui.screenshot(page, `failure-${label.replace(/\W+/g, '-')}-${name}`).catch(() => {});
      // The next check starts from a workbench without the menu, picker or dialog this one may have left open.
      for (let i = 0; i < 3; i++) await page.keyboard.press('Escape').catch(() => {});
      return false;
    } finally {
      depth--;
    }
  };
  // Each top-level assert.* call counts as one check (assertions inside check() count as that check).
  const assert = new Proxy(assertModule, {
    get(target, prop) {
      const v = target[prop];
      if (typeof v !== 'function' || prop === 'AssertionError') return v;
      return (...a) => {
        const r = v.apply(target, a);
        const count = () => {
          if (depth === 0 && !checksClosed) counts.passed++;
        };
        if (r && typeof r.then === 'function')
          return r.then((x) => {
            count();
            return x;
          });
        count();
        return r;
      };
    },
  });
  try {
    await page.goto(url, { timeout: 60_000 });
    await ui.waitForWorkbench(page);
    await withTimeout(hook({ ...args, assert, check }), timeoutMs, label);
    if (counts.passed + counts.failed === 0) counts.passed++; // a hook without counted checks: one test
  } catch (err) {
    checksClosed = true;
    counts.failed++;
    // The summary's last lines are what a CI tail keeps: name the cause there, not only in the scenario's own output.
    counts.names.push(
      `aborted: ${String(err?.message ?? err)
        .replace(/\s+/g, ' ')
        .slice(0, 400)}`,
    );
    console.log(
      `  ✘ ${label} aborted: ${String(err?.stack ?? err)
        .split('\n')
        .slice(0, 6)
        .join('\n      ')}`,
    );
    await ui.screenshot(page, `failure-${label.replace(/\W+/g, '-')}`).catch(() => {});
  }
  checksClosed = true;
  return counts;
}
