/**
 * Settings (`sessionDoctor.*`): the typed {@link Config}, read in one place. Nothing else in the extension calls
 * `vscode.workspace.getConfiguration('sessionDoctor')`.
 *
 * Security: the settings that hold text Session Doctor types into a terminal or runs in a shell (the `claudeCode.*`
 * commands, the prompt-fix message, the terminal names that decide where keystrokes go) are read through `inspect()`;
 * in an untrusted workspace only their user (global) or default values count, never workspace or folder values.
 */
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EngineConfig } from './core/engine';
import { SEVERITIES, Severity } from './core/failures';
import { parsePolicyOverrides } from './core/policy';
import { DEFAULT_CHANNEL_NAMES } from './core/outputChannels';

/** The configuration section. */
export const CONFIG_SECTION = 'sessionDoctor';

/** `recovery.mode`: `off` runs no recovery, `suggest` offers them (asking before ending a process), `auto` runs them. */
export type RecoveryMode = 'off' | 'suggest' | 'auto';

/** `claudeCode.interruptKey`: the key sent to interrupt the agent. */
export type InterruptKey = 'escape' | 'ctrl-c';

/** All settings, validated (out-of-range numbers clamped, unknown enum values replaced by the default). */
export interface Config {
  /**
   * Folders holding Claude Code transcripts (`<root>/<project>/<session>.jsonl`), absolute, `~` expanded. Never empty: the
   * setting's default `[]` means `$CLAUDE_CONFIG_DIR/projects` or `~/.claude/projects`.
   */
  transcriptRoots: string[];
  /** Sessions with activity within this many hours are shown (1 to 720). */
  activeSessionWindowHours: number;
  detection: {
    /** The same failure this many times within the window escalates one level (2 to 100). */
    errorRepeatCount: number;
    /** The window, seconds (10 to 86 400). */
    errorWindowSeconds: number;
    /** The same tool call with the same input this many times in a row is a loop (2 to 100). */
    toolLoopCount: number;
  };
  budget: {
    /** Per-session cost cap, USD; 0 = off. */
    capUsd: number;
  };
  recovery: {
    mode: RecoveryMode;
    /** Recoveries of non-critical findings in one session before escalating to CRITICAL / halt (0 to 20). */
    maxAutoRetries: number;
  };
  notifications: {
    /** Findings at or above this severity notify. */
    minimumSeverity: Severity;
    /** At most one notification per session and failure type per this many minutes (0 to 1440; 0 = no cooldown). */
    cooldownMinutes: number;
  };
  policy: {
    /** Raw `policy.overrides` (failure type -> { severity?, strategy? }); checked by {@link toEngineConfig}. */
    overrides: unknown;
  };
  claudeCode: {
    /** Typed into the agent's terminal to compact the context (default `/compact`). Trusted values only. */
    compactCommand: string;
    /** Typed to clear the conversation (default `/clear`). Trusted values only. */
    clearCommand: string;
    /** Shell command resuming a session; `${sessionId}` is replaced (default `claude --resume ${sessionId}`). Trusted values only. */
    resumeCommand: string;
    /** Shell command starting a fresh session (default `claude`). Trusted values only. */
    freshCommand: string;
    interruptKey: InterruptKey;
    /** Typed for "Retry with Prompt Fix". Trusted values only. */
    promptFixMessage: string;
    /** Terminal names and program names that identify the agent's terminal. Trusted values only. */
    terminalNames: string[];
  };
  terminals: {
    /** Read agent CLIs in VS Code terminals (shell integration). */
    enabled: boolean;
    /** Extra program names that start an agent (besides claude, codex, gemini, aider, qwen, opencode). Trusted values only. */
    agentCommands: string[];
  };
  outputChannels: {
    /** Tail the output channels of agent extensions. */
    enabled: boolean;
    /** Channel names to read (case-insensitive; a trailing `*` matches a prefix). */
    names: string[];
  };
  store: {
    /** Events kept per session (100 to 100 000). */
    maxEventsPerSession: number;
    /** Days events and resolved findings are kept (1 to 365). */
    retentionDays: number;
  };
}

/** Default values, as declared in package.json. */
export const DEFAULT_CONFIG: Readonly<Config> = {
  transcriptRoots: [],
  activeSessionWindowHours: 24,
  detection: { errorRepeatCount: 3, errorWindowSeconds: 300, toolLoopCount: 3 },
  budget: { capUsd: 0 },
  recovery: { mode: 'suggest', maxAutoRetries: 2 },
  notifications: { minimumSeverity: 'CRITICAL', cooldownMinutes: 10 },
  policy: { overrides: {} },
  claudeCode: {
    compactCommand: '/compact',
    clearCommand: '/clear',
    resumeCommand: 'claude --resume ${sessionId}',
    freshCommand: 'claude',
    interruptKey: 'escape',
    promptFixMessage: "Your last tool call was malformed. Retry it with valid JSON arguments that match the tool's schema.",
    terminalNames: ['claude', 'Claude Code'],
  },
  terminals: { enabled: true, agentCommands: [] },
  outputChannels: { enabled: true, names: [...DEFAULT_CHANNEL_NAMES] },
  store: { maxEventsPerSession: 2000, retentionDays: 7 },
};

/**
 * Settings restricted in untrusted workspaces (also listed in package.json `capabilities.untrustedWorkspaces.restrictedConfigurations`),
 * without the `sessionDoctor.` prefix.
 */
export const RESTRICTED_SETTINGS = [
  'claudeCode.compactCommand',
  'claudeCode.clearCommand',
  'claudeCode.resumeCommand',
  'claudeCode.freshCommand',
  'claudeCode.promptFixMessage',
  'claudeCode.terminalNames',
  'terminals.agentCommands',
] as const;

/**
 * Reads and validates all settings. Never throws: a value of the wrong type or out of range falls back to the default
 * (numbers are clamped).
 */
export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const d = DEFAULT_CONFIG;
  const trustedString = (key: string, def: string): string => {
    const v = trustedValue(c, key);
    return typeof v === 'string' ? v : def;
  };
  const trustedNames = trustedValue(c, 'claudeCode.terminalNames');
  return {
    transcriptRoots: resolveTranscriptRoots(stringArray(c.get('transcriptRoots')) ?? []),
    activeSessionWindowHours: num(c.get('activeSessionWindowHours'), d.activeSessionWindowHours, 1, 720),
    detection: {
      errorRepeatCount: int(c.get('detection.errorRepeatCount'), d.detection.errorRepeatCount, 2, 100),
      errorWindowSeconds: num(c.get('detection.errorWindowSeconds'), d.detection.errorWindowSeconds, 10, 86_400),
      toolLoopCount: int(c.get('detection.toolLoopCount'), d.detection.toolLoopCount, 2, 100),
    },
    budget: { capUsd: num(c.get('budget.capUsd'), d.budget.capUsd, 0, 1_000_000) },
    recovery: {
      mode: oneOf(c.get('recovery.mode'), ['off', 'suggest', 'auto'] as const, d.recovery.mode),
      maxAutoRetries: int(c.get('recovery.maxAutoRetries'), d.recovery.maxAutoRetries, 0, 20),
    },
    notifications: {
      minimumSeverity: oneOf(c.get('notifications.minimumSeverity'), SEVERITIES, d.notifications.minimumSeverity),
      cooldownMinutes: num(c.get('notifications.cooldownMinutes'), d.notifications.cooldownMinutes, 0, 1440),
    },
    policy: { overrides: c.get('policy.overrides') ?? {} },
    claudeCode: {
      compactCommand: trustedString('claudeCode.compactCommand', d.claudeCode.compactCommand),
      clearCommand: trustedString('claudeCode.clearCommand', d.claudeCode.clearCommand),
      resumeCommand: trustedString('claudeCode.resumeCommand', d.claudeCode.resumeCommand),
      freshCommand: trustedString('claudeCode.freshCommand', d.claudeCode.freshCommand),
      interruptKey: oneOf(c.get('claudeCode.interruptKey'), ['escape', 'ctrl-c'] as const, d.claudeCode.interruptKey),
      promptFixMessage: trustedString('claudeCode.promptFixMessage', d.claudeCode.promptFixMessage),
      terminalNames: stringArray(trustedNames) ?? [...d.claudeCode.terminalNames],
    },
    terminals: {
      enabled: c.get('terminals.enabled') !== false,
      agentCommands: stringArray(trustedValue(c, 'terminals.agentCommands')) ?? [],
    },
    outputChannels: {
      enabled: c.get('outputChannels.enabled') !== false,
      names: stringArray(c.get('outputChannels.names')) ?? [...d.outputChannels.names],
    },
    store: {
      maxEventsPerSession: int(c.get('store.maxEventsPerSession'), d.store.maxEventsPerSession, 100, 100_000),
      retentionDays: num(c.get('store.retentionDays'), d.store.retentionDays, 1, 365),
    },
  };
}

/**
 * Calls `listener` with the new settings when a setting under `sessionDoctor.<section>` changes (`section` "" or
 * omitted: any Session Doctor setting). Granting workspace trust also fires it for sections that hold restricted
 * settings (workspace values of the command strings start to count). Returns the subscription.
 */
export function onConfigChange(section: string | undefined, listener: (config: Config) => void): vscode.Disposable {
  const key = section ? `${CONFIG_SECTION}.${section}` : CONFIG_SECTION;
  const affectsRestricted = !section || RESTRICTED_SETTINGS.some((s) => s === section || s.startsWith(section + '.'));
  const subscriptions: vscode.Disposable[] = [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(key)) {
        listener(readConfig());
      }
    }),
  ];
  if (affectsRestricted) {
    subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => listener(readConfig())));
  }
  return vscode.Disposable.from(...subscriptions);
}

/**
 * The engine's settings from {@link Config}, with the problems found in `policy.overrides` (unknown types, bad
 * severities or strategies; the bad entries are left out). Never throws.
 */
export function toEngineConfig(config: Config): { engineConfig: EngineConfig; problems: string[] } {
  const { overrides, problems } = parsePolicyOverrides(config.policy.overrides);
  return {
    engineConfig: {
      policy: {
        errorRepeatCount: config.detection.errorRepeatCount,
        errorWindowMs: config.detection.errorWindowSeconds * 1000,
        maxAutoRetries: config.recovery.maxAutoRetries,
        overrides,
      },
      toolLoopCount: config.detection.toolLoopCount,
      budgetCapUsd: config.budget.capUsd,
      activeWindowMs: config.activeSessionWindowHours * 3_600_000,
      maxEventsPerSession: config.store.maxEventsPerSession,
      retentionMs: config.store.retentionDays * 86_400_000,
    },
    problems,
  };
}

/**
 * Absolute transcript roots: `~` expanded, relative paths taken from the home folder, duplicates dropped. An empty list
 * gives the default, `$CLAUDE_CONFIG_DIR/projects` or else `~/.claude/projects`.
 */
export function resolveTranscriptRoots(configured: readonly string[], env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string[] {
  const expand = (p: string): string => {
    const t = p.trim();
    const tilde = t === '~' ? home : t.startsWith('~/') || t.startsWith('~\\') ? path.join(home, t.slice(2)) : t;
    return path.resolve(home, tilde);
  };
  const roots = configured.map((p) => p.trim()).filter((p) => p.length > 0).map(expand);
  if (roots.length === 0) {
    const base = env.CLAUDE_CONFIG_DIR?.trim() ? expand(env.CLAUDE_CONFIG_DIR) : path.join(home, '.claude');
    roots.push(path.join(base, 'projects'));
  }
  return [...new Set(roots)];
}

/**
 * A restricted setting's value: the effective one in a trusted workspace; in an untrusted one the user (global) value,
 * else the default, ignoring workspace and folder values.
 */
function trustedValue(c: vscode.WorkspaceConfiguration, key: string): unknown {
  if (vscode.workspace.isTrusted) {
    return c.get(key);
  }
  const i = c.inspect(key);
  return i?.globalValue ?? i?.defaultValue;
}

function num(v: unknown, def: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : def;
}

function int(v: unknown, def: number, min: number, max: number): number {
  return Math.round(num(v, def, min, max));
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], def: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : def;
}

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}
