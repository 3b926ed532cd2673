/**
 * The session panel's data: the session's header (from the engine's snapshot), its timeline (re-read from the transcript
 * by {@link TimelineBuilder}), the finding and recovery markers, the predicted context overflow, and each finding with its
 * evidence and the recovery buttons the Sessions tree offers for it. Pure module.
 */
import { contextWindowFor } from '../agents/contextWindows';
import { STRATEGY_LABELS } from '../model/failures';
import type { AuditEntry, FindingSnapshot, SessionSnapshot } from '../model/snapshot';
import { actionsForFinding, isSnoozed } from '../recovery/findingActions';
import { ACTION_INFO, capabilitiesOf, recoveryFlagsOf, recoveryStepsFor } from '../recovery/recoveryActions';
import type { RecipeTable } from '../recovery/recipes';
import { sessionRow } from './overview';
import type { FindingView, SessionDelta, SessionHeader, SessionPanelModel, TimelineCursor, TimelineData, TimelinePoint } from './protocol';
import { timelineTail } from './protocol';
import { oneLine, predictOverflow } from './timeline';

/** What the panel needs besides the session and its timeline. */
export interface SessionPanelInput {
  now: number;
  /** `context.warnPercent`. */
  warnPercent: number;
  /** The effective recipes (`sessionDoctor.recipes` over the built-in ones). */
  recipes?: RecipeTable;
  /** The session's recovery audit rows (any order). */
  audit: readonly AuditEntry[];
  /** False when no transcript was read (the timeline is empty). */
  fromTranscript: boolean;
}

/** Longest evidence line sent to the page, characters. */
const MAX_EVIDENCE = 2000;

/**
 * The panel's header. Its recovery buttons are the session menu's of the Sessions tree ({@link capabilitiesOf} with the
 * session's flags, `recipes` defaulting to the built-in ones), none marked recommended: each finding has its own.
 */
export function sessionHeader(s: SessionSnapshot, warnPercent: number, recipes?: RecipeTable): SessionHeader {
  return {
    ...sessionRow(s),
    title: s.title,
    cwd: s.cwd,
    file: s.file,
    model: s.model,
    activityDetail: s.activity.detail,
    windowTokens: s.context?.windowTokens ?? (s.model ? contextWindowFor(s.model) : 0),
    warnPercent,
    ...(s.context?.turnsLeft !== undefined ? { turnsLeft: s.context.turnsLeft } : {}),
    actions: capabilitiesOf(s.agent, recipes, recoveryFlagsOf(s)).map((action) => ({
      action,
      label: ACTION_INFO[action].label,
      detail: ACTION_INFO[action].detail,
      recommended: false,
    })),
  };
}

/** A finding with its recovery buttons. */
export function findingView(f: FindingSnapshot, s: SessionSnapshot, now: number, recipes?: RecipeTable): FindingView {
  const recommended = recoveryStepsFor(f.strategy, s.agent, recipes, recoveryFlagsOf(s))[0];
  return {
    id: f.id,
    type: f.type,
    title: f.title,
    severity: f.severity,
    status: isSnoozed(f, now) ? 'snoozed' : f.status,
    count: f.count,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    evidence: f.lastText.length > MAX_EVIDENCE ? f.lastText.slice(0, MAX_EVIDENCE - 1) + '…' : f.lastText,
    hasLine: !!f.file && f.offset !== undefined,
    strategy: STRATEGY_LABELS[f.strategy],
    escalation: f.escalation,
    actions: actionsForFinding(f, s, now, recipes).map((action) => ({
      action,
      label: ACTION_INFO[action].label,
      detail: ACTION_INFO[action].detail,
      recommended: action === recommended,
    })),
  };
}

/** Finding markers (first seen, and last seen when later) and recovery markers (audit rows other than "offered"). */
export function markersOf(s: SessionSnapshot, audit: readonly AuditEntry[]): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  for (const f of s.findings) {
    const base = { lane: 'finding' as const, findingId: f.id, severity: f.severity };
    points.push({ ...base, t: f.firstSeen, label: oneLine(`${f.title} (${f.severity})`) });
    if (f.lastSeen > f.firstSeen) {
      points.push({ ...base, t: f.lastSeen, label: oneLine(`${f.title} ×${f.count} (${f.severity})`) });
    }
  }
  for (const a of audit) {
    if (a.sessionId !== s.id || a.outcome === 'offered') {
      continue;
    }
    const what = a.strategy in STRATEGY_LABELS ? STRATEGY_LABELS[a.strategy as keyof typeof STRATEGY_LABELS] : a.strategy;
    points.push({
      t: a.timestamp,
      lane: 'recovery',
      label: oneLine(`${what}: ${a.outcome} (${a.actor})${a.detail ? ` — ${a.detail}` : ''}`),
      ...(a.findingId !== undefined ? { findingId: a.findingId } : {}),
    });
  }
  return points.sort((a, b) => a.t - b.t);
}

/** Everything the panel shows, with the whole timeline. */
export function buildSessionPanel(s: SessionSnapshot, timeline: TimelineData, input: SessionPanelInput): SessionPanelModel {
  const header = sessionHeader(s, input.warnPercent, input.recipes);
  const overflowAt = predictOverflow(timeline.context, header.windowTokens);
  return {
    header,
    source: input.fromTranscript ? 'transcript' : 'none',
    timeline,
    markers: markersOf(s, input.audit),
    ...(overflowAt !== undefined ? { overflowAt } : {}),
    findings: s.findings.map((f) => findingView(f, s, input.now, input.recipes)),
  };
}

/** An update for a page whose timeline ends at `from`. */
export function buildSessionDelta(
  s: SessionSnapshot,
  timeline: TimelineData,
  from: TimelineCursor,
  input: SessionPanelInput,
): SessionDelta {
  const full = buildSessionPanel(s, { ...timeline, points: [] }, input);
  const overflowAt = predictOverflow(timeline.context, full.header.windowTokens);
  return {
    header: full.header,
    markers: full.markers,
    ...(overflowAt !== undefined ? { overflowAt } : {}),
    findings: full.findings,
    from,
    tail: timelineTail(timeline, from),
  };
}
