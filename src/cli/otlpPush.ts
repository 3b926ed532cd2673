/**
 * `session-doctor watch --otlp <url>`: pushes the same metrics as `--metrics` (src/core/metrics/catalog.ts, computed by
 * {@link MetricsServer.samples}) to an OpenTelemetry collector over OTLP/HTTP, with the OpenTelemetry JS metrics SDK
 * (a MeterProvider with a PeriodicExportingMetricReader) and its OTLP HTTP exporter (JSON encoding, cumulative
 * temporality). Gauges become OTel gauges, `_total` families monotonic sums; names, label names and values are those of
 * the Prometheus exposition. Headers (e.g. an API key) come from the standard `OTEL_EXPORTER_OTLP_HEADERS` or
 * `OTEL_EXPORTER_OTLP_METRICS_HEADERS` environment variables, read by the exporter; never from the command line.
 */
import * as os from 'os';
import type { Attributes, BatchObservableResult, Observable } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { METRICS } from '../core/metrics/catalog';
import type { MetricSample } from '../core/metrics/counters';

/** Default period between pushes, ms. */
export const DEFAULT_OTLP_INTERVAL_MS = 15_000;

/**
 * The metrics endpoint for `text`: an http(s) URL; a URL without a path (`http://collector:4318`) gets the standard
 * `/v1/metrics`. Throws an Error naming the expected shape for anything else.
 */
export function otlpMetricsUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`Expected an http(s) URL of an OTLP/HTTP collector (e.g. http://127.0.0.1:4318), got "${text}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Expected an http(s) URL of an OTLP/HTTP collector (e.g. http://127.0.0.1:4318), got "${text}".`);
  }
  if (url.username || url.password) {
    throw new Error('Put the collector credentials in OTEL_EXPORTER_OTLP_HEADERS, not in the --otlp URL.');
  }
  if (url.pathname === '/' || url.pathname === '') {
    url.pathname = '/v1/metrics';
  }
  return url.toString();
}

/** The OTel unit of a family, from its name's suffix (UCUM). */
function unitOf(name: string): string {
  return name.endsWith('_seconds') ? 's' : name.endsWith('_usd') ? 'USD' : name.endsWith('_ratio') ? '1' : '';
}

/** Options of {@link OtlpPusher}. */
export interface OtlpPusherOptions {
  /** The collector's metrics URL (see {@link otlpMetricsUrl}). */
  url: string;
  /** The samples of one collection (src/cli/metricsServer.ts `MetricsServer.samples`). */
  samples: () => MetricSample[];
  /** The watcher's version (resource attribute `service.version`). */
  version: string;
  /** Period between pushes, ms (default {@link DEFAULT_OTLP_INTERVAL_MS}). */
  intervalMs?: number;
  /** Request timeout, ms (default 10 s, at most the interval). */
  timeoutMs?: number;
}

/** Pushes the metrics every interval until {@link OtlpPusher.close}, which pushes once more. */
export class OtlpPusher {
  private readonly provider: MeterProvider;

  constructor(o: OtlpPusherOptions) {
    const intervalMs = o.intervalMs ?? DEFAULT_OTLP_INTERVAL_MS;
    const timeoutMs = Math.min(o.timeoutMs ?? 10_000, intervalMs);
    this.provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'session-doctor', 'service.version': o.version, 'host.name': os.hostname() }),
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: o.url, timeoutMillis: timeoutMs }),
          exportIntervalMillis: intervalMs,
          exportTimeoutMillis: timeoutMs,
        }),
      ],
    });
    const meter = this.provider.getMeter('session-doctor', o.version);
    const instruments = new Map<string, Observable>();
    for (const spec of METRICS) {
      const options = { description: spec.help, unit: unitOf(spec.name) };
      instruments.set(
        spec.name,
        spec.type === 'counter' ? meter.createObservableCounter(spec.name, options) : meter.createObservableGauge(spec.name, options),
      );
    }
    // One computation of the samples per collection, observed into every family.
    meter.addBatchObservableCallback(
      (result: BatchObservableResult) => {
        for (const s of o.samples()) {
          const instrument = instruments.get(s.name);
          if (instrument && Number.isFinite(s.value)) {
            result.observe(instrument, s.value, s.labels as Attributes);
          }
        }
      },
      [...instruments.values()],
    );
  }

  /** Pushes what is due now (resolves when the collector answered or the export failed). */
  async flush(): Promise<void> {
    await this.provider.forceFlush();
  }

  /** Pushes a last time and stops. */
  async close(): Promise<void> {
    await this.provider.shutdown();
  }
}
