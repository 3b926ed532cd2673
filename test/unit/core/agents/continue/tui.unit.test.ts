/**
 * The Continue CLI 1.5.47 in its interactive TUI (test/fixtures/continue/tui_*, captured in a 100x30 pseudo-terminal by
 * scripts/make-continue-fixtures.mjs): the session file holds the prompt only, whatever the fault; the error is on the
 * screen, where the terminal source (src/core/terminals/terminalText.ts, then the detector) reads it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseContinueSession } from '../../../../../src/core/agents/continue/session';
import { classifyLine } from '../../../../../src/core/detection/detector';
import { REPO_ROOT } from '../../../helpers';
import { replayTimed } from '../../terminals/captureReplay';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/continue');
const TUI = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.startsWith('tui_') && f.endsWith('.raw'))
  .map((f) => f.slice(0, -'.raw'.length))
  .sort();

/** What the terminal source reads from capture `name`, replayed in the chunks the pty delivered. */
function screenLines(name: string): Promise<string[]> {
  return replayTimed(FIXTURES, name);
}

/** The failure types the detector gives the screen's lines. */
async function screenTypes(name: string): Promise<string[]> {
  return [
    ...new Set((await screenLines(name)).map((l): string | undefined => classifyLine(l)?.type).filter((t): t is string => !!t)),
  ].sort();
}

describe('Continue CLI TUI: the file holds the prompt, the screen holds the error', () => {
  it('the captures are here', () => {
    assert.deepStrictEqual(TUI, [
      'tui_auth_401',
      'tui_context_too_long',
      'tui_dropped_connection',
      'tui_hang',
      'tui_malformed_stream',
      'tui_overloaded_503',
      'tui_rate_limit_forever',
      'tui_server_500',
    ]);
  });

  for (const name of TUI) {
    it(`${name}: the session file is the prompt alone (no answer, no error written)`, () => {
      const r = parseContinueSession(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'), 'f', 'x');
      assert.ok(r.ok);
      assert.deepStrictEqual(
        r.events.map((e) => [e.kind, e.text]),
        [['user', 'Say hello']],
      );
    });
  }

  it('tui_auth_401: the screen says the 401, and the detector names it auth', async () => {
    const lines = await screenLines('tui_auth_401');
    assert.ok(
      lines.some((l) => /^Error: 401 Incorrect API key provided/.test(l)),
      lines.join('\n'),
    );
    assert.deepStrictEqual(await screenTypes('tui_auth_401'), ['auth']);
  });

  it('tui_rate_limit_forever: each retried 429 is a status line on the screen, named rate_limit', async () => {
    const lines = await screenLines('tui_rate_limit_forever');
    assert.ok(lines.filter((l) => /^Request ID: req_\w+, Status: 429$/.test(l)).length >= 5, lines.join('\n'));
    assert.deepStrictEqual(await screenTypes('tui_rate_limit_forever'), ['rate_limit']);
  });

  it('tui_hang: nothing on the screen names a failure (only the live watchdog can see the hang)', async () => {
    assert.deepStrictEqual(await screenTypes('tui_hang'), []);
  });
});
