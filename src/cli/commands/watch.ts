/** `session-doctor watch`: follows files and folders live and prints findings as they come (see ../watch.ts). */
import { Command, Option } from 'commander';
import * as path from 'path';
import { memoryStore } from '../../host/node/storeFile';
import { ALL_TIME_MS, newEngine } from '../common';
import { CliContext, UsageError, defaultRootList, positiveNumber, requireFormat } from '../context';
import { ignoredOutsideScopes } from '../watchScope';
import { FileIngestor, discoverDefaultRoots, discoverUnder, expandPaths, formatIds } from '../files';
import { limitReadings } from '../metricsLimits';
import type * as MetricsServerModule from '../metricsServer';
import type * as OtlpPushModule from '../otlpPush';
import { resumeHint } from '../limits';
import { findingJson, redactedJson, renderDetection } from '../render';
import { watchFiles } from '../watch';

/** Options of `watch`. */
interface WatchCommandOptions {
  json?: boolean;
  format?: string;
  sinceNow?: boolean;
  poll?: number;
  metrics?: string;
  otlp?: string;
  otlpInterval?: number;
}

/** Adds `watch` to `program`. */
export function addWatchCommand(program: Command, ctx: CliContext): void {
  program
    .command('watch')
    .description(
      "follow files and folders live (appended lines, new files; none: every agent's default folder) and print findings as they come; Ctrl+C ends",
    )
    .argument('[paths...]', "files or folders (default: the agents' own folders, e.g. ~/.claude/projects)")
    .option('--json', 'print one JSON object per finding')
    .addOption(new Option('--format <id>', `read every file as this kind: ${formatIds().join(', ')}`))
    .option('--since-now', 'do not print findings from what the files already hold (they still count for repeats)')
    .addOption(new Option('--poll <ms>', 'poll the files every this many ms instead of using file-system events').argParser(positiveNumber))
    .option(
      '--metrics <host:port>',
      'serve Prometheus metrics on http://<host:port>/metrics (a bare port binds 127.0.0.1; see docs/fleet.md)',
    )
    .option(
      '--otlp <url>',
      'push the same metrics to an OpenTelemetry collector over OTLP/HTTP (e.g. http://127.0.0.1:4318; see docs/fleet.md)',
    )
    .addOption(new Option('--otlp-interval <seconds>', 'seconds between OTLP pushes (default 15)').argParser(positiveNumber))
    .action((paths: string[], opts: WatchCommandOptions, cmd: Command) => watch(ctx, paths, opts, cmd));
}

async function watch(ctx: CliContext, paths: string[], opts: WatchCommandOptions, cmd: Command): Promise<void> {
  const { io, clock } = ctx;
  const forced = opts.format ? requireFormat(opts.format) : undefined;
  let targets = paths.map((p) => path.resolve(io.cwd, p));
  let discover: (() => Promise<void>) | undefined;
  let ignore: ((p: string, isDir?: boolean) => boolean) | undefined;
  const otlpUrl = opts.otlp !== undefined ? checkedOtlpUrl(opts.otlp) : undefined;
  const storeFile = ctx.explicitStorePath(cmd);
  const store = storeFile ? (await ctx.openStore(storeFile)).store : await memoryStore();
  const engine = newEngine(store, { activeWindowMs: ALL_TIME_MS }, clock);
  const ingestor = new FileIngestor(engine, forced);
  const metrics =
    opts.metrics || otlpUrl
      ? new (metricsServerModule().MetricsServer)({
          engine,
          clock,
          version: metricsServerModule().watcherVersion(),
          limits: limitReadings(io.env, ctx.rootContext().home),
        })
      : undefined;
  if (paths.length === 0) {
    const found = await discoverDefaultRoots(ctx.rootContext(), 0, forced);
    if (found.roots.length === 0) {
      store.close();
      throw new UsageError(`No paths given, and no agent folder exists here (${defaultRootList(ctx)}).`);
    }
    found.files.forEach((f) => ingestor.hint(f));
    targets = found.roots.map((r) => r.root);
    ignore = ignoredOutsideScopes(found.roots.map((r) => ({ root: r.root, glob: r.glob })));
    // A new file under a default root: each kind's own discovery tells whether it is one of its transcripts.
    discover = async () =>
      (await discoverDefaultRoots(ctx.rootContext(), clock.now() - 3600_000, forced)).files.forEach((f) => ingestor.hint(f));
  } else {
    const { missing } = await expandPaths(paths, io.cwd);
    if (missing.length > 0) {
      store.close();
      throw new UsageError(`No such file or folder: ${missing.join(', ')}`);
    }
    // Sessions named as the extension names them when it follows these folders (each kind's discovery), new files too.
    discover = async () => (await discoverUnder(paths, io.cwd, 0, forced)).forEach((f) => ingestor.hintName(f));
    await discover();
  }
  engine.onDidDetect((e) => {
    if (opts.sinceNow && !e.live) {
      return;
    }
    // A usage limit with a reset time: when the session can resume (nothing is scheduled from here).
    const hint = resumeHint(e.finding, clock.now(), io.env.TZ || undefined);
    ctx.print(
      opts.json
        ? redactedJson({
            ...findingJson(e.finding),
            agent: e.session.agent,
            project: e.session.project,
            live: e.live,
            ...(hint ? { resumesAt: new Date(hint.resetsAt).toISOString() } : {}),
          }) + '\n'
        : renderDetection(e, io.cwd) + (hint?.line ?? ''),
    );
  });
  if (metrics && opts.metrics) {
    const at = await metrics.listen(metricsServerModule().parseListenAddress(opts.metrics)).catch(async (e) => {
      store.close();
      throw new UsageError(e instanceof Error ? e.message : String(e));
    });
    ctx.warn(`Serving metrics on http://${at.host.includes(':') ? `[${at.host}]` : at.host}:${at.port}/metrics`);
  }
  const otlp =
    metrics && otlpUrl
      ? new (otlpPushModule().OtlpPusher)({
          url: otlpUrl,
          samples: () => metrics.samples(),
          version: metricsServerModule().watcherVersion(),
          intervalMs: opts.otlpInterval && opts.otlpInterval * 1000,
        })
      : undefined;
  if (otlp) {
    ctx.warn(`Pushing metrics to ${otlpUrl} every ${opts.otlpInterval ?? 15} s`);
  }
  await watchFiles(targets, ingestor, {
    store,
    storeFile,
    poll: opts.poll,
    signal: io.signal,
    warn: metrics ? metrics.countingWarn(ctx.warn) : ctx.warn,
    discover,
    evaluate: () => engine.evaluate(),
    ignore,
  });
  await otlp?.close().catch((e) => ctx.warn(`Could not push metrics to ${otlpUrl}: ${e instanceof Error ? e.message : String(e)}`));
  await metrics?.close();
  store.close();
}

/** The OTLP metrics URL of `--otlp`, or a usage error. */
function checkedOtlpUrl(text: string): string {
  try {
    return otlpPushModule().otlpMetricsUrl(text);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

// prom-client and the OpenTelemetry SDK (about 300 ms to load) are required only by `watch --metrics` / `--otlp`, not at
// the start of every command (scan, status, statusline share this bundle)
/** src/cli/metricsServer.ts, loaded on first use. */
function metricsServerModule(): typeof MetricsServerModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
  return require('../metricsServer') as typeof MetricsServerModule;
}

/** src/cli/otlpPush.ts, loaded on first use. */
function otlpPushModule(): typeof OtlpPushModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
  return require('../otlpPush') as typeof OtlpPushModule;
}
