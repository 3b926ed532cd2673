/**
 * The turns the terminal source reads off an agent's screen for the hang watchdog, on real captures: Continue's TUI
 * (`cn` 1.5.47) hanging on its first request (test/fixtures/continue/tui_hang), Claude Code's TUI answering and then
 * idle (test/fixtures/terminal/claude_happy), Gemini CLI's TUI hanging (test/fixtures/gemini/interactive_hang), and
 * the headless runs of pi, cn and Gemini CLI whose output is in their `.stdout.txt`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { recogniseAgentCommand } from '../../../../src/core/agents/commandLine';
import { TerminalTextReader } from '../../../../src/core/terminals/terminalText';
import {
  BUSY_END_CONFIRM_MS,
  TerminalTurn,
  headlessPrompt,
  isAnswerLine,
  isBusyLine,
  startTurns,
  stepTurns,
  tiedTurns,
} from '../../../../src/core/terminals/terminalTurns';
import { REPO_ROOT } from '../../helpers';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const fixture = (agent: string, name: string) => path.join(REPO_ROOT, 'test', 'fixtures', agent, name);

/** One look per settle of a capture: its time (ms after the start), its new lines and whether the screen is busy. */
interface Look {
  atMs: number;
  lines: string[];
  busy: boolean;
}

/** Replays `<name>.raw` with its `.timing` (or a `.pty.txt` in 4 KiB chunks, 10 ms apart) as the terminal source reads it. */
async function looksOf(agent: string, name: string, cols = 100, rows = 30): Promise<Look[]> {
  const rawFile = fixture(agent, `${name}.raw`);
  const raw = fs.readFileSync(fs.existsSync(rawFile) ? rawFile : fixture(agent, `${name}.pty.txt`));
  const timingFile = fixture(agent, `${name}.timing`);
  const timing = fs.existsSync(timingFile)
    ? fs
        .readFileSync(timingFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' ').map(Number))
    : Array.from({ length: Math.ceil(raw.length / 4096) }, () => [0.01, 4096]);
  const reader = new TerminalTextReader({ cols, rows });
  const looks: Look[] = [];
  let at = 0;
  let t = 0;
  for (let i = 0; i < timing.length; i++) {
    t += timing[i][0];
    await reader.write(new Uint8Array(raw.subarray(at, at + timing[i][1])));
    at += timing[i][1];
    const lines = reader.settle(i + 1 >= timing.length || timing[i + 1][0] >= 0.15);
    looks.push({ atMs: Math.round(t * 1000), lines, busy: reader.screenLines().some(isBusyLine) });
  }
  reader.dispose();
  return looks;
}

/** Feeds looks to a run's turn state (`endMs`: a last timer look); returns the turns with their times relative to T0. */
function feed(commandLine: string, looks: Look[], holdMs: number, endMs?: number) {
  const s = startTurns(recogniseAgentCommand(commandLine)!, T0);
  const turns: TerminalTurn[] = [];
  for (const l of looks) {
    turns.push(...stepTurns(s, { now: T0 + l.atMs, lines: l.lines, busy: l.busy, tied: false, holdMs }).turns);
  }
  if (endMs !== undefined) {
    turns.push(...stepTurns(s, { now: T0 + endMs, tied: false, holdMs }).turns);
  }
  return { state: s, turns: turns.map((x) => ({ ...x, at: x.at - T0 })) };
}

describe('terminalTurns', () => {
  it('tells headless runs (with their prompt) from TUIs', () => {
    const h = (line: string) => headlessPrompt(recogniseAgentCommand(line)!);
    assert.deepStrictEqual(h("pi --model fake/gpt-5 -p 'Say hello'"), { headless: true, prompt: 'Say hello' });
    assert.deepStrictEqual(h("cn --config c.yaml -p --auto 'Say hello'"), { headless: true, prompt: 'Say hello' });
    assert.deepStrictEqual(h("gemini -p 'Say hello' -m gemini-2.5-pro --yolo"), { headless: true, prompt: 'Say hello' });
    assert.deepStrictEqual(h('claude --print="fix the build"'), { headless: true, prompt: 'fix the build' });
    assert.deepStrictEqual(h('codex exec "run the tests"'), { headless: true, prompt: 'run the tests' });
    assert.deepStrictEqual(h('opencode run hello'), { headless: true, prompt: 'hello' });
    assert.deepStrictEqual(h('aider -m "add a test" src/a.py'), { headless: true, prompt: 'add a test' });
    assert.deepStrictEqual(h('npx -y @google/gemini-cli --prompt "x sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA"').headless, true);
    assert.doesNotMatch(h('gemini --prompt "key sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAA"').prompt ?? '', /AAAAAAAAAAAA/);
    assert.deepStrictEqual(h("cn --config c.yaml 'Say hello'"), { headless: false });
    assert.deepStrictEqual(h('gemini -m gemini-2.5-pro -i "Say hello"'), { headless: false });
    assert.deepStrictEqual(h('claude --resume 1bf14c0b'), { headless: false });
    assert.deepStrictEqual(h('aider --model gpt-5'), { headless: false });
  });

  it('reads busy, status and answer lines as the real TUIs draw them', () => {
    for (const busy of [
      '⣿⣿⣿  ( 0s • esc to interrupt )',
      '⠋ Thinking... (esc to cancel, 0s)',
      '⏵⏵ auto mode on (shift+tab to cycle) · esc to interrupt · ← for agents',
    ]) {
      assert.ok(isBusyLine(busy), busy);
      assert.ok(!isAnswerLine(busy), busy);
    }
    for (const status of [
      '✻ Thinking…',
      'Working...',
      "This is taking a bit longer, we're still on it.",
      'Warning: Basic terminal detected (TERM=dumb). Visual rendering will be limited.',
      'YOLO mode is enabled. All tool calls will be automatically approved.',
      'Ripgrep is not available. Falling back to GrepTool.',
      'ctrl+c to exit                                                                    ◉ Continue CLI',
      '╰──────────────────────────────╯',
      '● API Error: 429 {"type":"error"}',
      'Retrying request (2/9). Error: 500 The server had an error',
    ]) {
      assert.ok(!isAnswerLine(status), status);
    }
    for (const answer of ['● Hello! The project looks fine. Nothing else to do.', 'Hello! How can I help?', '● Bash(ls -la)']) {
      assert.ok(isAnswerLine(answer), answer);
    }
  });

  it("Continue's TUI hanging on its first request (real capture): the prompt waits from the spinner's first frame, nothing new for 27 s", async () => {
    const looks = await looksOf('continue', 'tui_hang');
    const first = looks.findIndex((l) => l.busy);
    assert.ok(first > 0);
    assert.ok(looks[first].lines.includes('● Say hello'), 'the echo of the prompt is drawn with the spinner');
    // The spinner and its elapsed time are redrawn until Ctrl+C at 30 s: no new line that is an answer.
    const later = looks.slice(first + 1).flatMap((l) => l.lines);
    assert.deepStrictEqual(later.filter(isAnswerLine), []);
    // Frames caught mid-redraw miss the spinner row now and then; the next frame within 2 s draws it again, so the
    // request is not taken for over.
    const after = looks.slice(first);
    const gaps = after.filter((l) => !l.busy && l.atMs < 29_900);
    assert.ok(gaps.length >= 1);
    for (const g of gaps) {
      assert.ok(
        after.some((l) => l.busy && l.atMs > g.atMs && l.atMs - g.atMs < BUSY_END_CONFIRM_MS),
        `busy again after ${g.atMs} ms`,
      );
    }
    const startMs = looks[first].atMs;
    const { turns, state } = feed("cn --config c.yaml 'Say hello'", looks.slice(0, -5), 20_000);
    assert.deepStrictEqual(turns, [{ kind: 'user', at: startMs, text: 'Say hello' }]);
    assert.deepStrictEqual([state.phase, state.reported], ['awaiting', true]);
    // With the watchdog's 30 s hold the capture ends (Ctrl+C) before anything is reported.
    assert.deepStrictEqual(feed("cn --config c.yaml 'Say hello'", looks.slice(0, -5), 30_000).turns, []);
  });

  it("Continue's TUI hanging for 100 s (real capture): the prompt waits past the watchdog's smallest setting, 1 min", async () => {
    const looks = await looksOf('continue/watchdog', 'tui_hang_long');
    const busyAt = looks.find((l) => l.busy)!.atMs;
    const endMs = looks[looks.length - 1].atMs - 1_000; // before the Ctrl+C that ends the capture
    const { turns, state } = feed(
      "cn --config c.yaml 'Say hello'",
      looks.filter((l) => l.atMs < endMs),
      30_000,
      endMs,
    );
    assert.deepStrictEqual(turns, [{ kind: 'user', at: busyAt, text: 'Say hello' }]);
    assert.deepStrictEqual([state.phase, state.reported], ['awaiting', true]);
    assert.ok(T0 + endMs - state.since >= 60_000, `nothing new for ${T0 + endMs - state.since} ms`);
  });

  it("Continue's TUI answering, then idle for 78 s (real capture): nothing reported, it waits for the person", async () => {
    const looks = await looksOf('continue/watchdog', 'tui_happy_idle');
    assert.ok(looks.some((l) => l.busy));
    const { turns, state } = feed("cn --config c.yaml 'Say hello'", looks, 1_000, looks[looks.length - 1].atMs);
    assert.deepStrictEqual(turns, []);
    assert.deepStrictEqual([state.phase, state.busy], ['idle', false]);
  });

  it("Claude Code's TUI answering then idle (real capture): no prompt reported, and the idle prompt box is not a wait", async () => {
    const looks = await looksOf('terminal', 'claude_happy');
    assert.ok(looks.some((l) => l.busy));
    const { turns, state } = feed('claude "Say hello"', looks, 5_000, 60_000);
    assert.deepStrictEqual(turns, []);
    assert.deepStrictEqual([state.phase, state.busy], ['idle', false]);
    // Reported while it thought (a hold shorter than its one second of thinking), the answer closes the wait.
    const busyAt = looks.find((l) => l.busy)!.atMs;
    const s = startTurns(recogniseAgentCommand('claude')!, T0);
    const out: TerminalTurn[] = [];
    for (const l of looks) {
      out.push(...stepTurns(s, { now: T0 + l.atMs, tied: false, holdMs: 500 }).turns);
      out.push(...stepTurns(s, { now: T0 + l.atMs, lines: l.lines, busy: l.busy, tied: false, holdMs: 500 }).turns);
    }
    assert.deepStrictEqual(
      out.map((x) => [x.kind, x.at - T0, x.text]),
      [
        ['user', busyAt, 'A prompt sent in the terminal (its words not shown).'],
        [
          'assistant',
          looks.find((l) => l.lines.some((x) => x.startsWith('● Hello')))!.atMs,
          '● Hello! The project looks fine. Nothing else to do.',
        ],
      ],
    );
  });

  it("Gemini CLI's TUI hanging (real capture): busy while 'Thinking...' is drawn", async () => {
    const looks = await looksOf('gemini', 'interactive_hang', 120, 40);
    const first = looks.find((l) => l.busy);
    assert.ok(first, 'the busy line is seen');
    assert.ok(first.lines.some((l) => /Say hello/.test(l)));
  });

  it('headless runs: the prompt waits from the start; notices are not an answer; the answer closes a reported wait', () => {
    // pi -p and cn -p hanging (test/fixtures/pi/hang.stdout.txt, continue/hang.stdout.txt): nothing printed at all.
    for (const name of [fixture('pi', 'hang.stdout.txt'), fixture('continue', 'hang.stdout.txt')]) {
      const text = fs.readFileSync(name, 'utf8');
      const out = text.slice(text.indexOf('--- stdout ---') + 15, text.indexOf('--- fake server requests ---'));
      assert.deepStrictEqual(out.replace('--- stderr ---', '').trim(), '', name);
    }
    const pi = feed("pi --model fake/gpt-5 -p 'Say hello'", [{ atMs: 1_000, lines: [], busy: false }], 30_000, 30_000);
    assert.deepStrictEqual(pi.turns, [{ kind: 'user', at: 0, text: 'Say hello' }]);
    // Gemini CLI's headless start-up notices (test/fixtures/gemini/hang.stdout.txt), then nothing.
    const text = fs.readFileSync(fixture('gemini', 'hang.stdout.txt'), 'utf8');
    const notices = text
      .slice(text.indexOf('--- stderr ---') + 15, text.indexOf('--- fake server requests ---'))
      .trim()
      .split('\n');
    assert.strictEqual(notices.length, 5);
    const g = feed("gemini -p 'Say hello' -m gemini-2.5-pro --yolo", [{ atMs: 2_000, lines: notices, busy: false }], 30_000);
    assert.deepStrictEqual([g.state.phase, g.turns], ['awaiting', []]);
    const s = g.state;
    assert.deepStrictEqual(
      stepTurns(s, { now: T0 + 31_000, tied: false, holdMs: 30_000 }).turns.map((x) => [x.kind, x.at - T0]),
      [['user', 0]],
    );
    assert.deepStrictEqual(
      stepTurns(s, { now: T0 + 90_000, lines: ['Hello! How can I help?'], tied: false }).turns.map((x) => [x.kind, x.text]),
      [['assistant', 'Hello! How can I help?']],
    );
    assert.strictEqual(s.phase, 'idle');
  });

  it('a quick answer reports nothing; a tied run reports nothing; a reported prompt is closed when the run is tied', () => {
    const quick = startTurns(recogniseAgentCommand('pi -p hi')!, T0);
    const first = stepTurns(quick, { now: T0, tied: false, holdMs: 30_000 });
    assert.strictEqual(first.dueAt, T0 + 30_000);
    assert.deepStrictEqual(stepTurns(quick, { now: T0 + 4_000, lines: ['Hello!'], tied: false, holdMs: 30_000 }), { turns: [] });
    const tied = startTurns(recogniseAgentCommand('pi -p hi')!, T0);
    assert.deepStrictEqual(stepTurns(tied, { now: T0 + 60_000, tied: true }), { turns: [] });
    const late = startTurns(recogniseAgentCommand('pi -p hi')!, T0);
    assert.strictEqual(stepTurns(late, { now: T0 + 60_000, tied: false }).turns[0].kind, 'user');
    assert.deepStrictEqual(tiedTurns(late, T0 + 61_000, 'abc'), {
      kind: 'assistant',
      at: T0 + 61_000,
      text: 'The run goes on in transcript session abc.',
    });
    assert.strictEqual(tiedTurns(late, T0 + 62_000, 'abc'), undefined);
  });

  it('a TUI that stays busy: progress restarts the wait, a silence after it is reported again', () => {
    const s = startTurns(recogniseAgentCommand('codex')!, T0);
    const at = (ms: number, lines: string[], busy?: boolean) =>
      stepTurns(s, { now: T0 + ms, lines, busy, tied: false, holdMs: 30_000 }).turns.map((x) => [x.kind, x.at - T0, x.text]);
    assert.deepStrictEqual(at(0, ['› fix the build', '• Working (0s • esc to interrupt)'], true), []);
    assert.deepStrictEqual(at(30_000, [], true), [['user', 0, 'fix the build']]);
    assert.deepStrictEqual(at(40_000, ['• Ran npm test'], true), [['assistant', 40_000, '• Ran npm test']]);
    assert.deepStrictEqual(at(70_000, [], undefined), [['user', 40_000, 'fix the build']]);
    // The busy line gone: the request is over once it stays gone for 2 s (a frame caught mid-redraw is not an end).
    assert.deepStrictEqual(at(80_000, ['› '], false), []);
    assert.deepStrictEqual(at(81_000, [], true), []);
    assert.deepStrictEqual(at(90_000, [], false), []);
    assert.deepStrictEqual(at(92_000, [], undefined), [
      ['assistant', 92_000, 'The agent finished: its screen no longer shows a request in flight.'],
    ]);
    assert.deepStrictEqual(at(500_000, [], false), [], 'idle, waiting for the person');
  });
});
