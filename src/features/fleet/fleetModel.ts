/**
 * The fleet as the Fleet section shows it: machines (each Prometheus target of Session Doctor watchers) with their live
 * sessions against the limit, and their troubled sessions (an open CRITICAL or HIGH finding, or stuck), from the metrics
 * of docs/fleet.md. No vscode import: unit-tested in plain mocha.
 */
import { PrometheusTarget, VectorSample, queryVector } from './prometheusApi';

/** A troubled session on a machine. */
export interface FleetSession {
  machine: string;
  session: string;
  agent: string;
  /** Open findings, worst first. */
  findings: { type: string; severity: string }[];
  stuck: boolean;
}

/** One machine. */
export interface FleetMachine {
  /** The `machine` label (else the `instance` label). */
  machine: string;
  /** False when Prometheus cannot scrape it (`up == 0`). */
  up: boolean;
  live: number;
  /** live / limit, when a limit is set. */
  usedRatio?: number;
  sessions: FleetSession[];
}

/** The queries the model is built from. */
export const FLEET_QUERIES = {
  up: 'up{job="session-doctor"} or max by (machine, instance) (session_doctor_live_sessions * 0 + 1)',
  live: 'session_doctor_live_sessions',
  ratio: 'session_doctor_concurrency_used_ratio',
  findings: 'session_doctor_session_open_findings{severity=~"CRITICAL|HIGH"} > 0',
  stuck: 'session_doctor_session_activity{state="stuck"}',
} as const;

const machineOf = (l: Readonly<Record<string, string>>) => l.machine || l.instance || '(unknown)';
const RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1 };

/** Builds the machines from the query results, worst first (a machine down, then CRITICAL, HIGH, stuck; then by name). */
export function buildFleet(r: Record<keyof typeof FLEET_QUERIES, readonly VectorSample[]>): FleetMachine[] {
  const machines = new Map<string, FleetMachine>();
  const machine = (l: Readonly<Record<string, string>>) => {
    const name = machineOf(l);
    let m = machines.get(name);
    if (!m) {
      m = { machine: name, up: true, live: 0, sessions: [] };
      machines.set(name, m);
    }
    return m;
  };
  for (const s of r.up) {
    machine(s.labels).up = s.value === 1;
  }
  for (const s of r.live) {
    machine(s.labels).live = s.value;
  }
  for (const s of r.ratio) {
    if (machine(s.labels).live > 0 || s.value > 0) {
      machine(s.labels).usedRatio = s.value;
    }
  }
  const session = (l: Readonly<Record<string, string>>) => {
    const m = machine(l);
    let x = m.sessions.find((y) => y.session === l.session);
    if (!x) {
      x = { machine: m.machine, session: l.session ?? '', agent: l.agent ?? '', findings: [], stuck: false };
      m.sessions.push(x);
    }
    return x;
  };
  for (const s of r.findings) {
    session(s.labels).findings.push({ type: s.labels.type ?? '', severity: s.labels.severity ?? '' });
  }
  for (const s of r.stuck) {
    session(s.labels).stuck = true;
  }
  const worst = (x: FleetSession) => Math.min(2 + (x.stuck ? 0 : 1), ...x.findings.map((f) => RANK[f.severity] ?? 9));
  for (const m of machines.values()) {
    m.sessions.forEach((x) => x.findings.sort((a, b) => (RANK[a.severity] ?? 9) - (RANK[b.severity] ?? 9)));
    m.sessions.sort((a, b) => worst(a) - worst(b) || a.session.localeCompare(b.session));
  }
  const mWorst = (m: FleetMachine) => (m.up ? Math.min(9, ...m.sessions.map(worst)) + 1 : 0);
  return [...machines.values()].sort((a, b) => mWorst(a) - mWorst(b) || a.machine.localeCompare(b.machine));
}

/** Runs the queries against Prometheus and builds the fleet; rejects with the first query's PrometheusError. */
export async function loadFleet(target: PrometheusTarget): Promise<FleetMachine[]> {
  const keys = Object.keys(FLEET_QUERIES) as (keyof typeof FLEET_QUERIES)[];
  const results = await Promise.all(keys.map((k) => queryVector(target, FLEET_QUERIES[k])));
  return buildFleet(Object.fromEntries(keys.map((k, i) => [k, results[i]])) as Record<keyof typeof FLEET_QUERIES, VectorSample[]>);
}
