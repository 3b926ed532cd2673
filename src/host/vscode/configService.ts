/**
 * The one configuration service: the current {@link Config}, read once at activation and again when a `sessionDoctor.*`
 * setting changes or the workspace is trusted, with one change event carrying the next and the previous settings.
 * Features read `config.current()` when they act and subscribe to `onDidChange` for what they keep.
 */
import * as vscode from 'vscode';
import { Config, onConfigChange, readConfig } from './config';

/** Settings as the features see them. */
export interface ConfigService {
  /** The settings now. */
  current(): Config;
  /** Fires after the settings changed, with the new and the previous settings. */
  onDidChange(listener: (next: Config, previous: Config) => void): vscode.Disposable;
}

/** Creates the service; dispose it with the extension. */
export function createConfigService(): ConfigService & vscode.Disposable {
  let config = readConfig();
  const emitter = new vscode.EventEmitter<{ next: Config; previous: Config }>();
  const subscription = onConfigChange(undefined, (next) => {
    const previous = config;
    config = next;
    emitter.fire({ next, previous });
  });
  return {
    current: () => config,
    onDidChange: (listener) => emitter.event((e) => listener(e.next, e.previous)),
    dispose: () => {
      subscription.dispose();
      emitter.dispose();
    },
  };
}
