/**
 * Stale session ids and resume loops on real Claude Code output (stale_resume.stdout.txt, ./healthFixtures.ts). Time
 * moves with a FakeClock.
 */
import * as assert from 'assert';
import { Engine, staleSessionIdIn } from '../../../../src/core/engine/engine';
import { resolveRecipes } from '../../../../src/core/recovery/recipes';
import { Store } from '../../../../src/core/store/store';
import { actionsForFinding } from '../../../../src/core/recovery/findingActions';
import { newEngine, sqlJs } from '../../helpers';
import { MIN, lines, eventsOf, replay, lastTs } from './healthFixtures';

describe('stale sessions and resume loops (stale_resume.stdout.txt)', () => {
  const printed = lines('stale_resume.stdout.txt').find((l) => l.startsWith('No conversation found'))!;
  const staleId = '9b0e5b6b-f7f3-462d-85c4-c8c66e1ab348';

  it('names the id the error is about', () => {
    assert.strictEqual(staleSessionIdIn(printed), staleId);
    assert.strictEqual(staleSessionIdIn('error_during_execution'), undefined);
  });

  it('one failed resume: HIGH, clear stale session, resume broken; a second: a resume loop, CRITICAL', async () => {
    const { engine, clock } = await newEngine();
    engine.updateSession(staleId, { agent: 'claude-code', title: 'the session that expired' });
    const first = engine.ingestText('terminal-1', printed, { agent: 'claude-code' });
    assert.strictEqual(first[0].type, 'stale_session');
    assert.strictEqual(first[0].severity, 'HIGH');
    assert.strictEqual(first[0].strategy, 'clear_stale_session');
    assert.strictEqual(engine.session('terminal-1')!.resumeBroken, true);
    assert.strictEqual(engine.session(staleId)!.resumeBroken, true, 'the dead id itself is marked');
    clock.advance(10 * MIN);
    const second = engine.ingestText('terminal-1', printed, { agent: 'claude-code' });
    assert.strictEqual(second[0].severity, 'CRITICAL');
    assert.strictEqual(second[0].strategy, 'clear_stale_session', 'never retry the same id');
    assert.match(second[0].escalation, new RegExp(`resume of ${staleId} failed 2 times: a resume loop`));
    // A session the error did not name is not marked.
    engine.updateSession('other', { agent: 'claude-code' });
    assert.strictEqual(engine.session('other')!.resumeBroken, false);
  });

  it('a session that appears after its id failed to resume is marked too', async () => {
    const { engine } = await newEngine();
    engine.ingestText('terminal-3', printed, { agent: 'claude-code' });
    engine.updateSession(staleId, { agent: 'claude-code' });
    assert.strictEqual(engine.session(staleId)!.resumeBroken, true);
  });

  it('the tree never offers restart-with-resume for a session whose resume failed', async () => {
    const { engine, clock } = await newEngine({ health: { maxMessages: 20 } });
    const ls = replay('tool_use.jsonl', 3, 10 * MIN, 'resumable');
    clock.t = lastTs(ls);
    engine.ingest(eventsOf(ls), { live: true });
    const marathon = () => engine.session('resumable')!.findings.find((f) => f.type === 'marathon_session')!;
    assert.deepStrictEqual(actionsForFinding(marathon(), engine.session('resumable')!, clock.now()), [
      'compact',
      'restart',
      'acknowledge',
      'snooze',
    ]);
    engine.ingestText('resumable', 'No conversation found with session ID: resumable-0000', { agent: 'claude-code' });
    const s = engine.session('resumable')!;
    assert.strictEqual(s.resumeBroken, true);
    assert.deepStrictEqual(actionsForFinding(marathon(), s, clock.now()), ['compact', 'acknowledge', 'snooze']);
    const stale = s.findings.find((f) => f.type === 'stale_session')!;
    assert.deepStrictEqual(actionsForFinding(stale, s, clock.now()), ['clearStale', 'acknowledge', 'snooze']);
  });

  it("the tree follows the user's recipes: a step the user's recipe leaves empty is not offered", async () => {
    const { engine, clock } = await newEngine({ health: { maxMessages: 20 } });
    const ls = replay('tool_use.jsonl', 3, 10 * MIN, 'no-compact');
    clock.t = lastTs(ls);
    engine.ingest(eventsOf(ls), { live: true });
    const s = engine.session('no-compact')!;
    const marathon = s.findings.find((f) => f.type === 'marathon_session')!;
    const { recipes, problems } = resolveRecipes({ 'claude-code': { compact: '' } });
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(actionsForFinding(marathon, s, clock.now(), recipes), ['restart', 'acknowledge', 'snooze']);
  });

  it('stays marked after a restart of the extension (store round trip)', async () => {
    const { engine, store } = await newEngine();
    engine.ingestText('terminal-2', printed, { agent: 'claude-code' });
    const reopened = new Engine(Store.open(await sqlJs(), store.export()));
    assert.strictEqual(reopened.session('terminal-2')!.resumeBroken, true);
  });
});
