/**
 * A read-only client of Prometheus's HTTP API: instant queries (`GET /api/v1/query`), the JSON shape of Prometheus 2.x
 * (`{"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[<unix s>,"<value>"]}]}}`; see
 * https://prometheus.io/docs/prometheus/latest/querying/api/). No vscode import: unit-tested in plain mocha.
 */

/** One series of an instant vector: its labels and its value. */
export interface VectorSample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** Where Prometheus is and how to authenticate. */
export interface PrometheusTarget {
  /** Base URL without credentials, e.g. `https://prometheus.example:9090` (a path prefix is kept). */
  url: string;
  /** Value of the Authorization header (`Basic ...` or `Bearer ...`), from SecretStorage; none when undefined. */
  authorization?: string;
  /** Abort the request after this many ms (default 10,000). */
  timeoutMs?: number;
}

/** A failed query: HTTP error, Prometheus error (`errorType`), a result that is not a vector, or no answer in time. */
export class PrometheusError extends Error {}

/**
 * Splits credentials out of a URL (`https://user:pass@host/` -> the URL without them and a Basic authorization), so
 * they go to SecretStorage and never stay in settings. Throws a {@link PrometheusError} for a URL that does not parse or
 * is not http(s).
 */
export function splitCredentials(url: string): { url: string; authorization?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PrometheusError('The Prometheus URL does not parse (it is not shown: it may hold credentials).');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new PrometheusError(`Only http and https are supported, not ${u.protocol}`);
  }
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  const clean = u.toString().replace(/\/$/, '');
  return user || pass ? { url: clean, authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` } : { url: clean };
}

/**
 * The Authorization header value for these answers: `Basic base64(user:password)` with a user name, `Bearer <token>`
 * with only a password (a token), undefined when both are empty (clear). Surrounding spaces of the user are dropped;
 * the password is kept as typed. Throws an Error for a user name with a colon (Basic cannot carry it).
 */
export function fleetAuthorization(user: string, password: string): string | undefined {
  const u = user.trim();
  if (u.includes(':')) {
    throw new Error('A user name for Basic authentication cannot contain ":".');
  }
  if (u) {
    return `Basic ${Buffer.from(`${u}:${password}`, 'utf8').toString('base64')}`;
  }
  return password ? `Bearer ${password}` : undefined;
}

/** Runs one instant query; resolves to its vector samples (NaN values kept). Rejects with a {@link PrometheusError}. */
export async function queryVector(target: PrometheusTarget, promql: string): Promise<VectorSample[]> {
  const url = `${target.url.replace(/\/$/, '')}/api/v1/query?query=${encodeURIComponent(promql)}`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (target.authorization) {
    headers.Authorization = target.authorization;
  }
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(target.timeoutMs ?? 10_000) });
  } catch (e) {
    throw new PrometheusError(`Prometheus at ${target.url} did not answer: ${e instanceof Error ? e.message : String(e)}`);
  }
  const text = await res.text();
  let body: { status?: string; error?: string; errorType?: string; data?: { resultType?: string; result?: unknown } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new PrometheusError(`Prometheus at ${target.url} answered HTTP ${res.status} with no JSON (${text.slice(0, 80)})`);
  }
  if (body.status !== 'success') {
    throw new PrometheusError(`Prometheus: ${body.errorType ?? `HTTP ${res.status}`}: ${body.error ?? 'query failed'}`);
  }
  if (body.data?.resultType !== 'vector' || !Array.isArray(body.data.result)) {
    throw new PrometheusError(`Prometheus: expected a vector, got ${body.data?.resultType ?? 'nothing'}`);
  }
  const out: VectorSample[] = [];
  for (const r of body.data.result as { metric?: Record<string, string>; value?: [number, string] }[]) {
    if (r && typeof r.metric === 'object' && Array.isArray(r.value)) {
      out.push({ labels: r.metric, value: Number(r.value[1]) });
    }
  }
  return out;
}
