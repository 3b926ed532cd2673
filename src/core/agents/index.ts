/**
 * The agents Session Doctor knows: the one list. Each entry is the {@link AgentPlugin} of one folder beside this file;
 * program names, recipes, source settings, output channels, context windows, prices and display names are derived from it.
 * To add an agent: add its folder (plugin.ts, FORMAT.md, its parser and kind) and one line here. Pure module.
 */
import type { AgentKind } from '../model/event';
import { aiderPlugin } from './aider/plugin';
import { claudePlugin } from './claude/plugin';
import { clinePlugin } from './cline/plugin';
import { codexPlugin } from './codex/plugin';
import { continuePlugin } from './continue/plugin';
import { copilotCliPlugin } from './copilot/plugin';
import { copilotChatPlugin } from './copilotChat/plugin';
import { geminiPlugin } from './gemini/plugin';
import { genericPlugin } from './generic/plugin';
import { kiloPlugin } from './kilo/plugin';
import { opencodePlugin } from './opencode/plugin';
import { piPlugin } from './pi/plugin';
import type { AgentPlugin } from './plugin';
import { qwenPlugin } from './qwen/plugin';
import { rooPlugin } from './roo/plugin';

/** Every agent plug-in, in display order; `generic` (any other agent) last. */
export const AGENTS: readonly AgentPlugin[] = [
  claudePlugin,
  codexPlugin,
  geminiPlugin,
  qwenPlugin,
  aiderPlugin,
  opencodePlugin,
  copilotChatPlugin,
  copilotCliPlugin,
  clinePlugin,
  rooPlugin,
  kiloPlugin,
  piPlugin,
  continuePlugin,
  genericPlugin,
];

/** Ids of every agent (`sessionDoctor.recipes` keys, the `agent` of events). */
export const AGENT_IDS: readonly AgentKind[] = AGENTS.map((a) => a.id);

/** Ids of the sources with `sessionDoctor.sources.<id>` settings: every agent's transcript kinds, then `generic` (configured logs). */
export const SOURCE_IDS: readonly string[] = [...AGENTS.flatMap((a) => a.kinds.map((k) => k.id)), 'generic'];

/** The plug-in of an agent id; the generic plug-in for an id no plug-in has. */
export function agentPlugin(id: string): AgentPlugin {
  return AGENTS.find((a) => a.id === id) ?? genericPlugin;
}

/** True when `id` is the id of a plug-in. */
export function isAgentId(id: unknown): id is AgentKind {
  return typeof id === 'string' && AGENTS.some((a) => a.id === id);
}

/** The display name of an agent id (the id itself when no plug-in has it). */
export function agentName(id: string): string {
  return AGENTS.find((a) => a.id === id)?.displayName ?? id;
}
