/**
 * Settings (`sessionDoctor.*`): the typed {@link Config}, read in one place. Nothing else in the extension calls
 * `vscode.workspace.getConfiguration('sessionDoctor')`.
 *
 * Security: the settings that hold text Session Doctor types into a terminal or runs in a shell (`recipes`: compact,
 * clear, resume, fresh, prompt fix; the terminal names that decide where keystrokes go; the spool folder and generic
 * log globs that decide what is read) are read through `inspect()`; in an untrusted workspace only their user (global)
 * or default values count, never workspace or folder values. Which settings those are, and every default, bound and
 * enum, comes from the settings table in src/manifest/settings.ts (package.json is generated from the same table).
 */
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { SEVERITIES, Severity } from '../../core/model/failures';
import { RecipeTable, resolveRecipes } from '../../core/recovery/recipes';
import { SOURCE_IDS } from '../../core/agents/index';
import {
  GENERIC_SOURCE_ID,
  RECOVERY_MODES,
  RESTRICTED_SETTINGS,
  RecoveryMode,
  SETTINGS_PREFIX,
  booleanSetting,
  numberSetting,
  settingSpec,
  stringArrayDefault,
  stringSetting,
} from '../../manifest/settings';

/** The configuration section. */
export const CONFIG_SECTION = SETTINGS_PREFIX;

export type { RecoveryMode };

/**
 * Setting keys (without the prefix) an untrusted workspace may not set: the rows of src/manifest/settings marked
 * `restricted` (package.json `capabilities.untrustedWorkspaces.restrictedConfigurations` lists the same).
 */
export { RESTRICTED_SETTINGS };

/** Ids of the sources with `sources.<id>.enabled` / `.roots` settings (src/core/agents/index.ts `SOURCE_IDS`). */
export { SOURCE_IDS };

/** A source id with settings. A transcript kind without settings is enabled with its default roots. */
export type SourceId = (typeof SOURCE_IDS)[number];

/** One source's settings. */
export interface SourceSettings {
  /** `sources.<id>.enabled` (default true). */
  enabled: boolean;
  /** `sources.<id>.roots`, absolute, `~` expanded; [] means the kind's default roots. */
  roots: string[];
}

/**
 * All settings, validated: numbers clamped to the bounds of src/manifest/settings (integers rounded), unknown enum values
 * and values of the wrong type replaced by the default there.
 */
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
  /** Problems found in `recipes` (reported with the policy problems by `toEngineConfig` (engineSettings.ts)). */
  recipeProblems: string[];
  /** Sessions with activity within this many hours are shown. */
  activeSessionWindowHours: number;
  detection: {
    /** The same failure this many times within the window escalates one level. */
    errorRepeatCount: number;
    /** The window, seconds. */
    errorWindowSeconds: number;
    /** The same tool call with the same input this many times in a row is a loop. */
    toolLoopCount: number;
    /**
     * Raw `detection.customRules` (array of { type, pattern, severity?, strategy?, flags? }); compiled and checked by
     * `toEngineConfig` (engineSettings.ts). Workspace values count in untrusted workspaces too: a rule only classifies text.
     */
    customRules: unknown;
  };
  budget: {
    /** Per-session cost cap, USD; 0 = off. */
    capUsd: number;
  };
  recovery: {
    mode: RecoveryMode;
    /** Recoveries of non-critical findings in one session before escalating to CRITICAL / halt. */
    maxAutoRetries: number;
  };
  notifications: {
    /** Findings at or above this severity notify. */
    minimumSeverity: Severity;
    /** At most one notification per session and failure type per this many minutes (0 = no cooldown). */
    cooldownMinutes: number;
    /** Findings detected within this many ms of the first become one notification. */
    groupWindowMs: number;
  };
  concurrency: {
    /** Live sessions allowed across every source; 0 turns the tiered alerts off. */
    limit: number;
    /** A session active within this many minutes counts as live. */
    liveWindowMinutes: number;
    /** Live sessions idle this many hours are cleanup candidates. */
    idleCleanupHours: number;
    /** Free slots under the limit the cleanup aims to keep. */
    headroom: number;
    /** Session names or patterns never cleaned up. */
    prioritySessions: string[];
  };
  policy: {
    /** Raw `policy.overrides` (failure type -> { severity?, strategy? }); checked by `toEngineConfig` (engineSettings.ts). */
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
    /** Events kept per session. */
    maxEventsPerSession: number;
    /** Days events and resolved findings are kept. */
    retentionDays: number;
  };
  /** Session health: `watchdog.stuckMinutes`, `sessions.maxMessages` / `warnPercent` / `idleResetMinutes` / `dailyResetHour`, `context.warnPercent`. */
  health: {
    /** Minutes without an assistant response before a running session is stuck. */
    stuckMinutes: number;
    /** Messages per session before the marathon limit (0 = unlimited). */
    maxMessages: number;
    /** Warn at this percentage of the limit. */
    messageWarnPercent: number;
    /** Idle minutes that reset the message count (0 = off). */
    idleResetMinutes: number;
    /** Local hour of the daily reset of the message count (-1 = off). */
    dailyResetHour: number;
    /** Warn at this percentage of the model's context window. */
    contextWarnPercent: number;
  };
}

/** Default values: the defaults of src/manifest/settings (which package.json is generated from). */
export const DEFAULT_CONFIG: Readonly<Config> = {
  sources: Object.fromEntries(SOURCE_IDS.map((id) => [id, defaultSource(id)])) as Record<SourceId, SourceSettings>,
  genericLogs: settingSpec('sources.generic.logs').default,
  spool: { folder: stringSetting('spool.folder').default },
  recipes: resolveRecipes(undefined).recipes,
  recipeProblems: [],
  activeSessionWindowHours: numberSetting('activeSessionWindowHours').default,
  detection: {
    errorRepeatCount: numberSetting('detection.errorRepeatCount').default,
    errorWindowSeconds: numberSetting('detection.errorWindowSeconds').default,
    toolLoopCount: numberSetting('detection.toolLoopCount').default,
    customRules: settingSpec('detection.customRules').default,
  },
  budget: { capUsd: numberSetting('budget.capUsd').default },
  recovery: { mode: enumDefault('recovery.mode', RECOVERY_MODES), maxAutoRetries: numberSetting('recovery.maxAutoRetries').default },
  notifications: {
    minimumSeverity: enumDefault('notifications.minimumSeverity', SEVERITIES),
    cooldownMinutes: numberSetting('notifications.cooldownMinutes').default,
    groupWindowMs: numberSetting('notifications.groupWindowMs').default,
  },
  concurrency: {
    limit: numberSetting('concurrency.limit').default,
    liveWindowMinutes: numberSetting('concurrency.liveWindowMinutes').default,
    idleCleanupHours: numberSetting('concurrency.idleCleanupHours').default,
    headroom: numberSetting('concurrency.headroom').default,
    prioritySessions: stringArrayDefault('concurrency.prioritySessions'),
  },
  policy: { overrides: settingSpec('policy.overrides').default },
  claudeCode: { terminalNames: stringArrayDefault('claudeCode.terminalNames') },
  terminals: { enabled: booleanSetting('terminals.enabled').default, agentCommands: stringArrayDefault('terminals.agentCommands') },
  outputChannels: { enabled: booleanSetting('outputChannels.enabled').default, names: stringArrayDefault('outputChannels.names') },
  store: {
    maxEventsPerSession: numberSetting('store.maxEventsPerSession').default,
    retentionDays: numberSetting('store.retentionDays').default,
  },
  health: {
    stuckMinutes: numberSetting('watchdog.stuckMinutes').default,
    maxMessages: numberSetting('sessions.maxMessages').default,
    messageWarnPercent: numberSetting('sessions.warnPercent').default,
    idleResetMinutes: numberSetting('sessions.idleResetMinutes').default,
    dailyResetHour: numberSetting('sessions.dailyResetHour').default,
    contextWarnPercent: numberSetting('context.warnPercent').default,
  },
};

/**
 * Reads and validates all settings. Never throws: a value of the wrong type or out of range falls back to the default
 * (numbers are clamped). Restricted settings (`restricted` in src/manifest/settings) count only their user or default
 * value in an untrusted workspace.
 */
export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const d = DEFAULT_CONFIG;
  const get = (key: string): unknown => read(c, key);
  const number = (key: string): number => numberValue(get(key), key);
  const { recipes, problems: recipeProblems } = resolveRecipes(get('recipes'));
  const spoolFolder = get('spool.folder');
  const sources = {} as Record<SourceId, SourceSettings>;
  for (const id of SOURCE_IDS) {
    const enabled = get(`sources.${id}.enabled`);
    const roots = id === GENERIC_SOURCE_ID ? undefined : stringArray(get(`sources.${id}.roots`));
    sources[id] = {
      enabled: typeof enabled === 'boolean' ? enabled : d.sources[id].enabled,
      roots: expandPaths(roots ?? d.sources[id].roots),
    };
  }
  if (sources['claude-code'] && sources['claude-code'].roots.length === 0) {
    // Migration: the old `transcriptRoots` setting (no longer contributed) still counts while it is set.
    sources['claude-code'].roots = expandPaths(stringArray(c.get('transcriptRoots')) ?? []);
  }
  return {
    sources,
    genericLogs: get('sources.generic.logs') ?? d.genericLogs,
    spool: {
      folder:
        typeof spoolFolder === 'string'
          ? spoolFolder.trim() === ''
            ? ''
            : expandPaths([spoolFolder])[0]
          : expandPaths([d.spool.folder])[0],
    },
    recipes,
    recipeProblems,
    activeSessionWindowHours: number('activeSessionWindowHours'),
    detection: {
      errorRepeatCount: number('detection.errorRepeatCount'),
      errorWindowSeconds: number('detection.errorWindowSeconds'),
      toolLoopCount: number('detection.toolLoopCount'),
      customRules: get('detection.customRules') ?? d.detection.customRules,
    },
    budget: { capUsd: number('budget.capUsd') },
    recovery: {
      mode: oneOf(get('recovery.mode'), RECOVERY_MODES, d.recovery.mode),
      maxAutoRetries: number('recovery.maxAutoRetries'),
    },
    notifications: {
      minimumSeverity: oneOf(get('notifications.minimumSeverity'), SEVERITIES, d.notifications.minimumSeverity),
      cooldownMinutes: number('notifications.cooldownMinutes'),
      groupWindowMs: number('notifications.groupWindowMs'),
    },
    concurrency: {
      limit: number('concurrency.limit'),
      liveWindowMinutes: number('concurrency.liveWindowMinutes'),
      idleCleanupHours: number('concurrency.idleCleanupHours'),
      headroom: number('concurrency.headroom'),
      prioritySessions: stringArray(get('concurrency.prioritySessions')) ?? [...d.concurrency.prioritySessions],
    },
    policy: { overrides: get('policy.overrides') ?? d.policy.overrides },
    claudeCode: {
      terminalNames: stringArray(get('claudeCode.terminalNames')) ?? [...d.claudeCode.terminalNames],
    },
    terminals: {
      enabled: booleanValue(get('terminals.enabled'), d.terminals.enabled),
      agentCommands: stringArray(get('terminals.agentCommands')) ?? [...d.terminals.agentCommands],
    },
    outputChannels: {
      enabled: booleanValue(get('outputChannels.enabled'), d.outputChannels.enabled),
      names: stringArray(get('outputChannels.names')) ?? [...d.outputChannels.names],
    },
    store: {
      maxEventsPerSession: number('store.maxEventsPerSession'),
      retentionDays: number('store.retentionDays'),
    },
    health: {
      stuckMinutes: number('watchdog.stuckMinutes'),
      maxMessages: number('sessions.maxMessages'),
      messageWarnPercent: number('sessions.warnPercent'),
      idleResetMinutes: number('sessions.idleResetMinutes'),
      dailyResetHour: number('sessions.dailyResetHour'),
      contextWarnPercent: number('context.warnPercent'),
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
 * Absolute paths: `~` expanded, relative paths taken from the home folder, blanks and duplicates dropped.
 */
export function expandPaths(configured: readonly string[], home: string = os.homedir()): string[] {
  const expand = (t: string): string => {
    const tilde = t === '~' ? home : t.startsWith('~/') || t.startsWith('~\\') ? path.join(home, t.slice(2)) : t;
    return path.resolve(home, tilde);
  };
  return [
    ...new Set(
      configured
        .map((p) => p.trim())
        .filter((p) => p.length > 0)
        .map(expand),
    ),
  ];
}

/**
 * A setting's value. For a restricted one (src/manifest/settings `restricted`): the effective value in a trusted
 * workspace; in an untrusted one the user (global) value, else the default, ignoring workspace and folder values.
 */
function read(c: vscode.WorkspaceConfiguration, key: string): unknown {
  if (!settingSpec(key).restricted || vscode.workspace.isTrusted) {
    return c.get(key);
  }
  const i = c.inspect(key);
  return i?.globalValue ?? i?.defaultValue;
}

/** A source's default settings: `sources.<id>.enabled` and (except the generic logs) `.roots` from the table. */
function defaultSource(id: string): SourceSettings {
  return {
    enabled: booleanSetting(`sources.${id}.enabled`).default,
    roots: id === GENERIC_SOURCE_ID ? [] : stringArrayDefault(`sources.${id}.roots`),
  };
}

/** The default of an enum setting, checked against the values the code knows. Throws `Error` when it is not one of them. */
function enumDefault<T extends string>(key: string, allowed: readonly T[]): T {
  const def = stringSetting(key).default;
  if (!(allowed as readonly string[]).includes(def)) {
    throw new Error(`The default of sessionDoctor.${key} ("${def}") is not one of ${allowed.join(', ')}`);
  }
  return def as T;
}

/** A number setting's value: clamped to its bounds, rounded when it is an integer, its default when not a finite number. */
function numberValue(v: unknown, key: string): number {
  const s = numberSetting(key);
  const n = typeof v === 'number' && Number.isFinite(v) ? Math.min(s.maximum, Math.max(s.minimum, v)) : s.default;
  return s.type === 'integer' ? Math.round(n) : n;
}

function booleanValue(v: unknown, def: boolean): boolean {
  return typeof v === 'boolean' ? v : def;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], def: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : def;
}

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}
