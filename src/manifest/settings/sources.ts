/**
 * Settings of what Session Doctor reads and how it reaches the agents: one `sources.<id>.enabled` / `.roots` block per
 * source id of src/core/agents/index.ts (`SOURCE_IDS`), the generic logs, the spool, the recovery recipes (one schema
 * block per agent id, `AGENT_IDS`), terminals and output channels. Pure data module.
 */
import { AGENT_IDS, SOURCE_IDS } from '../../core/agents/index';
import { DEFAULT_CHANNEL_NAMES } from '../../core/ingest/outputChannels';
import type { InterruptKey, Recipe } from '../../core/recovery/recipes';
import { commandSpec } from '../commands';
import { Json, SettingSpec, settingLink } from '../settingSpec';

/** The source id of the configured line logs (`sources.generic.logs`); it has no `roots`. */
export const GENERIC_SOURCE_ID = 'generic';

/** The first `order` of the sources blocks: source number `i` takes `200 + 2i` (enabled) and `201 + 2i` (roots or logs). */
const SOURCES_ORDER = 200;

/** The first `order` after the sources blocks (the spool folder, then the recipes): it grows with the list of sources. */
const AFTER_SOURCES_ORDER = SOURCES_ORDER + 2 * SOURCE_IDS.length;

/** What each source reads (`what`) and where when no roots are set (`roots`), for the descriptions of its settings. */
const SOURCE_TEXT: Readonly<Record<string, { what: string; roots: string }>> = {
  'claude-code': {
    what: 'Claude Code transcripts',
    roots:
      'Empty means `$CLAUDE_CONFIG_DIR/projects`, or `~/.claude/projects` when `CLAUDE_CONFIG_DIR` is not set (`<root>/<project>/<session>.jsonl`).',
  },
  codex: {
    what: 'Codex CLI session rollouts',
    roots: 'Empty means `$CODEX_HOME/sessions`, or `~/.codex/sessions` (`YYYY/MM/DD/rollout-*.jsonl`).',
  },
  gemini: { what: 'Gemini CLI session files', roots: 'Empty means the Gemini CLI folder under `~/.gemini/`.' },
  'gemini-errors': {
    what: 'Gemini CLI error reports',
    roots:
      "Empty means the temp folder, where the CLI writes `gemini-client-error-*.json` (the only record of a headless run's API error).",
  },
  qwen: {
    what: 'Qwen Code sessions',
    roots: 'Empty means `$QWEN_RUNTIME_DIR`, `$QWEN_HOME` or `~/.qwen` (`projects/<project>/chats/<session>.jsonl`).',
  },
  aider: { what: 'Aider chat histories', roots: "Empty means the workspace folders (each folder's `.aider.chat.history.md`)." },
  opencode: {
    what: "opencode's sessions (its SQLite database with the `-wal` beside it, read-only)",
    roots:
      'Empty means `$XDG_DATA_HOME/opencode` or `~/.local/share/opencode` (`opencode.db`, `opencode-<channel>.db`), and `$OPENCODE_DB` when set.',
  },
  'opencode-log': {
    what: "opencode's log (the API errors it retried, one line per attempt)",
    roots: 'Empty means `$XDG_DATA_HOME/opencode/log` or `~/.local/share/opencode/log` (`opencode.log`).',
  },
  pi: {
    what: 'pi sessions',
    roots:
      'Empty means `$PI_CODING_AGENT_SESSION_DIR`, and `$PI_CODING_AGENT_DIR/sessions` or `~/.pi/agent/sessions` (`--<folder>--/<time>_<session>.jsonl`).',
  },
  'copilot-cli': {
    what: 'GitHub Copilot CLI sessions',
    roots: 'Empty means `$COPILOT_HOME/session-state` or `~/.copilot/session-state` (`<session>/events.jsonl`).',
  },
  cline: {
    what: 'Cline task histories',
    roots:
      "Empty means the Cline CLI's `~/.cline/data/tasks` (`$CLINE_DIR`, `$CLINE_DATA_DIR`) and `User/globalStorage/saoudrizwan.claude-dev/tasks` of VS Code, Insiders, VSCodium, Cursor, Windsurf, code-server and their remote servers (`<task>/ui_messages.json`).",
  },
  roo: {
    what: 'Roo Code task histories',
    roots:
      'Empty means `User/globalStorage/rooveterinaryinc.roo-cline/tasks` of VS Code, Insiders, VSCodium, Cursor, Windsurf, code-server and their remote servers (`<task>/ui_messages.json`).',
  },
  continue: {
    what: 'Continue CLI sessions',
    roots: 'Empty means `$CONTINUE_GLOBAL_DIR/sessions` (when absolute) and `~/.continue/sessions` (`<session>.json`).',
  },
  kilo: {
    what: 'Kilo Code task histories',
    roots:
      'Empty means `User/globalStorage/kilocode.kilo-code/tasks` of VS Code, Insiders, VSCodium, Cursor, Windsurf, code-server and their remote servers (`<task>/ui_messages.json`).',
  },
};

/** The `sources.<id>.*` settings of one source (number `index` in `SOURCE_IDS`). */
function sourceSettings(id: string, index: number): SettingSpec[] {
  const order = SOURCES_ORDER + 2 * index;
  if (id === GENERIC_SOURCE_ID) {
    return [
      {
        key: 'sources.generic.enabled',
        type: 'boolean',
        default: true,
        scope: 'window',
        order,
        markdownDescription: `Read the line logs configured in ${settingLink('sources.generic.logs')}.`,
      },
      genericLogs(order + 1),
    ];
  }
  const text = SOURCE_TEXT[id] ?? { what: `\`${id}\` files`, roots: 'Empty means where the agent writes them.' };
  return [
    {
      key: `sources.${id}.enabled`,
      type: 'boolean',
      default: true,
      scope: 'window',
      order,
      markdownDescription: `Read ${text.what}. Turn off to stop watching them (sessions already found stay in the store until they age out).`,
    },
    {
      key: `sources.${id}.roots`,
      type: 'array',
      items: { type: 'string' },
      default: [],
      scope: 'machine-overridable',
      order: order + 1,
      markdownDescription: `Folders searched for ${text.what}. ${text.roots} \`~\` is expanded.`,
    },
  ];
}

/** `sources.generic.logs`. */
function genericLogs(order: number): SettingSpec {
  return {
    key: 'sources.generic.logs',
    type: 'array',
    default: [],
    scope: 'machine-overridable',
    order,
    restricted: true,
    schema: {
      items: {
        type: 'object',
        required: ['glob'],
        additionalProperties: false,
        properties: {
          glob: { type: 'string', markdownDescription: 'Absolute glob of the log files, e.g. `~/.hermes/logs/*.log` (`~` is expanded).' },
          agent: {
            type: 'string',
            enum: [...AGENT_IDS],
            markdownDescription: 'The agent that writes these logs (its recovery recipe applies). Default `generic`.',
          },
          timestampPattern: {
            type: 'string',
            markdownDescription:
              "RE2 pattern whose first capture group is the line's time (ISO 8601 or `YYYY-MM-DD HH:MM:SS[,mmm]`). Default: a leading ISO-like time.",
          },
          sessionPattern: {
            type: 'string',
            markdownDescription:
              'RE2 pattern whose first capture group is the session id, e.g. `\\\\[([\\\\w-]+)\\\\]`. Lines without it belong to one session per file.',
          },
        },
      },
    },
    markdownDescription: `Generic line logs of agents that write no transcript (e.g. a Hermes-style \`agent.log\` / \`gateway.log\`): \`[{ "glob": "~/.hermes/logs/agent.log", "sessionPattern": "\\\\[([\\\\w-]+)\\\\]" }]\`. Each line is one event; error lines are detected like transcript errors. Patterns are RE2 (linear time) and checked when the setting is read.`,
  };
}

/** The keys an interrupt may name (`''`: none), as a recipe's `interrupt` takes them. */
const INTERRUPT_KEYS: Readonly<Record<InterruptKey, true>> = { escape: true, 'ctrl-c': true, '': true };

/** What each field of a recipe does. */
const RECIPE_FIELD_HELP: Readonly<Record<keyof Recipe, string>> = {
  compact: "Typed into the agent's terminal to compact the context.",
  clear: "Typed into the agent's terminal to clear the conversation.",
  interrupt: 'Key that interrupts the agent\'s turn (`""`: none).',
  resume: 'Shell command that restarts the agent on the same session; `${sessionId}` is replaced.',
  fresh: 'Shell command that starts a fresh session.',
  promptFix: `Typed into the agent's terminal by **${commandSpec('retryWithPromptFix').title}**.`,
  continue: "Typed into the agent's terminal when a usage limit it halted on has reset (resume at reset).",
};

/** The JSON schema of one agent's recipe override. */
function recipeSchema(): Json {
  const properties: Record<string, Json> = {};
  for (const [field, help] of Object.entries(RECIPE_FIELD_HELP)) {
    properties[field] =
      field === 'interrupt'
        ? { type: 'string', enum: Object.keys(INTERRUPT_KEYS), markdownDescription: help }
        : { type: 'string', markdownDescription: help };
  }
  return { type: 'object', additionalProperties: false, properties };
}

/** Settings of the sources, the spool, the recipes, terminals and output channels. */
export const SOURCE_SETTINGS: readonly SettingSpec[] = [
  {
    key: 'claudeCode.terminalNames',
    type: 'array',
    items: { type: 'string' },
    default: ['claude', 'Claude Code'],
    scope: 'machine-overridable',
    order: 66,
    restricted: true,
    markdownDescription: `Names that identify the terminal running Claude Code: a terminal named like one of them, or running a command line whose program is one of them. A terminal in the session's folder is preferred.`,
  },
  {
    key: 'terminals.enabled',
    type: 'boolean',
    default: true,
    scope: 'window',
    order: 180,
    markdownDescription: `Read what agent CLIs (\`claude\`, \`codex\`, \`gemini\`, \`aider\`, \`qwen\`, \`opencode\` and ${settingLink('terminals.agentCommands')}) print in VS Code terminals, through shell integration: their own error lines become findings, and a crash of the agent (non-zero exit, killed) is a **Process crash** finding. Terminals are listed in the **Terminals** view.`,
  },
  {
    key: 'terminals.agentCommands',
    type: 'array',
    items: { type: 'string' },
    default: [],
    scope: 'machine-overridable',
    order: 181,
    restricted: true,
    markdownDescription: `More program names that start an agent CLI in a terminal (e.g. \`my-agent\`), besides \`claude\`, \`codex\`, \`gemini\`, \`aider\`, \`qwen\` and \`opencode\`. Env prefixes, \`npx\`/\`bunx\`/\`pnpm dlx\` and paths are handled.`,
  },
  {
    key: 'outputChannels.enabled',
    type: 'boolean',
    default: true,
    scope: 'window',
    order: 182,
    markdownDescription: `Read the output channels of agent extensions named in ${settingLink('outputChannels.names')} (from the log files VS Code writes them to) and report their errors; each channel is one session \`output:<channel>\`.`,
  },
  {
    key: 'outputChannels.names',
    type: 'array',
    items: { type: 'string' },
    default: [...DEFAULT_CHANNEL_NAMES],
    scope: 'window',
    order: 183,
    markdownDescription:
      "Output channel names to read (as in the Output panel's list, case-insensitive; a trailing `*` matches names starting with the rest, e.g. `Roo*`).",
  },
  ...SOURCE_IDS.flatMap((id, i) => sourceSettings(id, i)),
  {
    key: 'spool.folder',
    type: 'string',
    default: '~/.session-doctor/spool',
    scope: 'machine-overridable',
    order: AFTER_SOURCES_ORDER,
    restricted: true,
    markdownDescription: `Folder of \`*.jsonl\` files that agent hooks append to: Claude Code hook payloads (\`Stop\`, \`Notification\`, \`PreCompact\`, \`SessionStart\`, ...) or \`{ "sessionId", "text", "budgetUsed"?, "agent"? }\` objects, one per line. Empty turns the spool off. \`~\` is expanded.`,
  },
  {
    key: 'recipes',
    type: 'object',
    default: {},
    scope: 'machine-overridable',
    order: AFTER_SOURCES_ORDER + 5,
    restricted: true,
    schema: { additionalProperties: false, properties: Object.fromEntries(AGENT_IDS.map((id) => [id, recipeSchema()])) },
    markdownDescription:
      'Recovery recipes per agent, laid over the built-in ones field by field, e.g. `{ "claude-code": { "resume": "claude --resume ${sessionId}" }, "codex": { "compact": "" } }`. Fields: `compact`, `clear`, `promptFix`, `continue` (typed into the agent\'s terminal; `continue` at a usage limit\'s reset), `interrupt` (`escape` or `ctrl-c`), `resume` and `fresh` (shell commands; `${sessionId}` is replaced). An empty string means the agent cannot do that recovery, and it is not offered. Built-in: Claude Code `/compact` `/clear` Escape `claude --resume ${sessionId}` `claude`; Codex `/compact` `/new` Escape `codex resume ${sessionId}` `codex`; Gemini `/compress` `/clear` Escape `gemini --resume ${sessionId}` `gemini`; Aider `/clear` Ctrl+C `aider --restore-chat-history` `aider` (no compact).',
  },
];
