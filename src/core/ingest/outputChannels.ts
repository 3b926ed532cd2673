/**
 * VS Code output channels as transcripts: where the channels of other extensions are written, which ones to read, and
 * a plain-text {@link TranscriptFormat} that turns their error lines into events. Pure module.
 *
 * Where (VS Code 1.139, `src/vs/workbench/api/common/extHostOutput.ts`): each extension host has a logs folder
 * (`initData.logsLocation`): `<logs>/<session>/window<N>/exthost` in VS Code desktop, `<logs>/<session>/exthost<N>` in
 * code-server 4.139.1 (checked on a running code-server: a probe extension's `logUri` was
 * `.../logs/20261123T171739/exthost1/probe.output-probe`, its plain channel `Probe: Channel?` was written to
 * `exthost1/output_logging_20261123T171753/1-Probe Channel.log`, its log channel to
 * `exthost1/probe.output-probe/Probe Log.log` as `2026-11-23 17:17:55.735 [error] ...`). There,
 * - a plain channel (`createOutputChannel(name)`) is written to `output_logging_<YYYYMMDDTHHMMSS>/<n>-<name>.log`, one
 *   folder per extension-host start, `<n>` a counter, the name without `\ / : * ? " < > |`, raw text as appended;
 * - a log channel (`createOutputChannel(name, { log: true })`) to `<extension id>/<name>.log`, lines formatted as
 *   `2026-11-23 17:02:03.456 [error] message`.
 * Our own `context.logUri` is `<exthost>/<our extension id>`, so its parent is the folder to search.
 */
import { classifyLine } from '../detection/detector';
import { AgentEvent, AgentKind, clipText } from '../model/event';
import { AGENTS } from '../agents/index';
import { redactSecrets } from './redact';
import { statusIn } from '../detection/status';
import type { FileAccess, LineResult, TranscriptFormat } from './tailer';
import { looksLikeAgentError } from '../terminals/terminalText';

/** Default `sessionDoctor.outputChannels.names`: every agent plug-in's default channels. */
export const DEFAULT_CHANNEL_NAMES: readonly string[] = AGENTS.flatMap((a) => a.outputChannels.defaults);

/** One output channel file. */
export interface ChannelFile {
  /** Absolute path of the `.log` file. */
  path: string;
  /** The channel name as VS Code shows it (from the file name; characters `\/:*?"<>|` are gone). */
  channel: string;
  /** `output`: a plain channel (`output_logging_*`); `log`: a log channel of an extension. */
  kind: 'output' | 'log';
  /** For log channels: the extension id (the folder name), e.g. `GitHub.copilot-chat`. */
  extensionId?: string;
}

/**
 * The extension host's logs folder from our `context.logUri` path (`.../window1/exthost/<our id>` ->
 * `.../window1/exthost`). Accepts `/` and `\` separators; a trailing separator is ignored.
 * Throws `Error` when the path has no parent.
 */
export function extHostLogsFolder(ownLogPath: string): string {
  const trimmed = ownLogPath.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut <= 0) {
    throw new Error(`No parent folder in the extension log path "${ownLogPath}"`);
  }
  return trimmed.slice(0, cut);
}

/** The channel name in an `output_logging_*` file name (`3-GitHub Copilot Chat.log` -> `GitHub Copilot Chat`), else undefined. */
export function channelOfOutputFile(fileName: string): string | undefined {
  const m = /^\d+-(.+)\.log$/.exec(fileName);
  return m?.[1];
}

/** A channel name as VS Code writes it into a file name (without `\ / : * ? " < > |`), trimmed. */
export function sanitizeChannelName(name: string): string {
  return name.trim().replace(/[\\/:*?"<>|]/g, '');
}

/**
 * True when `channel` is one of `names`: equal ignoring case (both sanitized as VS Code does), or, for a name ending in
 * `*`, starting with the rest. An empty or blank name matches nothing.
 */
export function channelMatches(channel: string, names: readonly string[]): boolean {
  const c = sanitizeChannelName(channel).toLowerCase();
  return names.some((raw) => {
    const n = raw.trim();
    if (!n) {
      return false;
    }
    if (n.endsWith('*')) {
      const prefix = sanitizeChannelName(n.slice(0, -1)).toLowerCase();
      return prefix.length > 0 && c.startsWith(prefix);
    }
    return c === sanitizeChannelName(n).toLowerCase();
  });
}

/**
 * Lists the channel files under the extension host's logs folder whose channel matches `names`, leaving out our own
 * extension's folder (`ownExtensionId`). Plain channels come from every `output_logging_*` folder (one per extension-host
 * start in this window). Never throws: unreadable folders are skipped.
 */
export async function discoverChannelFiles(
  fs: FileAccess,
  exthostFolder: string,
  names: readonly string[],
  ownExtensionId?: string,
): Promise<ChannelFile[]> {
  const out: ChannelFile[] = [];
  let entries: string[];
  try {
    entries = await fs.list(exthostFolder);
  } catch {
    return out;
  }
  for (const entry of entries.sort()) {
    const folder = fs.join(exthostFolder, entry);
    if (entry.startsWith('output_logging_')) {
      for (const f of await safeList(fs, folder)) {
        const channel = channelOfOutputFile(f);
        if (channel && channelMatches(channel, names)) {
          out.push({ path: fs.join(folder, f), channel, kind: 'output' });
        }
      }
    } else if (!entry.includes('.log') && entry.toLowerCase() !== ownExtensionId?.toLowerCase()) {
      for (const f of await safeList(fs, folder)) {
        if (!f.endsWith('.log')) {
          continue;
        }
        const channel = f.slice(0, -4);
        if (channelMatches(channel, names)) {
          out.push({ path: fs.join(folder, f), channel, kind: 'log', extensionId: entry });
        }
      }
    }
  }
  return out;
}

async function safeList(fs: FileAccess, folder: string): Promise<string[]> {
  try {
    const st = await fs.stat(folder);
    return st?.isDirectory ? await fs.list(folder) : [];
  } catch {
    return [];
  }
}

/**
 * The agent a channel belongs to, from its name (or its extension id): the plug-in with the longest word of its
 * `outputChannels.matches` in either (so `claude-dev`, Cline's extension, beats `claude`); `generic` when none matches.
 */
export function agentOfChannel(channel: string, extensionId = ''): AgentKind {
  const s = `${channel} ${extensionId}`.toLowerCase();
  let best: { id: AgentKind; length: number } = { id: 'generic', length: 0 };
  for (const agent of AGENTS) {
    for (const word of agent.outputChannels.matches) {
      if (word.length > best.length && s.includes(word)) {
        best = { id: agent.id, length: word.length };
      }
    }
  }
  return best.id;
}

/** The session id of a channel: `output:<channel>`. */
export function channelSessionId(channel: string): string {
  return `output:${channel}`;
}

/** `2026-11-23 17:02:03.456 [error] message` (VS Code log channels): time, level, message. */
const LOG_LINE = /^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?)\s+\[(trace|debug|info|warning|warn|error|critical)\]\s?(.*)$/i;

/**
 * The text of a channel line that is an error of the agent, or undefined: a log-channel line at level `error` or
 * `warning` (its message), or any line that {@link looksLikeAgentError} (a leading timestamp or `[level]` tag aside).
 * Lines at `info`, `debug` and `trace` never count: agent extensions log requests and prompts there.
 */
export function channelErrorText(line: string): { text: string; timestampMs?: number } | undefined {
  const m = LOG_LINE.exec(line);
  if (m) {
    const level = m[2].toLowerCase();
    if (level !== 'error' && level !== 'warning' && level !== 'warn' && level !== 'critical') {
      return undefined;
    }
    const ts = Date.parse(m[1].replace(' ', 'T'));
    return { text: m[3], timestampMs: Number.isFinite(ts) ? ts : undefined };
  }
  const noTime = line.replace(/^\[?\d{4}-\d\d-\d\d[ T][\d:.]+Z?\]?\s*/, '');
  const tag = /^\[(error|warn|warning|info|debug|trace)\]\s*/i.exec(noTime);
  const bare = tag ? noTime.slice(tag[0].length) : noTime;
  if (tag && /^(?:info|debug|trace)$/i.test(tag[1])) {
    return undefined;
  }
  return tag || looksLikeAgentError(bare) ? { text: bare } : undefined;
}

/**
 * A plain-text transcript format for one output channel: every line parses (never a skipped line); a line that is an
 * error of the agent ({@link channelErrorText}) and that the detector classifies becomes an `error` event of the
 * channel's session; other lines give no event. `sessionId` and `agent` are fixed per channel.
 */
export function outputChannelFormat(sessionId: string, agent: AgentKind): TranscriptFormat {
  return {
    agent,
    parseLine(line, origin): LineResult {
      const err = channelErrorText(line);
      if (!err || !classifyLine(err.text)) {
        return { ok: true, events: [], info: {} };
      }
      const text = clipText(redactSecrets(err.text));
      const event: AgentEvent = {
        sessionId,
        agent,
        timestamp: err.timestampMs ?? 0,
        kind: 'error',
        rawLine: true,
        text,
        httpStatus: statusIn(err.text),
        isError: true,
        origin,
      };
      return { ok: true, events: [event], info: {} };
    },
  };
}
