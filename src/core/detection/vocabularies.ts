/** Every vocabulary the detector reads, in the order `classify --explain` lists their terms. */
import { AIDER, CLAUDE_CODE, CLINE_FAMILY, CODEX, GEMINI_CLI, HERMES, OTHER_AGENTS, SESSION_DOCTOR } from './vocab/agents';
import {
  AIDER_MESSAGES,
  CLAUDE_CODE_MESSAGES,
  CODEX_MESSAGES,
  COPILOT_MESSAGES,
  CRUSH_MESSAGES,
  GEMINI_CLI_MESSAGES,
  GOOSE_MESSAGES,
  OPENCODE_MESSAGES,
  QWEN_CODE_MESSAGES,
} from './vocab/cliMessages';
import { CLINE_MESSAGES, CONTINUE_MESSAGES, KILO_CODE_MESSAGES, OPENHANDS_MESSAGES, ROO_CODE_MESSAGES } from './vocab/extensionMessages';
import { ANTHROPIC_SDK_MESSAGES, LITELLM_MESSAGES, OPENAI_SDK_MESSAGES } from './vocab/sdkMessages';
import { COMMON } from './vocab/common';
import { ANTHROPIC, AWS, AZURE, CONNECT, GOOGLE, ONE_API, OPENAI, OTHER_PROVIDERS } from './vocab/providers';
import { AI_SDK, GOOGLE_SDKS, LLM_SDKS } from './vocab/sdks';
import { GATEWAYS, NODE, OPENSSL, PYTHON_HTTP, RUST_GO } from './vocab/transport';
import type { Vocabulary } from './vocabulary';

/** Providers' references first, then SDKs, transports and gateways, the agents' own wordings, the common wordings. */
export const VOCABULARIES: readonly Vocabulary[] = [
  ANTHROPIC,
  OPENAI,
  GOOGLE,
  AWS,
  AZURE,
  OTHER_PROVIDERS,
  CONNECT,
  ONE_API,
  LLM_SDKS,
  GOOGLE_SDKS,
  AI_SDK,
  NODE,
  OPENSSL,
  PYTHON_HTTP,
  RUST_GO,
  GATEWAYS,
  CLAUDE_CODE,
  CODEX,
  GEMINI_CLI,
  AIDER,
  CLINE_FAMILY,
  OTHER_AGENTS,
  HERMES,
  SESSION_DOCTOR,
  CODEX_MESSAGES,
  GEMINI_CLI_MESSAGES,
  QWEN_CODE_MESSAGES,
  CLINE_MESSAGES,
  ROO_CODE_MESSAGES,
  KILO_CODE_MESSAGES,
  CONTINUE_MESSAGES,
  CLAUDE_CODE_MESSAGES,
  COPILOT_MESSAGES,
  ANTHROPIC_SDK_MESSAGES,
  OPENAI_SDK_MESSAGES,
  LITELLM_MESSAGES,
  OPENCODE_MESSAGES,
  AIDER_MESSAGES,
  GOOSE_MESSAGES,
  CRUSH_MESSAGES,
  OPENHANDS_MESSAGES,
  COMMON,
];
