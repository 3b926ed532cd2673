// Drives an agent's interactive TUI in a real pseudo-terminal for the fixture scripts' recipe checks: tmux (its own
// server socket, no user config) runs the CLI in a detached pane of a fixed size; keys are sent as a terminal sends them
// (text in one write, Enter / Escape / Ctrl+C as their bytes) and the screen is read back as text. Used to check which
// recovery recipes (compact, clear, interrupt, resume, fresh, the keys that end it) an agent's TUI really honours.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Key names as tmux's send-keys spells them, for the recipe keys. */
export const KEYS = { enter: 'Enter', escape: 'Escape', 'ctrl-c': 'C-c', 'ctrl-d': 'C-d' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function shellQuote(a) {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/**
 * A tmux server of its own (socket `name` under tmux's folder) holding one pane at a time. `start` runs `argv` in `cwd`
 * with exactly `env` (a wrapper script written to `scratch` does `exec env -i ...`); the pane stays after the CLI exits
 * so its last screen can be read. Throws when tmux is missing or refuses a command.
 */
export class TmuxTui {
  constructor({ name, scratch, cols = 140, rows = 40 }) {
    this.name = name;
    this.scratch = scratch;
    this.cols = cols;
    this.rows = rows;
    this.count = 0;
  }

  tmux(...args) {
    const r = spawnSync('tmux', ['-L', this.name, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr.trim()}`);
    return r.stdout;
  }

  /** Starts `argv` in a fresh pane (the previous one is closed first). */
  start(argv, { cwd, env }) {
    this.close();
    const script = path.join(this.scratch, `tui-${++this.count}.sh`);
    const vars = Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`));
    fs.writeFileSync(
      script,
      `#!/bin/sh\ncd ${shellQuote(cwd)} || exit 1\nexec env -i ${vars.join(' ')} ${argv.map(shellQuote).join(' ')}\n`,
    );
    fs.chmodSync(script, 0o755);
    this.tmux('new-session', '-d', '-s', 'tui', '-x', String(this.cols), '-y', String(this.rows), script);
    this.tmux('set-option', '-t', 'tui', 'remain-on-exit', 'on');
  }

  /** The pane's screen as text (wrapped lines joined, trailing blanks trimmed). */
  screen() {
    return this.tmux('capture-pane', '-p', '-J', '-t', 'tui')
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .replace(/\n+$/, '');
  }

  /** True once the CLI in the pane has exited. */
  dead() {
    return this.tmux('display-message', '-p', '-t', 'tui', '#{pane_dead}').trim() === '1';
  }

  /** Types `text` in one write (as a paste would arrive), without Enter. */
  type(text) {
    this.tmux('send-keys', '-t', 'tui', '-l', text);
  }

  /** Sends one key by recipe name (`enter`, `escape`, `ctrl-c`, `ctrl-d`). */
  key(name) {
    this.tmux('send-keys', '-t', 'tui', KEYS[name] ?? name);
  }

  /** Types `text`, then Enter after `delayMs` (Session Doctor's recovery runner waits 300 ms). */
  async submit(text, delayMs = 300) {
    this.type(text);
    await sleep(delayMs);
    this.key('enter');
  }

  /** Waits until the screen matches `re` (or the CLI exited, when `orDead`); returns the screen, or throws after `timeoutMs`. */
  async waitFor(re, timeoutMs = 30000, { orDead = false } = {}) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (re.test(s) || (orDead && this.dead())) return s;
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${re} on:\n${s}`);
      await sleep(250);
    }
  }

  /** Waits up to `timeoutMs` for the CLI to exit; true when it did. */
  async waitDead(timeoutMs) {
    const end = Date.now() + timeoutMs;
    while (!this.dead()) {
      if (Date.now() > end) return false;
      await sleep(200);
    }
    return true;
  }

  /** Closes the pane and the tmux server (the CLI gets SIGHUP). */
  close() {
    spawnSync('tmux', ['-L', this.name, 'kill-server'], { encoding: 'utf8' });
  }
}

export { sleep };
