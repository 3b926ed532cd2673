/**
 * Which transcript kinds the file source follows, and where, from the settings. No `vscode` at run time (only types),
 * so plain mocha tests it.
 */
import type { Config, SourceId } from '../../host/vscode/config';
import { RootContext, TRANSCRIPT_KINDS, TranscriptKind } from '../../core/ingest/kinds';
import { spoolKind } from '../../core/agents/spool/spool';
import type { ActiveKind } from './fileSource';

/**
 * The kinds to follow under `config`: every registered kind whose `sources.<id>.enabled` is not false (roots: the
 * configured ones, else the kind's defaults), the generic logs when configured, the spool when its folder is set.
 */
export function activeKinds(
  config: Config,
  ctx: RootContext,
  generic: TranscriptKind | undefined,
  kinds: readonly TranscriptKind[] = TRANSCRIPT_KINDS,
): ActiveKind[] {
  const out: ActiveKind[] = [];
  for (const kind of kinds) {
    const s = config.sources[kind.id as SourceId];
    if (s && !s.enabled) {
      continue;
    }
    const roots = s && s.roots.length > 0 ? s.roots : kind.defaultRoots(ctx);
    out.push({ kind, roots, watchGlob: kind.watchGlob });
  }
  if (generic && config.sources.generic.enabled) {
    out.push({ kind: generic, roots: [] });
  }
  if (config.spool.folder) {
    out.push({ kind: spoolKind, roots: [config.spool.folder], watchGlob: '*.jsonl' });
  }
  return out;
}
