/**
 * What the engine keeps besides findings, as plain pass-throughs to the store: the user's actions on findings
 * (acknowledge, snooze), the recovery audit log, message-count resets, where each file was read to, alert silences,
 * session marks (priority, closed by a cleanup), and the change and detection events. {@link Engine} extends it.
 * Pure module.
 */
import type { Silence } from '../alerting/alerts';
import { redactSecrets } from '../ingest/redact';
import type { AuditEntry, MessageReset } from '../model/snapshot';
import type { FileState, Store } from '../store/store';
import type { Clock, DetectEvent, Subscription } from './config';
import { Listeners } from './listeners';

/** The store-backed records of the engine (see the module comment). */
export class EngineRecords {
  protected readonly listeners = new Listeners();

  constructor(
    protected readonly store: Store,
    protected readonly clock: Clock,
  ) {}

  /** The newest message-count resets (idle, daily, message_limit), newest first. */
  messageResets(limit = 50, sessionId?: string): MessageReset[] {
    return this.store.messageResets(limit, sessionId);
  }

  // ---- user actions --------------------------------------------------------------------------------------------------

  /** Marks a finding acknowledged (it stays visible, no more notifications unless its severity rises). */
  acknowledge(findingId: number, actor: 'user' | 'auto'): void {
    const f = this.store.finding(findingId);
    if (!f) {
      return;
    }
    this.store.setFindingStatus(findingId, 'acknowledged');
    this.store.insertAudit({
      timestamp: this.clock.now(),
      sessionId: f.sessionId,
      findingId,
      failureType: f.type,
      strategy: 'acknowledge',
      outcome: 'taken',
      actor,
      detail: '',
    });
    this.fireChange([f.sessionId]);
  }

  /** Silences a finding's notifications until `untilMs` (epoch ms). */
  snooze(findingId: number, untilMs: number): void {
    const f = this.store.finding(findingId);
    if (!f) {
      return;
    }
    this.store.snoozeFinding(findingId, untilMs);
    this.store.insertAudit({
      timestamp: this.clock.now(),
      sessionId: f.sessionId,
      findingId,
      failureType: f.type,
      strategy: 'snooze',
      outcome: 'taken',
      actor: 'user',
      detail: `until ${new Date(untilMs).toISOString()}`,
    });
    this.fireChange([f.sessionId]);
  }

  /** Writes a recovery step to the audit log. A succeeded recovery resolves its finding. */
  recordRecovery(entry: Omit<AuditEntry, 'id' | 'timestamp'>): void {
    this.store.insertAudit({ ...entry, detail: redactSecrets(entry.detail), timestamp: this.clock.now() });
    if (entry.outcome === 'succeeded' && entry.findingId !== undefined) {
      this.store.setFindingStatus(entry.findingId, 'resolved');
    }
    this.fireChange([entry.sessionId]);
  }

  /** The newest audit rows, newest first. */
  audit(limit = 50, sessionId?: string): AuditEntry[] {
    return this.store.audit(limit, sessionId);
  }

  /** Tailer offsets (kept in the store so a restart resumes where it stopped). */
  fileState(path: string): FileState | undefined {
    return this.store.fileState(path);
  }

  setFileState(state: FileState): void {
    this.store.setFileState(state);
  }

  deleteFileState(path: string): void {
    this.store.deleteFileState(path);
  }

  // ---- events --------------------------------------------------------------------------------------------------------

  /** Listens for changed sessions (ids; empty means "everything may have changed"). */
  onDidChange(listener: (sessionIds: string[]) => void): Subscription {
    return this.listeners.onDidChange(listener);
  }

  /** Listens for findings that are new or rose in severity. */
  onDidDetect(listener: (e: DetectEvent) => void): Subscription {
    return this.listeners.onDidDetect(listener);
  }

  protected fireChange(ids: string[]): void {
    this.listeners.changed(ids);
  }

  // ---- alert silences and session marks (pass-throughs to the store; rules in alerts.ts and concurrency.ts) -----------

  /** Stores a silence (snooze) and returns it with its id; survives a restart. */
  addSilence(s: Silence): Silence {
    const stored = this.store.insertSilence(s);
    this.fireChange(s.sessionId ? [s.sessionId] : []);
    return stored;
  }

  /** Every stored silence, oldest first (lifted ones are removed by the notifier with {@link removeSilence}). */
  silences(): Silence[] {
    return this.store.silences();
  }

  /** Deletes a silence by id. */
  removeSilence(id: number): void {
    this.store.deleteSilence(id);
  }

  /** Marks a session priority (never cleaned up) or clears the mark. */
  setPriority(sessionId: string, priority: boolean): void {
    this.store.setPriorityMark(sessionId, priority);
    this.fireChange([sessionId]);
  }

  /** Records that a cleanup closed the session now (it stops counting as live until it has new activity). */
  closeSession(sessionId: string): void {
    this.store.setClosedMark(sessionId, this.clock.now());
    this.fireChange([sessionId]);
  }

  /** Sessions marked priority, and when sessions were closed by a cleanup (epoch ms). */
  sessionMarks(): { priority: string[]; closed: Map<string, number> } {
    return this.store.sessionMarks();
  }
}
