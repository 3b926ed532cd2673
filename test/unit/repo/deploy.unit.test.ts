import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

/**
 * The shipped fleet configuration (deploy/) checked by the real tools: scripts/check-deploy.mjs runs promtool (check
 * rules, check config, the rules' unit tests), amtool check-config, systemd-analyze verify and a live Alertmanager
 * (inhibition and the silence example). The first run downloads Debian's packages into the cache (~30 MB).
 */
describe('deploy/ (promtool, amtool, a live Alertmanager)', function () {
  this.timeout(240_000);

  it('passes every check of scripts/check-deploy.mjs', () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'check-deploy.mjs'), '--json'], {
      encoding: 'utf8',
      timeout: 230_000,
    });
    assert.strictEqual(r.status, 0, `${r.stdout}\n${r.stderr}`);
    const results = JSON.parse(r.stdout.trim().split('\n').pop()!) as { name: string; ok: boolean; output: string }[];
    const names = results.map((x) => x.name);
    for (const want of ['promtool check rules', 'promtool check config', 'promtool test rules', 'amtool check-config']) {
      assert.ok(names.includes(want), `${want} ran: ${names.join(', ')}`);
    }
    assert.ok(
      names.some((n) => n.startsWith('alertmanager inhibition')),
      names.join(', '),
    );
    for (const x of results) {
      assert.ok(x.ok, `${x.name}: ${x.output}`);
    }
  });
});
