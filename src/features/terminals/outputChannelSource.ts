/**
 * The output-channel source: tails the VS Code output channels of agent extensions (GitHub Copilot Chat, Claude Code,
 * Cline, Roo Code, Continue, Gemini Code Assist, Codex; setting `sessionDoctor.outputChannels.names`) from the log files
 * VS Code writes them to, next to our own `context.logUri` (see src/core/ingest/outputChannels.ts for the layout), and feeds
 * their error lines to the detector. Each channel is one session, `output:<channel>`. Reads are incremental (the core
 * {@link Tailer}); the folder is listed again every few seconds, since channels appear when their extension activates.
 */
import type * as vscode from 'vscode';
import type { Engine } from '../../core/engine/engine';
import {
  ChannelFile,
  agentOfChannel,
  channelSessionId,
  discoverChannelFiles,
  extHostLogsFolder,
  outputChannelFormat,
} from '../../core/ingest/outputChannels';
import type { FileAccess, Tailer } from '../../core/ingest/tailer';

/** Settings and collaborators. */
export interface OutputChannelSourceOptions {
  /** `context.logUri.fsPath` of Session Doctor. */
  ownLogPath: string;
  /** Our extension id (its log folder is skipped). */
  ownExtensionId: string;
  engine: Pick<Engine, 'updateSession'>;
  /** `sessionDoctor.outputChannels.*`, read on each poll. */
  config: () => { enabled: boolean; names: readonly string[] };
  log?: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
  /** Poll period, ms (default 2000). */
  pollMs?: number;
}

/** Follows matching output channels into the engine. */
export class OutputChannelSource implements vscode.Disposable {
  private readonly folder: string;
  private readonly known = new Map<string, ChannelFile>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private first = true;
  private polling = false;
  /** Resolves after the first poll (catch-up, no notifications for lines written before). */
  readonly ready: Promise<void>;

  constructor(
    private readonly fs: FileAccess,
    private readonly tailer: Tailer,
    private readonly options: OutputChannelSourceOptions,
  ) {
    this.folder = extHostLogsFolder(options.ownLogPath);
    this.ready = this.poll();
    this.timer = setInterval(() => void this.poll(), options.pollMs ?? 2000);
  }

  /** The channels being read (for the Terminals view and diagnostics). */
  channels(): ChannelFile[] {
    return [...this.known.values()];
  }

  /** One pass: find channel files, read what was appended. Never throws. */
  async poll(): Promise<void> {
    if (this.polling) {
      return;
    }
    this.polling = true;
    try {
      const config = this.options.config();
      if (!config.enabled) {
        this.known.clear();
        return;
      }
      const files = await discoverChannelFiles(this.fs, this.folder, config.names, this.options.ownExtensionId);
      for (const f of files) {
        if (!this.known.has(f.path)) {
          this.known.set(f.path, f);
          this.options.log?.info(`Reading output channel "${f.channel}" (${f.path})`);
        }
      }
      const live = !this.first;
      for (const f of [...this.known.values()]) {
        const sessionId = channelSessionId(f.channel);
        const agent = agentOfChannel(f.channel, f.extensionId);
        const r = await this.tailer.read(f.path, outputChannelFormat(sessionId, agent), sessionId, live);
        if (r.events > 0) {
          this.options.engine.updateSession(sessionId, { agent, title: `Output channel: ${f.channel}` });
        }
        if (r.gone) {
          this.known.delete(f.path);
        }
      }
    } catch (e) {
      this.options.log?.warn(`Output channels: ${String(e)}`);
    } finally {
      this.first = false;
      this.polling = false;
    }
  }

  dispose(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
