/**
 * Lays real fixtures out in a fresh HOME exactly where each agent writes them, for `session-doctor scan` with no paths:
 * shared by scanHang.unit.test.ts, scanOpencode.unit.test.ts and scripts/fault-matrix.mjs (which loads the compiled
 * copy of this file). Each function returns the files it wrote (absolute paths).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { FIXTURES as CLINE_FIXTURES, taskId } from '../core/agents/cline/fixtures';
import { FIXTURES as OPENCODE_FIXTURES } from '../core/agents/opencode/fixtures';
import { FIXTURES as PI_FIXTURES, fileNameOf as piFileNameOf } from '../core/agents/pi/fixtures';

/** The folder a task of the Cline CLI 2.18 lives in: `~/.cline/data/tasks/<task id>/`. */
export const clineTaskFolder = (home: string, name: string): string => path.join(home, '.cline', 'data', 'tasks', taskId(name));

/** opencode 1.18's data folder: `~/.local/share/opencode` (database `opencode.db` with its `-wal`, `log/opencode.log`). */
export const opencodeDataFolder = (home: string): string => path.join(home, '.local', 'share', 'opencode');

/** A Cline fixture (test/fixtures/cline/<name>/, every file) in its task folder under `home`. */
export function layOutCline(home: string, name: string): string[] {
  const task = clineTaskFolder(home, name);
  fs.mkdirSync(task, { recursive: true });
  return fs.readdirSync(path.join(CLINE_FIXTURES, name)).map((f) => {
    fs.copyFileSync(path.join(CLINE_FIXTURES, name, f), path.join(task, f));
    return path.join(task, f);
  });
}

/** A pi fixture where pi 0.73.1 keeps it: `~/.pi/agent/sessions/--<cwd>--/<the file name pi gave it>`. */
export function layOutPi(home: string, name: string): string[] {
  const folder = path.join(home, '.pi', 'agent', 'sessions', '--home-dev-projects-demo-app--');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, piFileNameOf(name));
  fs.copyFileSync(path.join(PI_FIXTURES, `${name}.jsonl`), file);
  return [file];
}

/** An opencode fixture: the database and its WAL (unzipped; absent when opencode left none) and the log, in the data folder. */
export function layOutOpencode(home: string, name: string): string[] {
  const data = opencodeDataFolder(home);
  fs.mkdirSync(path.join(data, 'log'), { recursive: true });
  const files: string[] = [];
  for (const suffix of ['', '-wal']) {
    const gz = path.join(OPENCODE_FIXTURES, `${name}.db${suffix}.gz`);
    if (fs.existsSync(gz)) {
      files.push(path.join(data, `opencode.db${suffix}`));
      fs.writeFileSync(files[files.length - 1], zlib.gunzipSync(fs.readFileSync(gz)));
    }
  }
  files.push(path.join(data, 'log', 'opencode.log'));
  fs.copyFileSync(path.join(OPENCODE_FIXTURES, `${name}.log`), files[files.length - 1]);
  return files;
}
