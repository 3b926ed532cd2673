/**
 * The store's one snooze model (table `snoozes`): a snooze scoped to a finding is the finding's `snoozedUntil`; one
 * scoped to a session's failure type is a silence; both live in one table and are kept apart where the public methods
 * read them.
 */
import * as assert from 'assert';
import { silenceFor } from '../../../../src/core/alerting/alerts';
import { Store } from '../../../../src/core/store/store';
import { sqlJs } from '../../helpers';

/** A store with session `s1` and one `auth` finding (id 1) last seen at `ts`. */
async function storeWithFinding(ts = 1000): Promise<Store> {
  const store = Store.open(await sqlJs());
  store.ensureSession('s1', 'claude-code', '', 'p', ts);
  store.insertFinding({
    sessionId: 's1',
    type: 'auth',
    severity: 'CRITICAL',
    strategy: 'halt_and_notify',
    ts,
    text: '401',
    escalation: '',
  });
  return store;
}

/** Every row of the table `snoozes` as [finding id or null, session, type, until ms], read from the exported file. */
async function rows(store: Store): Promise<unknown[][]> {
  const db = new (await sqlJs()).Database(store.export());
  try {
    return db.exec('SELECT finding_id, session_id, failure_type, until_ms FROM snoozes ORDER BY id')[0]?.values ?? [];
  } finally {
    db.close();
  }
}

describe('store: one snooze model', () => {
  it('a finding snooze is read back as snoozedUntil, replaces the earlier one, and is not a silence', async () => {
    const store = await storeWithFinding();
    assert.strictEqual(store.finding(1)!.snoozedUntil, 0);
    store.snoozeFinding(1, 5000);
    assert.strictEqual(store.finding(1)!.snoozedUntil, 5000);
    assert.strictEqual(store.findings('s1')[0].snoozedUntil, 5000);
    assert.strictEqual(store.activeFinding('s1', 'auth')!.snoozedUntil, 5000);
    store.snoozeFinding(1, 9000);
    assert.strictEqual(store.finding(1)!.snoozedUntil, 9000, 'the newer snooze replaces the older');
    assert.deepStrictEqual(store.silences(), []);
    store.snoozeFinding(42, 9000);
    assert.deepStrictEqual(await rows(store), [[1, 's1', 'auth', 9000]], 'one row per finding; an unknown finding is ignored');
    store.close();
  });

  it('a silence and a finding snooze live side by side; deleting a silence leaves the finding snoozed', async () => {
    const store = await storeWithFinding();
    store.snoozeFinding(1, 5000);
    const silence = store.insertSilence(silenceFor('15m', 's1', 'auth', 0, 1000));
    assert.deepStrictEqual(store.silences(), [silence]);
    assert.deepStrictEqual(await rows(store), [
      [1, 's1', 'auth', 5000],
      [null, 's1', 'auth', 1000 + 15 * 60_000],
    ]);
    store.deleteSilence(silence.id);
    store.deleteSilence(1);
    assert.deepStrictEqual(store.silences(), []);
    assert.strictEqual(store.finding(1)!.snoozedUntil, 5000, 'a silence id never deletes a finding snooze');
    store.close();
  });

  it('the finding keeps its snooze through a status change and loses it with the finding at retention', async () => {
    const store = await storeWithFinding(1000);
    store.snoozeFinding(1, 5000);
    store.setFindingStatus(1, 'acknowledged');
    assert.strictEqual(store.finding(1)!.snoozedUntil, 5000);
    store.prune('s1', 100, 2000);
    assert.strictEqual(store.finding(1), undefined);
    assert.deepStrictEqual(await rows(store), [], 'the snooze went with its finding');
    // A later finding (a new id; ids are never reused) starts unsnoozed.
    const next = store.insertFinding({
      sessionId: 's1',
      type: 'auth',
      severity: 'CRITICAL',
      strategy: 'halt_and_notify',
      ts: 3000,
      text: '401',
      escalation: '',
    });
    assert.strictEqual(next.snoozedUntil, 0);
    const again = Store.open(await sqlJs(), store.export());
    assert.strictEqual(again.finding(next.id)!.snoozedUntil, 0);
    again.close();
    store.close();
  });
});
