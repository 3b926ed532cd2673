/**
 * `Session Doctor: Set Fleet Credentials`: asks for the user name and password (or a bearer token) of the Prometheus
 * that `sessionDoctor.fleet.prometheusUrl` names and keeps them in VS Code's SecretStorage as the value of the
 * Authorization header, so the URL setting never holds a secret. Empty answers clear what is stored.
 */
import * as vscode from 'vscode';
import { fleetAuthorization } from './prometheusApi';

/** SecretStorage key of the Authorization header value for Prometheus. */
export const FLEET_SECRET_KEY = 'sessionDoctor.fleet.authorization';

/**
 * Asks for the credentials and stores them (or clears them when both answers are empty). Resolves to what happened;
 * 'cancelled' when an input box was dismissed (nothing changes).
 */
export async function setFleetCredentials(secrets: vscode.SecretStorage): Promise<'stored' | 'cleared' | 'cancelled'> {
  const user = await vscode.window.showInputBox({
    title: 'Fleet: Prometheus credentials (1/2)',
    prompt: 'User name for Basic authentication; leave empty for a bearer token (or to clear the stored credentials)',
    ignoreFocusOut: true,
  });
  if (user === undefined) {
    return 'cancelled';
  }
  const password = await vscode.window.showInputBox({
    title: 'Fleet: Prometheus credentials (2/2)',
    prompt: user.trim() ? `Password of ${user.trim()}` : 'Bearer token (leave empty to clear the stored credentials)',
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) {
    return 'cancelled';
  }
  const authorization = fleetAuthorization(user, password);
  if (authorization) {
    await secrets.store(FLEET_SECRET_KEY, authorization);
    return 'stored';
  }
  await secrets.delete(FLEET_SECRET_KEY);
  return 'cleared';
}
