import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

/** Every file under `dir` (relative to the repository), recursively. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(path.join(REPO_ROOT, d), { withFileTypes: true })) {
      const p = path.posix.join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}

// The house plan (CONTRIBUTING.md); import rules between layers are checked by dependency-cruiser in `npm run lint`.
describe('house rules', () => {
  it('no source file is over 400 lines', () => {
    const long = filesUnder('src')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ f, lines: fs.readFileSync(path.join(REPO_ROOT, f), 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > 400);
    assert.deepStrictEqual(long, []);
  });

  it('each feature folder has an index.ts that exports register(context, services)', () => {
    const features = fs.readdirSync(path.join(REPO_ROOT, 'src', 'features'), { withFileTypes: true }).filter((e) => e.isDirectory());
    assert.ok(features.length >= 5);
    for (const f of features) {
      const index = path.join(REPO_ROOT, 'src', 'features', f.name, 'index.ts');
      assert.ok(fs.existsSync(index), `${f.name}/index.ts`);
      assert.match(fs.readFileSync(index, 'utf8'), /export function register\(context: vscode\.ExtensionContext, services: /, f.name);
    }
  });

  it('tests mirror src: each unit test sits where the file it tests sits under src', () => {
    const outside = new Set(['harness', 'repo']); // tests of test/harness and of the repository itself
    const stray = filesUnder('test/unit')
      .filter((f) => f.endsWith('.unit.test.ts'))
      .filter((f) => {
        const rel = f.slice('test/unit/'.length);
        const folder = path.posix.dirname(rel);
        return !outside.has(folder.split('/')[0]) && !fs.existsSync(path.join(REPO_ROOT, 'src', folder));
      });
    assert.deepStrictEqual(stray, []);
  });
});
