// Mocha runner executed INSIDE the real VS Code extension host (code-server), via the
// `extensionTestsPath` payload that scripts/e2e.mjs passes to the workbench.
// The host awaits run(); its console output is forwarded to the page console, where
// e2e.mjs prints it and reads the RESULT_MARKER line for the pass/fail totals.
//
// The page console also carries the workbench's own logs, so mocha's report is tagged with
// MOCHA_TAG and e2e.mjs prints the tagged lines (everything else goes to
// test-output/page-console.log, and its tail is printed when the run fails). VS Code makes the
// host's console methods read-only, so other output cannot be tagged by patching console: tests
// that want a line in the e2e output call log() below.
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';

/** e2e.mjs looks for this prefix followed by a JSON object {passed, failed, pending}. */
export const RESULT_MARKER = 'SESSION_DOCTOR_MOCHA_RESULT';
export const MOCHA_TAG = '[sd-mocha] ';
export const HOST_TAG = '[sd-host] ';

/** Logs a line that scripts/e2e.mjs prints (tagged, so it stands out from the workbench's logs). */
export function log(...args: unknown[]): void {
  console.log(HOST_TAG + util.format(...args));
}

type Base = { consoleLog: (...args: unknown[]) => void };

/** Tags mocha's reporter output; returns a function that restores it. */
function tagMochaOutput(): () => void {
  const base = Mocha.reporters.Base as unknown as Base;
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => console.log(MOCHA_TAG + util.format(...args));
  return () => {
    base.consoleLog = original;
  };
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.SESSION_DOCTOR_E2E_TEST_TIMEOUT_MS) || 30_000,
    slow: 5_000,
  });
  // tdd (suite/test/setup) is the main interface; bdd's describe/it/before work too.
  Mocha.interfaces.bdd(mocha.suite);
  const grep = process.env.SESSION_DOCTOR_E2E_GREP;
  if (grep) {
    mocha.grep(grep);
  }

  const restoreMochaOutput = tagMochaOutput();
  const report = (passed: number, failed: number, pending: number): void => {
    restoreMochaOutput();
    console.log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed, pending })}`);
  };

  return new Promise<void>((resolve, reject) => {
    try {
      // Skip stale outputs of deleted/renamed tests when the sources are next to us (repo layout).
      const sourceDir = path.resolve(__dirname, '..', '..', '..', 'test', 'integration');
      const hasSource = (f: string): boolean => !fs.existsSync(sourceDir) || fs.existsSync(path.join(sourceDir, f.replace(/\.js$/, '.ts')));
      const files = fs
        .readdirSync(__dirname)
        .filter((f) => f.endsWith('.integration.test.js') && hasSource(f))
        .sort();
      if (files.length === 0) {
        throw new Error(`no *.integration.test.js files in ${__dirname}`);
      }
      for (const f of files) {
        mocha.addFile(path.join(__dirname, f));
      }
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        const passed = stats?.passes ?? 0;
        const failed = stats?.failures ?? failures;
        report(passed, failed, stats?.pending ?? 0);
        if (failures > 0) {
          reject(new Error(`${failures} integration test(s) failed`));
        } else {
          resolve();
        }
      });
    } catch (err) {
      console.error('integration test runner failed to start:', err);
      report(0, 1, 0);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
