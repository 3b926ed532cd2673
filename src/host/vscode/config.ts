/**
 * Settings (`sessionDoctor.*`): the typed {@link Config}, read in one place. Nothing else in the extension calls
 * `vscode.workspace.getConfiguration('sessionDoctor')`.
 *
 * Security: the settings that hold text Session Doctor types into a terminal or runs in a shell (`recipes`: compact,
 * clear, resume, fresh, prompt fix; the terminal names that decide where keystrokes go; the spool folder and generic
 * log globs that decide what is read) are read through `inspect()`; in an untrusted workspace only their user (global)
 * or default values count, never workspace or folder values.
 */
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EngineConfig } from '../../core/engine/engine';
import { SEVERITIES, Severity } from '../../core/model/failures';
import { parsePolicyOverrides } from '../../core/engine/policy';
import { RecipeTable, resolveRecipes } from '../../core/recovery/recipes';
import { compileRules } from '../../core/detection/userRules';
import { DEFAULT_CHANNEL_NAMES } from '../../core/ingest/outputChannels';

/** The configuration section. */
export const CONFIG_SECTION = 'sessionDoctor';

/** `recovery.mode`: `off` runs no recovery, `suggest` offers them (asking before ending a process), `auto` runs them. */
export type RecoveryMode = 'off' | 'suggest' | 'auto';

/**
 * Ids of the transcript kinds that have `sessionDoctor.sources.<id>.enabled` / `.roots` settings (src/core/ingest/kinds.ts
 * `TRANSCRIPT_KINDS` ids, plus `generic` for the configured line logs). A kind without an entry here is enabled with
 * its default roots.
 */
export const SOURCE_IDS = ['claude-code', 'codex', 'gemini', 'aider', 'generic'] as const;

/** A source id with settings. */
export type SourceId = (typeof SOURCE_IDS)[number];

/** One source's settings. */
export interface SourceSettings {
  /** `sources.<id>.enabled` (default true). */
  enabled: boolean;
  /** `sources.<id>.roots`, absolute, `~` expanded; [] means the kind's default roots. */
  roots: string[];
}

/** All settings, validated (out-of-range numbers clamped, unknown enum values replaced by the default). */
export interface Config {
  /**
   * Per transcript kind: enabled, and its roots (`sources.<id>.enabled`, `sources.<id>.roots`). For `claude-code`, an
   * empty `roots` falls back to the old `transcriptRoots` setting when that is still set.
   */
  sources: Record<SourceId, SourceSettings>;
  /** Raw `sources.generic.logs` (array of { glob, agent?, timestampPattern?, sessionPattern? }); checked by src/core/genericLog. Trusted values only. */
  genericLogs: unknown;
  spool: {
    /** Folder of JSON-lines files that agent hooks append to, absolute, `~` expanded; '' = off. Trusted values only. */
    folder: string;
  };
  /** Recovery recipes per agent: the defaults with `recipes` laid over them. Trusted values only. */
  recipes: RecipeTable;
  /** Problems found in `recipes` (reported with the policy problems by {@link toEngineConfig}). */
  recipeProblems: string[];
  /** Sessions with activity within this many hours are shown (1 to 720). */
  activeSessionWindowHours: number;
  detection: {
    /** The same failure this many times within the window escalates one level (2 to 100). */
    errorRepeatCount: number;
    /** The window, seconds (10 to 86 400). */
    errorWindowSeconds: number;
    /** The same tool call with the same input this many times in a row is a loop (2 to 100). */
    toolLoopCount: number;
    /**
     * Raw `detection.customRules` (array of { type, pattern, severity?, strategy?, flags? }); compiled and checked by
     * {@link toEngineConfig}. Workspace values count in untrusted workspaces too: a rule only classifies text.
     */
    customRules: unknown;
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
    /** Findings detected within this many ms of the first become one notification (0 to 10 000). */
    groupWindowMs: number;
  };
  concurrency: {
    /** Live sessions allowed across every source; 0 turns the tiered alerts off (0 to 1000). */
    limit: number;
    /** A session active within this many minutes counts as live (1 to 1440). */
    liveWindowMinutes: number;
    /** Live sessions idle this many hours are cleanup candidates (0.25 to 168). */
    idleCleanupHours: number;
    /** Free slots under the limit the cleanup aims to keep (0 to 1000). */
    headroom: number;
    /** Session names or patterns never cleaned up. */
    prioritySessions: string[];
  };
  policy: {
    /** Raw `policy.overrides` (failure type -> { severity?, strategy? }); checked by {@link toEngineConfig}. */
    overrides: unknown;
  };
  claudeCode: {
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
  /** Session health: `watchdog.stuckMinutes`, `sessions.maxMessages` / `warnPercent` / `idleResetMinutes` / `dailyResetHour`, `context.warnPercent`. */
  health: {
    /** Minutes without an assistant response before a running session is stuck (1 to 1440). */
    stuckMinutes: number;
    /** Messages per session before the marathon limit (0 = unlimited; 0 to 100 000). */
    maxMessages: number;
    /** Warn at this percentage of the limit (50 to 100). */
    messageWarnPercent: number;
    /** Idle minutes that reset the message count (0 = off; 0 to 43 200). */
    idleResetMinutes: number;
    /** Local hour of the daily reset of the message count (-1 = off; -1 to 23). */
    dailyResetHour: number;
    /** Warn at this percentage of the model's context window (50 to 100). */
    contextWarnPercent: number;
  };
}

/** Default values, as declared in package.json. */
export const DEFAULT_CONFIG: Readonly<Config> = {
  sources: Object.fromEntries(SOURCE_IDS.map((id) => [id, { enabled: true, roots: [] }])) as unknown as Record<SourceId, SourceSettings>,
  genericLogs: [],
  spool: { folder: '~/.session-doctor/spool' },
  recipes: resolveRecipes(undefined).recipes,
  recipeProblems: [],
  activeSessionWindowHours: 24,
  detection: { errorRepeatCount: 3, errorWindowSeconds: 300, toolLoopCount: 3, customRules: [] },
  budget: { capUsd: 0 },
  recovery: { mode: 'suggest', maxAutoRetries: 2 },
  notifications: { minimumSeverity: 'CRITICAL', cooldownMinutes: 10, groupWindowMs: 1500 },
  concurrency: { limit: 10, liveWindowMinutes: 180, idleCleanupHours: 2, headroom: 2, prioritySessions: [] },
  policy: { overrides: {} },
  claudeCode: {
    terminalNames: ['claude', 'Claude Code'],
  },
  terminals: { enabled: true, agentCommands: [] },
  outputChannels: { enabled: true, names: [...DEFAULT_CHANNEL_NAMES] },
  store: { maxEventsPerSession: 2000, retentionDays: 7 },
  health: { stuckMinutes: 5, maxMessages: 200, messageWarnPercent: 85, idleResetMinutes: 1440, dailyResetHour: 4, contextWarnPercent: 80 },
};

/**
 * Settings restricted in untrusted workspaces (also listed in package.json `capabilities.untrustedWorkspaces.restrictedConfigurations`),
 * without the `sessionDoctor.` prefix.
 */
export const RESTRICTED_SETTINGS = ['recipes', 'claudeCode.terminalNames', 'spool.folder', 'sources.generic.logs', 'terminals.agentCommands'] as const;

/**
 * Reads and validates all settings. Never throws: a value of the wrong type or out of range falls back to the default
 * (numbers are clamped).
 */
export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const d = DEFAULT_CONFIG;
  const trustedNames = trustedValue(c, 'claudeCode.terminalNames');
  const { recipes, problems: recipeProblems } = resolveRecipes(trustedValue(c, 'recipes'));
  const spoolFolder = trustedValue(c, 'spool.folder');
  const sources = {} as Record<SourceId, SourceSettings>;
  for (const id of SOURCE_IDS) {
    const enabled = c.get(`sources.${id}.enabled`);
    sources[id] = { enabled: typeof enabled === 'boolean' ? enabled : true, roots: expandPaths(stringArray(c.get(`sources.${id}.roots`)) ?? []) };
  }
  if (sources['claude-code'].roots.length === 0) {
    // Migration: the old `transcriptRoots` setting (no longer contributed) still counts while it is set.
    sources['claude-code'].roots = expandPaths(stringArray(c.get('transcriptRoots')) ?? []);
  }
  return {
    sources,
    genericLogs: trustedValue(c, 'sources.generic.logs') ?? [],
    spool: { folder: typeof spoolFolder === 'string' ? (spoolFolder.trim() === '' ? '' : expandPaths([spoolFolder])[0]) : expandPaths([d.spool.folder])[0] },
    recipes,
    recipeProblems,
    activeSessionWindowHours: num(c.get('activeSessionWindowHours'), d.activeSessionWindowHours, 1, 720),
    detection: {
      errorRepeatCount: int(c.get('detection.errorRepeatCount'), d.detection.errorRepeatCount, 2, 100),
      errorWindowSeconds: num(c.get('detection.errorWindowSeconds'), d.detection.errorWindowSeconds, 10, 86_400),
      toolLoopCount: int(c.get('detection.toolLoopCount'), d.detection.toolLoopCount, 2, 100),
      customRules: c.get('detection.customRules') ?? [],
    },
    budget: { capUsd: num(c.get('budget.capUsd'), d.budget.capUsd, 0, 1_000_000) },
    recovery: {
      mode: oneOf(c.get('recovery.mode'), ['off', 'suggest', 'auto'] as const, d.recovery.mode),
      maxAutoRetries: int(c.get('recovery.maxAutoRetries'), d.recovery.maxAutoRetries, 0, 20),
    },
    notifications: {
      minimumSeverity: oneOf(c.get('notifications.minimumSeverity'), SEVERITIES, d.notifications.minimumSeverity),
      cooldownMinutes: num(c.get('notifications.cooldownMinutes'), d.notifications.cooldownMinutes, 0, 1440),
      groupWindowMs: int(c.get('notifications.groupWindowMs'), d.notifications.groupWindowMs, 0, 10_000),
    },
    concurrency: {
      limit: int(c.get('concurrency.limit'), d.concurrency.limit, 0, 1000),
      liveWindowMinutes: num(c.get('concurrency.liveWindowMinutes'), d.concurrency.liveWindowMinutes, 1, 1440),
      idleCleanupHours: num(c.get('concurrency.idleCleanupHours'), d.concurrency.idleCleanupHours, 0.25, 168),
      headroom: int(c.get('concurrency.headroom'), d.concurrency.headroom, 0, 1000),
      prioritySessions: stringArray(c.get('concurrency.prioritySessions')) ?? [],
    },
    policy: { overrides: c.get('policy.overrides') ?? {} },
    claudeCode: {
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
    health: {
      stuckMinutes: num(c.get('watchdog.stuckMinutes'), d.health.stuckMinutes, 1, 1440),
      maxMessages: int(c.get('sessions.maxMessages'), d.health.maxMessages, 0, 100_000),
      messageWarnPercent: num(c.get('sessions.warnPercent'), d.health.messageWarnPercent, 50, 100),
      idleResetMinutes: num(c.get('sessions.idleResetMinutes'), d.health.idleResetMinutes, 0, 43_200),
      dailyResetHour: int(c.get('sessions.dailyResetHour'), d.health.dailyResetHour, -1, 23),
      contextWarnPercent: num(c.get('context.warnPercent'), d.health.contextWarnPercent, 50, 100),
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
 * severities or strategies) and `detection.customRules` (which rule, and why: unknown type, pattern that RE2 rejects...);
 * the bad entries are left out, the others apply. Never throws.
 */
export function toEngineConfig(config: Config): { engineConfig: EngineConfig; problems: string[] } {
  const { overrides, problems } = parsePolicyOverrides(config.policy.overrides);
  const compiled = compileRules(config.detection.customRules);
  problems.push(...compiled.problems);
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
      rules: compiled.rules,
      health: {
        stuckMs: config.health.stuckMinutes * 60_000,
        maxMessages: config.health.maxMessages,
        messageWarnPercent: config.health.messageWarnPercent,
        idleResetMs: config.health.idleResetMinutes * 60_000,
        dailyResetHour: config.health.dailyResetHour,
        contextWarnPercent: config.health.contextWarnPercent,
      },
    },
    problems: [...problems, ...config.recipeProblems],
  };
}

/**
 * Absolute paths: `~` expanded, relative paths taken from the home folder, blanks and duplicates dropped.
 */
export function expandPaths(configured: readonly string[], home: string = os.homedir()): string[] {
  const expand = (t: string): string => {
    const tilde = t === '~' ? home : t.startsWith('~/') || t.startsWith('~\\') ? path.join(home, t.slice(2)) : t;
    return path.resolve(home, tilde);
  };
  return [...new Set(configured.map((p) => p.trim()).filter((p) => p.length > 0).map(expand))];
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
