/**
 * `session-doctor watch --metrics <host:port>`: serves the engine's state as Prometheus metrics on `GET /metrics`
 * through prom-client (text exposition format 0.0.4). The families, names and labels are src/core/metrics/catalog.ts;
 * their values are computed at each scrape from engine snapshots (src/core/metrics/collect.ts) and counters fed by the
 * engine's detections (src/core/metrics/counters.ts). Binds 127.0.0.1 unless another host is named.
 */
import * as fs from 'fs';
import * as http from 'http';
import { Counter, Gauge, Registry } from 'prom-client';
import { ConcurrencyMonitor } from '../core/alerting/concurrencyMonitor';
import { ConcurrencySettings, DEFAULT_CONCURRENCY_SETTINGS } from '../core/alerting/liveSessions';
import type { Clock, Engine, Subscription } from '../core/engine/engine';
import { DEFAULT_SESSION_LABEL_CAP, METRICS } from '../core/metrics/catalog';
import { LimitReading, collectGauges } from '../core/metrics/collect';
import { FleetCounters, MetricSample } from '../core/metrics/counters';
import { findUp } from './common';

/** The version of the nearest package.json named session-doctor ("0.0.0" if none), as `--version` prints it. */
export function watcherVersion(): string {
  const pkg = findUp('package.json', (p) => JSON.parse(fs.readFileSync(p, 'utf8')).name === 'session-doctor');
  return pkg ? String(JSON.parse(fs.readFileSync(pkg, 'utf8')).version) : '0.0.0';
}

/** Where to listen: a host (name or IP; IPv6 in brackets) and a TCP port (0: any free port). */
export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * Parses `--metrics`: `host:port`, `[v6]:port`, or a bare `port` (host 127.0.0.1). Throws an Error naming the expected
 * shape when the text is none of these or the port is not 0..65535.
 */
export function parseListenAddress(text: string): ListenAddress {
  const t = text.trim();
  const m = /^(\d+)$/.exec(t) ?? /^\[([0-9A-Fa-f:.]+)\]:(\d+)$/.exec(t) ?? /^([A-Za-z0-9.-]+):(\d+)$/.exec(t);
  const host = m && m.length === 3 ? m[1] : '127.0.0.1';
  const port = m ? Number(m[m.length - 1]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Expected host:port or a port (e.g. 127.0.0.1:9464), got "${text}".`);
  }
  return { host, port };
}

/** What the metrics server reads. */
export interface MetricsServerOptions {
  engine: Engine;
  clock: Clock;
  /** The watcher's version (`session_doctor_build_info`). */
  version: string;
  /** Concurrency settings for the live count and its limit (default: the extension's defaults, limit 10). */
  concurrency?: ConcurrencySettings;
  /** Most live sessions with per-session series (default {@link DEFAULT_SESSION_LABEL_CAP}). */
  sessionLabelCap?: number;
  /** The plan-limit windows of this machine at `nowMs` (see ./metricsLimits.ts); a throw counts as a watcher error. */
  limits?: (nowMs: number) => readonly LimitReading[];
}

/** Warnings of src/cli/watch.ts that are errors of the watcher (counted in `session_doctor_watch_errors_total`). */
const WATCH_ERROR = /^(?:Could not read|Could not save|Watch error|Discovery failed)/;

/** A running metrics endpoint. */
export class MetricsServer {
  private readonly registry = new Registry();
  private readonly families = new Map<string, Gauge | Counter>();
  private readonly counters = new FleetCounters();
  private readonly monitor: ConcurrencyMonitor;
  private readonly subscriptions: Subscription[];
  private lastIngestMs = 0;
  private server?: http.Server;

  constructor(private readonly o: MetricsServerOptions) {
    for (const spec of METRICS) {
      const config = { name: spec.name, help: spec.help, labelNames: [...spec.labels], registers: [this.registry] };
      this.families.set(spec.name, spec.type === 'counter' ? new Counter(config) : new Gauge(config));
    }
    this.monitor = new ConcurrencyMonitor(o.clock);
    this.subscriptions = [
      o.engine.onDidDetect((e) => this.counters.noteDetection(e.session.agent, e.finding.type, e.finding.severity)),
      o.engine.onDidChange(() => (this.lastIngestMs = o.clock.now())),
    ];
    this.counters.observeAudit(o.engine.audit(1000));
  }

  /** A `warn` that also counts the watcher's errors among the warnings it passes on. */
  countingWarn(warn: (s: string) => void): (s: string) => void {
    return (s) => {
      if (WATCH_ERROR.test(s)) {
        this.counters.noteError();
      }
      warn(s);
    };
  }

  /** The samples of one scrape, computed now (counters and gauges). */
  samples(): MetricSample[] {
    const { engine, clock } = this.o;
    const sessions = engine.snapshot();
    const settings = this.o.concurrency ?? DEFAULT_CONCURRENCY_SETTINGS;
    const marks = engine.sessionMarks();
    const status = this.monitor.evaluate(
      sessions.map((s) => ({ id: s.id, lastActivity: s.lastActivity, title: s.title, project: s.project })),
      settings,
      { process: (id) => engine.agentProcess(id), closedAt: (id) => marks.closed.get(id) },
      () => true,
    );
    this.counters.observeSessions(sessions);
    this.counters.observeAudit(engine.audit(1000));
    let limits: readonly LimitReading[] = [];
    try {
      limits = this.o.limits?.(clock.now()) ?? [];
    } catch {
      this.counters.noteError();
    }
    return [
      ...collectGauges({
        nowMs: clock.now(),
        sessions,
        liveIds: new Set(status.liveIds),
        limit: status.limit,
        limitHitAtMs: status.prediction?.atMs,
        sessionLabelCap: this.o.sessionLabelCap ?? DEFAULT_SESSION_LABEL_CAP,
        lastIngestMs: this.lastIngestMs,
        version: this.o.version,
        limits,
      }),
      ...this.counters.samples(),
    ];
  }

  /** The exposition text of one scrape (Prometheus text format). */
  async scrape(): Promise<string> {
    for (const f of this.families.values()) {
      f.reset();
    }
    for (const s of this.samples()) {
      const f = this.families.get(s.name);
      if (f instanceof Counter) {
        f.inc(s.labels, s.value);
      } else if (f) {
        f.set(s.labels, s.value);
      }
    }
    return this.registry.metrics();
  }

  /** Listens on `address` (GET /metrics; anything else 404); resolves to the bound address. Rejects when it cannot listen. */
  listen(address: ListenAddress): Promise<ListenAddress> {
    const server = http.createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: try /metrics\n');
        return;
      }
      this.scrape().then(
        (text) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(text),
        (e) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`Scrape failed: ${e instanceof Error ? e.message : String(e)}\n`),
      );
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (e) => reject(new Error(`Cannot serve metrics on ${address.host}:${address.port}: ${e.message}`)));
      server.listen(address.port, address.host, () => {
        const a = server.address();
        resolve({ host: address.host, port: typeof a === 'object' && a ? a.port : address.port });
      });
    });
  }

  /** Stops listening and detaches from the engine. */
  async close(): Promise<void> {
    this.subscriptions.forEach((s) => s.dispose());
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
