/**
 * The dashboard pages' HTML shell and webview options: scripts and styles only from dist/web (the web bundle, built by
 * webpack with target `web`) and media/, a Content-Security-Policy that allows nothing else (no inline script or style,
 * scripts only with this load's nonce), and the view kind and session id as data attributes the bundle reads.
 */
import * as vscode from 'vscode';
import type { ViewKind } from '../../core/dashboard/protocol';

/** Folders a dashboard page may load from (relative to the extension). */
export const WEB_ROOTS = [
  ['dist', 'web'],
  ['media', 'dashboard'],
] as const;

/** Webview options of both pages: scripts on, resources only from {@link WEB_ROOTS}. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: WEB_ROOTS.map((parts) => vscode.Uri.joinPath(extensionUri, ...parts)),
    enableFindWidget: true,
  };
}

/** A fresh nonce: 32 random alphanumeric characters. */
export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => chars[b % chars.length]).join('');
}

/** The Content-Security-Policy of a page. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

const escapeAttribute = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The HTML of a page: the shell the web bundle fills in. */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: ViewKind, title: string, sessionId?: string): string {
  const nonce = makeNonce();
  const asset = (...parts: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const session = sessionId ? ` data-session-id="${escapeAttribute(sessionId)}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'web', 'uPlot.min.css')}">
<link rel="stylesheet" href="${asset('media', 'dashboard', 'dashboard.css')}">
<title>${escapeAttribute(title)}</title>
</head>
<body data-view="${view}"${session}>
<main id="app" aria-busy="true"><p class="loading">Loading…</p></main>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>
<script nonce="${nonce}" src="${asset('dist', 'web', 'dashboard.js')}"></script>
</body>
</html>`;
}
