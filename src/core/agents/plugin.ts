/**
 * What Session Doctor knows about one agent, in one object: {@link AgentPlugin}. Each agent's folder under src/core/agents/
 * exports one; src/core/agents/index.ts lists them, and every other list (program names, recipes, settings blocks, channel
 * names, context windows, prices, display names) is derived from that list. Pure module: types and constants only.
 */
import type { AgentKind } from '../model/event';
import type { TranscriptKind } from '../ingest/transcriptKind';

/** The key that interrupts an agent's turn: Escape, Ctrl+C, or none (`''`: interrupt not offered). */
export type InterruptKey = 'escape' | 'ctrl-c' | '';

/** One agent's recovery recipe. Every field may be `''`, which means the agent cannot do that recovery. */
export interface Recipe {
  /** Typed into the agent's terminal (then Enter) to compact the context, e.g. `/compact`. */
  compact: string;
  /** Typed into the agent's terminal to clear the conversation, e.g. `/clear`. */
  clear: string;
  /** Key sent to interrupt the current turn. */
  interrupt: InterruptKey;
  /** Shell command that restarts the agent on the same session; `${sessionId}` is replaced by the (shell-safe) id. */
  resume: string;
  /** Shell command that starts a fresh session of the agent. */
  fresh: string;
  /** Typed into the agent's terminal by "Retry with Prompt Fix". */
  promptFix: string;
  /**
   * Typed into the agent's terminal (then Enter) when a usage limit it halted on has reset, so that it goes on with the
   * halted work (resume at reset); `''`: the agent cannot be resumed by typing.
   */
  continue: string;
}

/** The corrective prompt typed by "Retry with Prompt Fix" unless overridden. */
export const DEFAULT_PROMPT_FIX = "Your last tool call was malformed. Retry it with valid JSON arguments that match the tool's schema.";

/** The recipe of an agent that has no terminal recoveries (IDE extensions). */
export const NO_RECIPE: Recipe = { compact: '', clear: '', interrupt: '', resume: '', fresh: '', promptFix: '', continue: '' };

/** One context-window row: a model id prefix (lower case; the longest matching prefix wins) and its window (tokens). */
export interface ContextWindowRow {
  prefix: string;
  tokens: number;
}

/** Prices of one model family in USD per million tokens. */
export interface ModelPrice {
  /** Matched against the model id: the first entry whose `match` occurs in the lower-cased id wins. */
  match: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * How a command line resumes a session of the agent: `flags` take the id as their value (`--resume <id>`, `--resume=<id>`),
 * `subcommand` takes it as the next word (`codex resume <id>`).
 */
export interface ResumeSyntax {
  flags: readonly string[];
  subcommand?: string;
}

/** Keys that end the agent's process in its terminal, sent in order with a short pause between them. */
export type EndKey = 'ctrl-c' | 'ctrl-d' | 'escape';

/** Everything Session Doctor knows about one agent. */
export interface AgentPlugin {
  /** Stable id (the `agent` of its events, the key of `sessionDoctor.recipes`), e.g. `claude-code`. */
  readonly id: AgentKind;
  /** Name shown to the user, e.g. `Claude Code`. */
  readonly displayName: string;
  /** Program and package names that start it in a shell (`claude`, `@anthropic-ai/claude-code`), lower case. */
  readonly programs: readonly string[];
  /** How its command line names the session it resumes. */
  readonly resume: ResumeSyntax;
  /** The files it writes that Session Doctor reads, with discovery and parser; [] when none are read yet. */
  readonly kinds: readonly TranscriptKind[];
  /** Its recovery recipe (defaults for `sessionDoctor.recipes.<id>`), from its own CLI's commands. */
  readonly recipe: Recipe;
  /**
   * VS Code output channels: `defaults` are watched unless `sessionDoctor.outputChannels.names` says otherwise; `matches`
   * are lower-case words of a channel name or extension id that tie a channel to this agent (the longest match wins).
   */
  readonly outputChannels: { readonly defaults: readonly string[]; readonly matches: readonly string[] };
  /** Context windows of the models it runs (tokens), where known. */
  readonly contextWindows: readonly ContextWindowRow[];
  /** Prices of the models it runs (USD per million tokens), where known; a model without a price has no cost. */
  readonly prices: readonly ModelPrice[];
  /** Keys that end its process in a terminal ([] when it does not run in a terminal). */
  readonly endKeys: readonly EndKey[];
  /**
   * True when its files record every failed request (its retries and its own timeouts too), so that a prompt or tool
   * result with nothing after it is a request that never answered: `session-doctor scan` reports it as a hang once it
   * is older than the watchdog threshold. Set only where real hang fixtures showed it; absent means false.
   */
  readonly unansweredIsHang?: boolean;
}
