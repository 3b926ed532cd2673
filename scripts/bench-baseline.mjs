#!/usr/bin/env node
// Builds the detector of an earlier commit once, for the detector bench's same-run comparison: a detached git worktree
// of <commit> under .cache/, compiled with this checkout's TypeScript and node_modules. Prints the compiled out/ folder.
//   node scripts/bench-baseline.mjs [commit]   (default 2017e28: the regex catalog the evidence detector replaced)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const commit = process.argv[2] ?? '2017e28';
const dir = join(root, '.cache', `baseline-${commit}`);
const out = join(dir, 'out');
if (!existsSync(join(out, 'src', 'core', 'detector.js'))) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(root, '.cache'), { recursive: true });
  execFileSync('git', ['worktree', 'prune'], { cwd: root });
  execFileSync('git', ['worktree', 'add', '--detach', '--force', dir, commit], { cwd: root, stdio: 'ignore' });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.test.json')], {
    cwd: dir,
    stdio: 'inherit',
  });
}
console.log(out);
