import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

describe('README', () => {
  it('has Commands and Settings tables that match package.json (node scripts/readme-tables.mjs regenerates them)', () => {
    const repo = path.resolve(__dirname, '../../..');
    const r = spawnSync(process.execPath, [path.join(repo, 'scripts', 'readme-tables.mjs'), '--check'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr + r.stdout);
  });
});
