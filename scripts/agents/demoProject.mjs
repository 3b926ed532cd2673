// The small project every fixture script gives the agent CLI it runs as its working folder (home/dev/projects/demo-app).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Fake secrets of the project's .env after the agent's own key line, so the redaction of real tool output can be tested. */
const FAKE_ENV_TAIL = 'GITHUB_TOKEN=ghp_FAKEfixtureTOKENnotREAL0123456789ab\nDEBUG=1\n';

/**
 * Writes the demo project into `cwd` (created if missing): package.json, README.md, src/index.js, and a git repository
 * (branch main); with `envKey` (e.g. `OPENAI_API_KEY=sk-FAKE...`), a .env holding that fake key and a fake GitHub token.
 */
export function writeDemoProject(cwd, { envKey } = {}) {
  fs.mkdirSync(path.join(cwd, 'src'), { recursive: true });
  fs.writeFileSync(
    path.join(cwd, 'package.json'),
    JSON.stringify({ name: 'demo-app', version: '1.0.0', main: 'src/index.js' }, null, 2) + '\n',
  );
  fs.writeFileSync(path.join(cwd, 'README.md'), '# demo-app\n\nA tiny demo project.\n');
  fs.writeFileSync(path.join(cwd, 'src', 'index.js'), "console.log('hello');\n");
  if (envKey) {
    fs.writeFileSync(path.join(cwd, '.env'), `${envKey}\n${FAKE_ENV_TAIL}`);
  }
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd });
}
