/**
 * Which agent CLI a shell command line starts (the agent plug-ins' program names) and names the user configures (`sessionDoctor.terminals.agentCommands`), behind env assignments (`FOO=1 claude`), `env`, `exec`,
 * `time`, `nohup`, launchers (`npx [-y] @anthropic-ai/claude-code`, `bunx`, `pnpm dlx`, `yarn dlx`, `npm exec`,
 * `uvx`, `pipx run`), paths (`/usr/local/bin/claude`, `.\claude.exe`), quotes and package versions (`@openai/codex@0.5`).
 * Pure module.
 */
import type { AgentKind } from '../model/event';
import { AGENTS, agentPlugin } from './index';

/** Program names (and npm/PyPI package names) of the known agent CLIs: every plug-in's `programs`. */
export const KNOWN_AGENT_PROGRAMS: Readonly<Record<string, AgentKind>> = Object.fromEntries(
  AGENTS.flatMap((a) => a.programs.map((p) => [p, a.id])),
);

/** What {@link recogniseAgentCommand} finds. */
export interface AgentCommand {
  agent: AgentKind;
  /** The program as written, without path, quotes, version or `.exe` (e.g. `claude`, `@openai/codex`). */
  program: string;
  /** The words after the program (for `--resume <id>` and similar). */
  args: string[];
}

/** Words that run the next word as the command. */
const PREFIX_WORDS = new Set(['env', 'exec', 'time', 'nohup', 'command', 'sudo', 'caffeinate', 'stdbuf']);

/**
 * Recognises the agent a command line starts. Only the first command of a pipeline or list is looked at
 * (`claude | tee log` is claude; `cd x && codex` is codex: each `&&`/`;`-separated part is tried in turn).
 * @param extra configured program names; a name maps to `generic` unless it is one of the known programs
 * @returns undefined when no part of the line starts an agent
 */
export function recogniseAgentCommand(commandLine: string, extra: readonly string[] = []): AgentCommand | undefined {
  const extras = new Map<string, AgentKind>();
  for (const name of extra) {
    const n = name.trim().toLowerCase();
    if (n) {
      extras.set(n, KNOWN_AGENT_PROGRAMS[n] ?? 'generic');
    }
  }
  for (const part of commandLine.split(/&&|\|\||;/)) {
    const pipelineHead = part.split(/(?<!\|)\|(?!\|)/)[0];
    const found = recogniseSimple(splitWords(pipelineHead), extras);
    if (found) {
      return found;
    }
  }
  return undefined;
}

function recogniseSimple(words: string[], extras: Map<string, AgentKind>): AgentCommand | undefined {
  let i = 0;
  for (;;) {
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) {
      i++;
    }
    if (i < words.length && PREFIX_WORDS.has(baseName(words[i]))) {
      i++;
      while (i < words.length && words[i].startsWith('-')) {
        i++;
      }
      continue;
    }
    break;
  }
  const launcher = baseName(words[i] ?? '');
  if (launcher === 'npx' || launcher === 'bunx' || launcher === 'uvx') {
    i = skipOptions(words, i + 1);
  } else if ((launcher === 'pnpm' || launcher === 'yarn') && words[i + 1] === 'dlx') {
    i = skipOptions(words, i + 2);
  } else if (launcher === 'npm' && words[i + 1] === 'exec') {
    i = skipOptions(words, i + 2);
    if (words[i] === '--') {
      i++;
    }
  } else if (launcher === 'pipx' && words[i + 1] === 'run') {
    i = skipOptions(words, i + 2);
  } else if (launcher === 'python' || launcher === 'python3') {
    if (words[i + 1] === '-m') {
      i += 2;
    }
  }
  const word = words[i];
  if (!word) {
    return undefined;
  }
  const program = programName(word);
  const agent = extras.get(program) ?? KNOWN_AGENT_PROGRAMS[program];
  return agent ? { agent, program, args: words.slice(i + 1) } : undefined;
}

function skipOptions(words: string[], i: number): number {
  while (i < words.length && words[i].startsWith('-')) {
    // `npx -p pkg cmd`: `-p`/`--package` take a value.
    if ((words[i] === '-p' || words[i] === '--package') && i + 1 < words.length) {
      i++;
    }
    i++;
  }
  return i;
}

/** `/usr/bin/claude` -> `claude`; `C:\x\claude.exe` -> `claude`; `@openai/codex@0.5.0` -> `@openai/codex`; lower case. */
function programName(word: string): string {
  const w = word.toLowerCase();
  if (w.startsWith('@') && w.includes('/')) {
    return w.replace(/(?!^)@[^/]*$/, '');
  }
  return baseName(w).replace(/(?!^)@.*$/, '');
}

function baseName(word: string): string {
  const base = word.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(?:exe|cmd|ps1|bat|js|mjs)$/i, '').toLowerCase();
}

/** Splits a shell command line into words, honouring single and double quotes and backslash escapes (POSIX-like). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) {
        quote = undefined;
      } else if (c === '\\' && quote === '"' && i + 1 < line.length && /["\\$`]/.test(line[i + 1])) {
        cur += line[++i];
      } else {
        cur += c;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has) {
        words.push(cur);
      }
      cur = '';
      has = false;
    } else if (c === '\\' && i + 1 < line.length && line[i + 1] !== '\\' && !/[A-Za-z]/.test(line[i + 1])) {
      cur += line[++i];
      has = true;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) {
    words.push(cur);
  }
  return words;
}

/**
 * The session id a command line resumes, by the agent's own syntax (its plug-in's `resume`: a flag such as `--resume <id>`,
 * `--resume=<id>`, `-r <id>`, or a subcommand such as `codex resume <id>`), if any. A flag with no value or followed by
 * another option gives undefined.
 */
export function resumedSessionId(cmd: AgentCommand): string | undefined {
  const { flags, subcommand } = agentPlugin(cmd.agent).resume;
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const eq = a[i].indexOf('=');
    const flag = eq > 0 ? a[i].slice(0, eq) : a[i];
    if (flags.includes(flag)) {
      const v = eq > 0 ? a[i].slice(eq + 1) : a[i + 1];
      return v && !v.startsWith('-') ? v : undefined;
    }
  }
  if (subcommand && a[0] === subcommand && a[1] && !a[1].startsWith('-')) {
    return a[1];
  }
  return undefined;
}

/**
 * The session id a whole shell command line resumes: the agent it starts ({@link recogniseAgentCommand}, with `extra`
 * program names) and its resume syntax; a line that starts no known agent is read with the generic syntax
 * (`--resume`, `-r`, `--session-id`) on its words.
 */
export function resumedSessionIdOfLine(commandLine: string, extra: readonly string[] = []): string | undefined {
  const cmd = recogniseAgentCommand(commandLine, extra);
  if (cmd) {
    return resumedSessionId(cmd);
  }
  const words = splitWords(commandLine);
  return resumedSessionId({ agent: 'generic', program: words[0] ?? '', args: words.slice(1) });
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** `<program> <resume flag or subcommand> <uuid>` for every plug-in with a resume syntax (built once). */
const RESUME_HINT = new RegExp(
  `(?:^|[\\s"'\`])(?:${AGENTS.filter((a) => a.resume.flags.length > 0 || a.resume.subcommand)
    .flatMap((a) => a.programs.filter((p) => /^[a-z0-9_-]+$/.test(p)))
    .map(escapeRe)
    .join(
      '|',
    )})\\s+(?:${[...new Set(AGENTS.flatMap((a) => [...a.resume.flags, ...(a.resume.subcommand ? [a.resume.subcommand] : [])]))].map(escapeRe).join('|')})[\\s=]+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\b`,
  'i',
);

/**
 * The session id an agent prints on exit for resuming it (Claude Code `claude --resume <uuid>`, Codex `codex resume <uuid>`,
 * Gemini CLI `gemini --resume <uuid>`), found in a line of terminal output; undefined when the line has none.
 */
export function printedResumeId(line: string): string | undefined {
  return RESUME_HINT.exec(line)?.[1];
}
