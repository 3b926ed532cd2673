/**
 * The failure messages of coding assistants that live in an editor (GitHub Copilot Chat for VS Code, Sourcegraph
 * Cody, Tabby's agent and server supervisor, Zed's agent panel), read in their source: one vocabulary each, every
 * message with the file and line (at the commit read) that defines it. Messages the other vocabularies already name
 * are left out; placeholders (a provider's name, a wait time) are left out of the phrases.
 */
import { messages } from '../vocabulary';

export const COPILOT_CHAT_MESSAGES = messages(
  'messages:copilot-chat',
  'GitHub Copilot Chat for VS Code: the failure messages its chat and agent mode show, read in its source',
  'https://github.com/microsoft/vscode-copilot-chat',
  [
    ["quota_exhausted", "reached your monthly chat messages quota", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/platform/chat/common/commonTypes.ts#L295"],
    ["quota_exhausted", "exhausted your premium model quota", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/platform/chat/common/commonTypes.ts#L297"],
    ["quota_exhausted", "You cannot accrue additional premium requests at this time", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/platform/chat/common/commonTypes.ts#L305"],
    ["rate_limit", "hit the rate limit for this model", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/platform/chat/common/commonTypes.ts#L237"],
    ["overloaded", "GitHub Copilot Chat is currently experiencing high demand", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/platform/chat/common/commonTypes.ts#L250"],
    ["rate_limit", "you have been rate-limited. Please wait", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/platform/chat/common/commonTypes.ts#L259"],
    ["rate_limit", "your request was rate-limited. Please wait", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/platform/chat/common/commonTypes.ts#L273"],
    ["network", "Sorry, there was a network error. Please try again later", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/platform/chat/common/commonTypes.ts#L353"],
    ["content_filter", "the response matched public code so it was blocked", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/platform/chat/common/commonTypes.ts#L406"],
    ["output_limit", "the response hit the length limit", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/extension/prompts/node/codeMapper/codeMapper.ts#L623"],
    ["stale_session", "Your chat session state is invalid, please start a new chat", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/platform/chat/common/commonTypes.ts#L383"],
    ["repeated_tool_call", "Copilot has been working on this problem for a while", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/extension/intents/node/toolCallingLoop.ts#L1065"],
    ["rate_limit", "temporarily blocked due to making too many requests", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/extension/conversation/vscode-node/languageModelAccess.ts#L514"],
    ["auth", "Authorization failed. Please sign into GitHub and try again", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/extension/chatSessions/vscode-node/copilotCLIChatSessions.ts#L1207"],
    ["timeout", "Timed out waiting for cloud agent to begin work", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/extension/chatSessions/vscode-node/copilotCloudSessionsProvider.ts#L2416"],
    ["timeout", "Timed out waiting for the cloud agent to respond", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/extension/chatSessions/vscode-node/copilotCloudSessionsProvider.ts#L2425"],
    ["auth", "Cloud agent is not authorized to run on this repository", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/extension/chatSessions/vscode-node/copilotCloudSessionsProvider.ts#L644"],
    ["stale_session", "Chat session not found", "https://github.com/microsoft/vscode-copilot-chat/blob/31acd00a86424e2ee6e980e54919cf31fbf88030/src/extension/chatSessions/vscode-node/copilotCLIChatSessions.ts#L1606"],
  ],
);

export const CODY_MESSAGES = messages(
  'messages:cody',
  'Sourcegraph Cody: the failure messages its extension, agent and CLI show, read in its source',
  'https://github.com/sourcegraph/cody',
  [
    ["auth", "The access token is invalid or has expired", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/lib/shared/src/sourcegraph-api/errors.ts#L167"],
    ["network", "Sourcegraph is unreachable", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/lib/shared/src/sourcegraph-api/errors.ts#L160"],
    ["auth", "authentication expired and must be renewed to access Sourcegraph", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/lib/shared/src/sourcegraph-api/errors.ts#L206"],
    ["token_limit", "The provided context is too large to fit into the context window", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/agent/src/cli/command-chat.ts#L412"],
    ["token_limit", "Preamble length exceeded context window", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/src/chat/chat-view/handlers/AgenticHandler.ts#L495"],
    ["network", "Could not connect to Cody. Please ensure that you are connected to the Sourcegraph server", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/src/completions/nodeClient.ts#L283"],
    ["network", "Connection closed without receiving any events", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/src/completions/nodeClient.ts#L303"],
    ["network", "Connection unexpectedly closed:", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/src/completions/nodeClient.ts#L322"],
    ["network", "Cody could not respond due to network error", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/src/edit/provider.ts#L341"],
    ["network", "due to likely network or endpoint availability error", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/src/auth/auth.ts#L514"],
    ["token_limit", "The chat input has exceeded the token limit", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/src/prompt-builder/index.ts#L191"],
    ["rate_limit", "Cody Autocomplete Disabled Due to Rate Limit", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/src/completions/inline-completion-item-provider.ts#L930"],
    ["timeout", "Command timed out after", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/src/chat/chat-view/tools/shell.ts#L146"],
    ["quota_exhausted", "used all of your chat messages and commands for", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/lib/shared/src/sourcegraph-api/errors.ts#L36"],
    ["quota_exhausted", "used all of your autocompletions for", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/lib/shared/src/sourcegraph-api/errors.ts#L36"],
    ["quota_exhausted", "Usage limit of premium models reached", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/webviews/chat/ErrorItem.tsx#L148"],
    ["rate_limit", "This model is currently unavailable due to rate limiting", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/webviews/components/modelSelectField/ModelSelectField.tsx#L363"],
    ["timeout", "The request timed out", "https://github.com/sourcegraph/cody/blob/dced3c1d49bc2088e489205dc26f22757f52961a/vscode/src/completions/utils.ts#L107"],
  ],
);

export const TABBY_MESSAGES = messages(
  'messages:tabby',
  'Tabby: the failure messages its editor agent and llama-server supervisor print, read in its source',
  'https://github.com/TabbyML/tabby',
  [
    ["rate_limit", "The rate limit for the code completion API has been reached", "https://github.com/TabbyML/tabby/blob/21b29048d7bcf6b94f9f482f2d0fd05efadfd19f/clients/tabby-agent/src/codeCompletion/index.ts#L106"],
    ["network", "Connect to Server Failed", "https://github.com/TabbyML/tabby/blob/21b29048d7bcf6b94f9f482f2d0fd05efadfd19f/clients/tabby-agent/src/http/tabbyApiClient.ts#L140"],
    ["process_crash", "encountered a fatal error. Exiting service", "https://github.com/TabbyML/tabby/blob/21b29048d7bcf6b94f9f482f2d0fd05efadfd19f/crates/llama-cpp-server/src/supervisor.rs#L157"],
    ["process_crash", "Attempting to restart the llama-server", "https://github.com/TabbyML/tabby/blob/21b29048d7bcf6b94f9f482f2d0fd05efadfd19f/crates/llama-cpp-server/src/supervisor.rs#L164"],
  ],
);

export const ZED_MESSAGES = messages(
  'messages:zed',
  'Zed: the completion errors its agent panel shows (LanguageModelCompletionError), read in its source',
  'https://github.com/zed-industries/zed',
  [
    ["token_limit", "prompt too large for context window", "https://github.com/zed-industries/zed/blob/45c10ae17124edbd4901b2868ee226ff2f061a3b/crates/language_model_core/src/language_model_core.rs#L96"],
    ["rate_limit", "API rate limit exceeded", "https://github.com/zed-industries/zed/blob/45c10ae17124edbd4901b2868ee226ff2f061a3b/crates/language_model_core/src/language_model_core.rs#L100"],
    ["overloaded", "API servers are overloaded right now", "https://github.com/zed-industries/zed/blob/45c10ae17124edbd4901b2868ee226ff2f061a3b/crates/language_model_core/src/language_model_core.rs#L105"],
    ["server_error", "API server reported an internal server error", "https://github.com/zed-industries/zed/blob/45c10ae17124edbd4901b2868ee226ff2f061a3b/crates/language_model_core/src/language_model_core.rs#L110"],
    ["bad_request", "invalid request format to", "https://github.com/zed-industries/zed/blob/45c10ae17124edbd4901b2868ee226ff2f061a3b/crates/language_model_core/src/language_model_core.rs#L127"],
    ["auth", "authentication error with", "https://github.com/zed-industries/zed/blob/45c10ae17124edbd4901b2868ee226ff2f061a3b/crates/language_model_core/src/language_model_core.rs#L132"],
    ["auth", "Permission error with", "https://github.com/zed-industries/zed/blob/45c10ae17124edbd4901b2868ee226ff2f061a3b/crates/language_model_core/src/language_model_core.rs#L137"],
    ["bad_request", "language model provider API endpoint not found", "https://github.com/zed-industries/zed/blob/45c10ae17124edbd4901b2868ee226ff2f061a3b/crates/language_model_core/src/language_model_core.rs#L142"],
    ["network", "I/O error reading response from", "https://github.com/zed-industries/zed/blob/45c10ae17124edbd4901b2868ee226ff2f061a3b/crates/language_model_core/src/language_model_core.rs#L144"],
    ["network", "error sending HTTP request to", "https://github.com/zed-industries/zed/blob/45c10ae17124edbd4901b2868ee226ff2f061a3b/crates/language_model_core/src/language_model_core.rs#L162"],
  ],
);
