/**
 * The `session-doctor` executable (package.json `bin`, bundled to dist/cli.js): runs {@link main} on the process's
 * streams; Ctrl+C (SIGINT) and SIGTERM abort a running `watch`, which then saves the store and exits 0.
 */
import { main } from './main';

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

void main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  signal: abort.signal,
}).then((code) => {
  process.exitCode = code;
  process.removeListener('SIGINT', stop);
  process.removeListener('SIGTERM', stop);
});
