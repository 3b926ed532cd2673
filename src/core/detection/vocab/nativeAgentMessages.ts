/**
 * The failure messages of native and other coding agents not covered by cliMessages.ts (Amazon Q Developer CLI / Kiro
 * CLI, Plandex, SWE-agent, mini-swe-agent, OpenAI Agents SDK, smolagents, Kimi CLI, Open Interpreter, Void), read in
 * their source: one vocabulary each, every message with the file and line (at the commit read) that defines it. Messages
 * the other vocabularies already name are left out.
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
    ["json_parse", "The tool input does not match the tool schema", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/agent/src/agent/tools/mod.rs#L444"],
    ["json_parse", "The tool arguments failed validation", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/agent/src/agent/tools/mod.rs#L446"],
    ["server_error", "The service failed to process the request", "https://github.com/aws/amazon-q-developer-cli/blob/15cc8f3cd18c4272925ce1c7053268eedff1ea0a/crates/agent/src/agent/agent_loop/types.rs#L141"],
  ],
);

export const PLANDEX_MESSAGES = messages(
  'messages:plandex',
  'Plandex: the failure messages it prints or reads from providers, read in its source',
  'https://github.com/plandex-ai/plandex',
  [
    ["token_limit", "and exceed token limit", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/cli/lib/context_auto_load.go#L141"],
    ["token_limit", "decrease input length", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/server/model/model_error.go#L46"],
    ["quota_exhausted", "cloud_insufficient_credits", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/shared/auth.go#L28"],
    ["budget_exceeded", "cloud_monthly_max_reached", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/shared/auth.go#L29"],
    ["budget_exceeded", "Your org has reached its monthly limit for Plandex Cloud", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/cli/term/errors.go#L162"],
    ["quota_exhausted", "cloud_subscription_paused", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/shared/auth.go#L30"],
    ["quota_exhausted", "Your org's subscription is paused", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/cli/term/errors.go#L136"],
    ["quota_exhausted", "cloud_subscription_overdue", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/shared/auth.go#L31"],
    ["quota_exhausted", "Plandex Cloud subscription is overdue", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/cli/term/errors.go#L143"],
    ["quota_exhausted", "trial_messages_exceeded", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/shared/auth.go#L23"],
    ["quota_exhausted", "trial_plans_exceeded", "https://github.com/plandex-ai/plandex/blob/9017ba33a627c518aa62f1a1f15ebd3e3f483928/app/shared/auth.go#L22"],
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

export const MINI_SWE_AGENT_MESSAGES = messages(
  'messages:mini-swe-agent',
  'mini-swe-agent: its exit statuses and limit messages, read in its source',
  'https://github.com/SWE-agent/mini-swe-agent',
  [
    ["json_parse", "RepeatedFormatError", "https://github.com/SWE-agent/mini-swe-agent/blob/a83fcae82d2a08f0ee0c688f9d137b3566c097f8/src/minisweagent/agents/default.py#L110"],
    ["timeout", "TimeExceeded", "https://github.com/SWE-agent/mini-swe-agent/blob/a83fcae82d2a08f0ee0c688f9d137b3566c097f8/src/minisweagent/exceptions.py#L17"],
    ["budget_exceeded", "Global cost/call limit exceeded:", "https://github.com/SWE-agent/mini-swe-agent/blob/a83fcae82d2a08f0ee0c688f9d137b3566c097f8/src/minisweagent/models/__init__.py#L31"],
  ],
);

export const OPENAI_AGENTS_MESSAGES = messages(
  'messages:openai-agents',
  'OpenAI Agents SDK (Python): the exceptions and messages of a failed run, read in its source',
  'https://github.com/openai/openai-agents-python',
  [
    ["repeated_tool_call", "Max turns (", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/run.py#L1450"],
    ["json_parse", "ModelBehaviorError", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/exceptions.py#L454"],
    ["json_parse", "not found in agent", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/run_internal/turn_resolution.py#L3291"],
    ["content_filter", "ModelRefusalError", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/exceptions.py#L466"],
    ["content_filter", "Model refused to produce output:", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/exceptions.py#L474"],
    ["timeout", "ModelTimeoutError", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/exceptions.py#L477"],
    ["timeout", "ToolTimeoutError", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/exceptions.py#L507"],
    ["content_filter", "InputGuardrailTripwireTriggered", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/exceptions.py#L519"],
    ["content_filter", "OutputGuardrailTripwireTriggered", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/exceptions.py#L532"],
    ["content_filter", "ToolInputGuardrailTripwireTriggered", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/exceptions.py#L545"],
    ["content_filter", "ToolOutputGuardrailTripwireTriggered", "https://github.com/openai/openai-agents-python/blob/7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7/src/agents/exceptions.py#L560"],
  ],
);

export const SMOLAGENTS_MESSAGES = messages(
  'messages:smolagents',
  'smolagents: the agent errors of a failed run, read in its source',
  'https://github.com/huggingface/smolagents',
  [
    ["json_parse", "AgentParsingError", "https://github.com/huggingface/smolagents/blob/e3a5b8994b301983b91c0325546e9dc82eab8cf0/src/smolagents/utils.py#L104"],
    ["repeated_tool_call", "AgentMaxStepsError", "https://github.com/huggingface/smolagents/blob/e3a5b8994b301983b91c0325546e9dc82eab8cf0/src/smolagents/utils.py#L116"],
    ["json_parse", "AgentToolCallError", "https://github.com/huggingface/smolagents/blob/e3a5b8994b301983b91c0325546e9dc82eab8cf0/src/smolagents/utils.py#L122"],
  ],
);

export const KIMI_CLI_MESSAGES = messages(
  'messages:kimi-cli',
  'Kimi CLI: the failure messages it prints, read in its source',
  'https://github.com/MoonshotAI/kimi-cli',
  [
    ["quota_exhausted", "Membership expired, please renew your plan", "https://github.com/MoonshotAI/kimi-cli/blob/4a550effdfcb29a25a5d325bf935296cc50cd417/src/kimi_cli/ui/shell/__init__.py#L982"],
    ["auth", "LLM not set, send \"/login\" to login", "https://github.com/MoonshotAI/kimi-cli/blob/4a550effdfcb29a25a5d325bf935296cc50cd417/src/kimi_cli/ui/shell/__init__.py#L967"],
    ["repeated_tool_call", "MaxStepsReached", "https://github.com/MoonshotAI/kimi-cli/blob/4a550effdfcb29a25a5d325bf935296cc50cd417/src/kimi_cli/soul/__init__.py#L43"],
  ],
);

export const OPEN_INTERPRETER_MESSAGES = messages(
  'messages:open-interpreter',
  'Open Interpreter: the failure messages it prints, read in its source',
  'https://github.com/OpenInterpreter/open-interpreter',
  [
    ["auth", "There might be an issue with your API key(s).", "https://github.com/OpenInterpreter/open-interpreter/blob/dcfcffa9af13737bee1fa128364a718b56324998/interpreter/core/respond.py#L114"],
    ["quota_exhausted", "You ran out of current quota for OpenAI's API", "https://github.com/OpenInterpreter/open-interpreter/blob/dcfcffa9af13737bee1fa128364a718b56324998/interpreter/core/respond.py#L122"],
  ],
);

export const VOID_MESSAGES = messages(
  'messages:void',
  'Void editor: the failure messages its LLM client shows, read in its source',
  'https://github.com/voideditor/void',
  [
    ["network", "This likely means you specified the wrong endpoint in Void's Settings, or your local model provider like Ollama is powered off", "https://github.com/voideditor/void/blob/b3166e7ef2aefbdfeb139445fdf248a561b85d4d/src/vs/workbench/contrib/void/electron-main/llmMessage/sendLLMMessage.ts#L81"],
    ["bad_request", "does not support FIM.", "https://github.com/voideditor/void/blob/b3166e7ef2aefbdfeb139445fdf248a561b85d4d/src/vs/workbench/contrib/void/electron-main/llmMessage/sendLLMMessage.impl.ts#L185"],
  ],
);
