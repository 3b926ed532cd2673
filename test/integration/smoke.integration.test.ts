// First integration test: proves the harness runs inside the real VS Code 1.139 extension
// host with the INSTALLED Session Doctor VSIX and the environment prepared by scripts/e2e.mjs.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'session-doctor.session-doctor';

suite('harness smoke', () => {
  test('runs inside VS Code 1.139', () => {
    assert.ok(vscode.version.startsWith('1.139'), `vscode.version is ${vscode.version}`);
  });

  test('finds the Session Doctor extension and activates it', async () => {
    const ext = await waitFor(() => vscode.extensions.getExtension(EXTENSION_ID), {
      timeoutMs: 15_000,
      message: `extension ${EXTENSION_ID} to be registered`,
    });
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  test('tests the installed VSIX, not the source tree', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension missing');
    const extensionsDir = process.env.SESSION_DOCTOR_E2E_EXTENSIONS_DIR;
    if (!extensionsDir) {
      return;
    } // not started by scripts/e2e.mjs
    const rel = path.relative(extensionsDir, ext.extensionPath);
    assert.ok(!rel.startsWith('..') && !path.isAbsolute(rel), `${ext.extensionPath} is not under ${extensionsDir}`);
  });

  test('sees the e2e environment (Claude config dir, workspace)', () => {
    const claudeDir = process.env.SESSION_DOCTOR_E2E_CLAUDE_DIR;
    if (!claudeDir) {
      return;
    } // not started by scripts/e2e.mjs
    assert.strictEqual(process.env.CLAUDE_CONFIG_DIR, claudeDir);
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders[0]?.uri.fsPath, process.env.SESSION_DOCTOR_E2E_WORKSPACE);
  });
});
