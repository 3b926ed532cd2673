/**
 * Hangs seen from the terminal: the terminal source feeds an untied run's turns to the hang watchdog (a real engine,
 * its `evaluate()` as the extension's 20 s pass), through fakes of the VS Code window API. Output: the real captures of
 * Continue's TUI hanging (test/fixtures/continue/tui_hang) and Claude Code's TUI answering (test/fixtures/terminal/claude_happy),
 * and a headless `pi -p` that prints nothing (test/fixtures/pi/hang.stdout.txt) or its answer.
 */
import * as assert from 'assert';
import * as path from 'path';
import { REPO_ROOT } from '../../helpers';
import { readCapture } from '../../core/terminals/captureReplay';
import { FakeExecution, flush, setup } from './fakeTerminals';

const WATCHDOG = { health: { stuckMs: 60_000 } } as const;

/** Pushes a capture's chunks at their times (up to `untilS` seconds into it). */
async function replay(s: Awaited<ReturnType<typeof setup>>, x: FakeExecution, folder: string, name: string, untilS = Infinity) {
  const { raw, timing } = readCapture(path.join(REPO_ROOT, 'test', 'fixtures', folder), name);
  let at = 0;
  let t = 0;
  for (const [delay, bytes] of timing) {
    t += delay;
    if (t >= untilS) {
      break;
    }
    s.timers.advance(Math.round(delay * 1000));
    x.push(new TextDecoder().decode(raw.subarray(at, at + bytes)));
    at += bytes;
    await flush();
  }
}

const stuckOf = (s: Awaited<ReturnType<typeof setup>>, id: string) =>
  s.engine
    .session(id)
    ?.findings.filter((f) => f.type === 'session_stuck')
    .map((f) => f.status);

describe('TerminalSource: hangs seen in the terminal', () => {
  it('`pi -p` that prints nothing is stuck once the watchdog passes; its answer resolves it', async () => {
    const s = await setup([], {}, WATCHDOG);
    const t = s.open('bash');
    const x = s.run(t, "pi --model fake/gpt-5 -p 'Say hello'");
    s.timers.advance(25_000);
    assert.strictEqual(s.engine.session('terminal:bash:1'), undefined, 'no row of its own while the prompt is young');
    s.timers.advance(5_000);
    assert.strictEqual(s.store.session('terminal:bash:1')?.firstPrompt, 'Say hello');
    s.timers.advance(29_000);
    s.engine.evaluate();
    assert.deepStrictEqual(stuckOf(s, 'terminal:bash:1'), []);
    s.timers.advance(2_000);
    s.engine.evaluate();
    assert.deepStrictEqual(stuckOf(s, 'terminal:bash:1'), ['open']);
    assert.match(
      s.engine.session('terminal:bash:1')!.findings[0].lastText,
      /^No assistant response for 1 min after the last prompt while the agent runs\.$/,
    );
    x.push('Hello! How can I help you today?\r\n');
    await flush();
    s.timers.advance(200);
    assert.deepStrictEqual(stuckOf(s, 'terminal:bash:1'), ['resolved']);
    await s.end(t, x, 0);
    s.source.dispose();
  });

  it("Continue's TUI hanging (real capture, still running): stuck on the terminal session; resolved when it ends", async () => {
    const s = await setup([], {}, WATCHDOG);
    const t = s.open('cn');
    const x = s.run(t, "cn --config /home/dev/config.yaml 'Say hello'");
    await replay(s, x, 'continue', 'tui_hang', 29.9);
    assert.strictEqual(s.engine.session('terminal:cn:1'), undefined, 'nothing reported within the 30 s hold');
    // The spinner goes on being redrawn (its last frame again, as cn does every 100 ms) past the watchdog.
    for (let i = 0; i < 40; i++) {
      x.push('\r\x1b[2K⣿⣿⣿  ( 3s • esc to interrupt )');
      await flush();
      s.timers.advance(1_000);
    }
    assert.strictEqual(s.store.session('terminal:cn:1')?.firstPrompt, 'Say hello', 'the echo of the prompt');
    s.engine.evaluate();
    assert.deepStrictEqual(stuckOf(s, 'terminal:cn:1'), ['open']);
    await s.end(t, x, 130);
    s.engine.evaluate();
    assert.deepStrictEqual(stuckOf(s, 'terminal:cn:1'), ['resolved']);
    s.source.dispose();
  });

  it("Claude Code's TUI answering, then idle for ten minutes (real capture): no session of its own, nothing stuck", async () => {
    const s = await setup([], {}, WATCHDOG);
    const t = s.open('claude');
    const x = s.run(t, 'claude "Say hello"');
    await replay(s, x, 'terminal', 'claude_happy', 11.9);
    s.timers.advance(600_000);
    s.engine.evaluate();
    assert.strictEqual(s.engine.session('terminal:claude:1'), undefined);
    assert.deepStrictEqual(s.engine.snapshot(), []);
    await s.end(t, x, 0);
    s.source.dispose();
  });

  it('a shell command that is not an agent, silent for ten minutes, is not watched', async () => {
    const s = await setup([], {}, WATCHDOG);
    const t = s.open('zsh');
    s.run(t, 'npm test -- --watch "-p"');
    s.timers.advance(600_000);
    s.engine.evaluate();
    assert.deepStrictEqual(s.engine.snapshot(), []);
    s.source.dispose();
  });

  it('a run tied to its transcript after its prompt was reported: the terminal session is closed, the transcript watched', async () => {
    const s = await setup([], { tieForMs: 120_000 }, WATCHDOG);
    const t = s.open('bash');
    s.run(t, "pi -p 'Say hello'", '/home/dev/app');
    s.timers.advance(31_000);
    assert.strictEqual(s.store.session('terminal:bash:1')?.turnKind, 'user');
    const id = '7d0c1f4e-2a3b-4c5d-8e9f-0a1b2c3d4e5f';
    s.engine.ingest([{ sessionId: id, agent: 'pi', timestamp: s.clock.now(), kind: 'user', text: 'Say hello', cwd: '/home/dev/app' }], {
      live: true,
    });
    s.timers.advance(5_000);
    assert.strictEqual(s.source.rows()[0].sessionId, id);
    assert.strictEqual(s.store.session('terminal:bash:1')?.turnKind, 'assistant');
    s.timers.advance(60_000);
    s.engine.evaluate();
    assert.deepStrictEqual(stuckOf(s, 'terminal:bash:1'), []);
    assert.deepStrictEqual(stuckOf(s, id), ['open']);
    s.source.dispose();
  });
});
