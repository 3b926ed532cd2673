/**
 * The same in-host suite through @vscode/test-electron, for machines that can download VS Code (`npm run
 * test:electron`). Not part of `npm test`: here VS Code cannot be downloaded, and scripts/e2e.mjs runs the suite in
 * code-server instead. Unlike e2e.mjs it loads the extension from the source tree (run `npm run build` first) and
 * needs the same SESSION_DOCTOR_E2E_* environment (see scripts/e2e.mjs).
 */
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '../../..');
  try {
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      launchArgs: [process.env.SESSION_DOCTOR_E2E_WORKSPACE ?? repo, '--disable-workspace-trust'],
    });
  } catch (e) {
    console.error('Failed to run the tests in VS Code (Electron):', e);
    process.exit(1);
  }
}

void main();
