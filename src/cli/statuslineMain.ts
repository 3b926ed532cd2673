/**
 * The `session-doctor-statusline` executable (package.json `bin`, bundled alone to dist/statusline.js): Claude Code's
 * `statusLine` command, the same as `session-doctor statusline` but without the rest of the CLI, so each status update
 * starts a process that loads only src/cli/statusline.ts and the few pure modules it uses (no store, no sql.js, no file
 * watcher, no argument parser). Arguments: `--spool <folder>` or `--spool=<folder>`. Always exits 0.
 */
import { statusLineProcess } from './statusline';

void statusLineProcess(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
