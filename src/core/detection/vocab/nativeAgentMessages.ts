/**
 * The failure messages of native and other coding agents not covered by cliMessages.ts (Amazon Q Developer CLI / Kiro
 * CLI, Plandex, SWE-agent), read in their source: one vocabulary each, every message with the file and line (at the
 * commit read) that defines it. Messages the other vocabularies already name are left out.
 */
import { messages } from '../vocabulary';

export const AMAZON_Q_MESSAGES = messages(
  'messages:amazon-q',
  'Amazon Q Developer CLI (Kiro CLI): the failure messages it prints, read in its source',
  'https://github.com/aws/amazon-q-developer-cli',
  [
    ["overloaded", "INSUFFICIENT_MODEL_CAPACITY", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/api_client/mod.rs#L534"],
    ["quota_exhausted", "MONTHLY_REQUEST_COUNT", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/api_client/retry_classifier.rs#L11"],
    ["quota_exhausted", "MonthlyLimitReached", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/api_client/error.rs#L162"],
    ["token_limit", "ContextWindowOverflow", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/api_client/error.rs#L163"],
    ["overloaded", "ModelOverloadedError", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/api_client/error.rs#L164"],
    ["rate_limit", "QuotaBreachError", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/api_client/error.rs#L161"],
    ["overloaded", "Encountered unexpectedly high load when processing the request", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/api_client/retry_classifier.rs#L147"],
    ["token_limit", "The conversation history is too large to compact", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/cli/chat/mod.rs#L577"],
    ["auth", "Authentication expired - please log in again", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/cli/chat/mod.rs#L936"],
    ["token_limit", "Your conversation is too large to continue.", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/cli/chat/mod.rs#L974"],
    ["token_limit", "The conversation history has overflowed", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/cli/chat/mod.rs#L1001"],
    ["quota_exhausted", "Monthly request limit reached", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/cli/chat/mod.rs#L1111"],
    ["output_limit", "The generated tool was too large, try again but this time split up the work", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/cli/chat/mod.rs#L2996"],
    ["timeout", "You took too long to respond - try to split up the work into smaller steps", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/chat-cli/src/cli/chat/mod.rs#L2960"],
  ],
);

export const PLANDEX_MESSAGES = messages(
  'messages:plandex',
  'Plandex: the failure messages it prints or reads from providers, read in its source',
  'https://github.com/plandex-ai/plandex',
  [
    ["token_limit", "and exceed token limit", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/cli/lib/context_auto_load.go#L141"],
    ["token_limit", "decrease input length", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/server/model/model_error.go#L46"],
  ],
);

export const SWE_AGENT_MESSAGES = messages(
  'messages:swe-agent',
  'SWE-agent: its exit statuses and failure messages, read in its source',
  'https://github.com/SWE-agent/SWE-agent',
  [
    ["timeout", "Exiting agent due to too many consecutive execution timeouts", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L971"],
    ["timeout", "Exit due to total execution time exceeded", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1165"],
    ["timeout", "exit_total_execution_time", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1164"],
    ["timeout", "Exit due to multiple consecutive command timeouts", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1172"],
    ["timeout", "exit_command_timeout", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1171"],
    ["timeout", "was cancelled because it took more than", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L113"],
    ["token_limit", "Exit due to context window", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1178"],
    ["token_limit", "exit_context", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1177"],
    ["budget_exceeded", "Exit due to cost limit", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1185"],
    ["budget_exceeded", "exit_cost", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1184"],
    ["repeated_tool_call", "Per instance call limit exceeded", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/models.py#L669"],
    ["json_parse", "Exit due to repeated format/blocklist/bash syntax errors", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1212"],
    ["json_parse", "exit_format", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1216"],
    ["timeout", "Exiting due to multiple consecutive command timeouts", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1169"],
    ["timeout", "Exiting due to total execution time exceeded", "https://github.com/SWE-agent/SWE-agent/blob/3ea751c087f32b16e039a2233dd6eefecef325d5/sweagent/agent/agents.py#L1162"],
  ],
);
