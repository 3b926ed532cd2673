/**
 * The terminals feature: agent CLIs read in VS Code's terminals (shell integration), agent extensions read through their
 * output channels, and the Terminals view that lists both.
 */
import * as vscode from 'vscode';
import type { Services } from '../../host/vscode/services';
import { OutputChannelSource } from './outputChannelSource';
import { TerminalSource } from './terminalSource';
import { registerTerminalsView } from './terminalsView';

/** Registers the terminal and output-channel sources and the Terminals view (disposed with the extension). Call once. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const { engine, log } = services;
  const config = () => services.config.current();
  const terminalSource = new TerminalSource({
    engine,
    window: services.executions,
    config: () => config().terminals,
    clock: { now: () => Date.now() },
    log,
  });
  const outputSource = new OutputChannelSource(services.fs, services.tailer, {
    ownLogPath: context.logUri.fsPath,
    ownExtensionId: context.extension.id,
    engine,
    config: () => config().outputChannels,
    log,
  });
  context.subscriptions.push(terminalSource, outputSource);
  registerTerminalsView(context, {
    terminals: () => terminalSource.rows(),
    onDidChangeTerminals: (l) => terminalSource.onDidChange(l),
    channels: () => (config().outputChannels.enabled ? outputSource.channels() : []),
    terminalOf: (key) => terminalSource.terminalOf(key),
    log,
  });
}
