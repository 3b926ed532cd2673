/**
 * The `session-doctor` executable (package.json `bin`, bundled to dist/cli.js): runs {@link main} on the process's
 * streams; Ctrl+C (SIGINT) and SIGTERM abort a running `watch`, which then saves the store and exits 0.
 */
import type * as MainModule from './main';
import type * as StatusLineModule from './statusline';

const abort = new AbortController();
const stop = () => {
  if (abort.signal.aborted) {
    process.exit(130); // a second Ctrl+C: give up waiting
  }
  abort.abort();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') {
    process.exit(0); // `session-doctor classify | head`: the reader left
  }
});

// `statusline` runs on every status update of Claude Code: it skips running the rest of the CLI (unless help is asked).
// In the bundle (dist/cli.js) Node still parses the whole file first; the lighter entry is `session-doctor-statusline`
// (src/cli/statuslineMain.ts, dist/statusline.js).
const argv = process.argv.slice(2);
const fast = argv[0] === 'statusline' && !argv.some((a) => a === '-h' || a === '--help');
/* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily, so the status line does not load the rest */
const run: Promise<number> = fast
  ? (require('./statusline') as typeof StatusLineModule).statusLineProcess(argv.slice(1))
  : (require('./main') as typeof MainModule).main(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
      cwd: process.cwd(),
      signal: abort.signal,
    });
/* eslint-enable @typescript-eslint/no-require-imports */
void run.then((code) => {
  process.exitCode = code;
  process.removeListener('SIGINT', stop);
  process.removeListener('SIGTERM', stop);
});
