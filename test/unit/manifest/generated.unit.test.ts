import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { applyGeneratedManifest } from '../../../src/manifest/contributes';

/** The repository root (this file runs from out/test/unit/manifest). */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    dir = path.dirname(dir);
  }
  return dir;
}

/** Runs a script of scripts/ with `--check`; returns its exit status and output. */
function check(script: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'scripts', script), '--check'], { encoding: 'utf8' });
  return { status: r.status, output: r.stderr + r.stdout };
}

describe('generated manifest and README tables (npm run manifest regenerates both)', () => {
  it('package.json agrees with the tables of src/manifest (node scripts/manifest.mjs --check)', () => {
    const r = check('manifest.mjs');
    assert.strictEqual(r.status, 0, r.output);
  });

  it("the README's Commands, Settings and detection tables agree with package.json (node scripts/readme-tables.mjs --check)", () => {
    const r = check('readme-tables.mjs');
    assert.strictEqual(r.status, 0, r.output);
  });

  it('generating again changes nothing, and keeps every hand-written part of package.json in place', () => {
    const text = fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8');
    const pkg = JSON.parse(text) as Record<string, unknown>;
    const next = applyGeneratedManifest(pkg);
    assert.strictEqual(JSON.stringify(next, null, 2) + '\n', text);
    assert.deepStrictEqual(Object.keys(next), Object.keys(pkg));
    assert.deepStrictEqual(Object.keys(next.contributes as object), Object.keys(pkg.contributes as object));
  });

  it('a hand edit of a generated part is overwritten by the table', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
      contributes: { commands: { title: string }[] };
    };
    pkg.contributes.commands[0].title = 'Something Else';
    const again = applyGeneratedManifest(pkg) as typeof pkg;
    assert.notStrictEqual(again.contributes.commands[0].title, 'Something Else');
  });
});
