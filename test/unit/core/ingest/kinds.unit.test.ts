import * as assert from 'assert';
import * as path from 'path';
import type { Config } from '../../../../src/host/vscode/config';
import { TRANSCRIPT_KINDS } from '../../../../src/core/ingest/kinds';
import { claudeKind } from '../../../../src/core/agents/claude/kind';
import { genericLogKind, parseGenericLogSpecs } from '../../../../src/core/agents/generic/genericLog';
import { activeKinds } from '../../../../src/features/transcripts/kinds';

const ctx = { env: { CLAUDE_CONFIG_DIR: '/cfg/claude' }, home: '/home/dev', workspaceFolders: ['/w/app'], join: path.posix.join };

/** The parts of the settings activeKinds reads. */
function config(sources: Partial<Record<string, { enabled: boolean; roots: string[] }>>, spoolFolder = ''): Config {
  const all = Object.fromEntries(
    ['claude-code', 'codex', 'gemini', 'aider', 'generic'].map((id) => [id, sources[id] ?? { enabled: true, roots: [] }]),
  );
  return { sources: all, spool: { folder: spoolFolder } } as unknown as Config;
}

describe('the kinds the file source follows', () => {
  it('follows every registered kind at its default roots when nothing is configured', () => {
    const kinds = activeKinds(config({}), ctx, undefined);
    assert.deepStrictEqual(
      kinds.map((k) => [k.kind.id, k.roots]),
      TRANSCRIPT_KINDS.map((k) => [k.id, k.defaultRoots(ctx)]),
    );
    assert.deepStrictEqual(kinds.find((k) => k.kind.id === 'claude-code')!.roots, ['/cfg/claude/projects']);
    assert.deepStrictEqual(kinds.find((k) => k.kind.id === 'aider')!.roots, ['/w/app']);
  });

  it('uses the configured roots, leaves out a disabled kind, and adds the spool and the generic logs when set', () => {
    const generic = genericLogKind(parseGenericLogSpecs([{ glob: '/var/log/agent.log' }], (p) => p).specs);
    const kinds = activeKinds(
      config(
        { 'claude-code': { enabled: true, roots: ['/x/projects'] }, aider: { enabled: false, roots: [] } },
        '/home/dev/.session-doctor/spool',
      ),
      ctx,
      generic,
    );
    assert.deepStrictEqual(
      kinds.map((k) => k.kind.id),
      [...TRANSCRIPT_KINDS.map((k) => k.id).filter((id) => id !== 'aider'), 'generic', 'spool'],
    );
    assert.deepStrictEqual(kinds[0].roots, ['/x/projects']);
    assert.deepStrictEqual(kinds.find((k) => k.kind.id === 'spool')!.roots, ['/home/dev/.session-doctor/spool']);
    const off = activeKinds(config({ generic: { enabled: false, roots: [] } }), ctx, generic);
    assert.ok(!off.some((k) => k.kind.id === 'generic' || k.kind.id === 'spool'));
  });

  it('follows a kind that has no settings of its own (a format added later) at its defaults', () => {
    const extra = { ...claudeKind, id: 'future-agent', defaultRoots: () => ['/f'] };
    const kinds = activeKinds(config({}), ctx, undefined, [extra]);
    assert.deepStrictEqual(
      kinds.map((k) => [k.kind.id, k.roots]),
      [['future-agent', ['/f']]],
    );
  });
});
