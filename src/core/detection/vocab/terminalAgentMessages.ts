/**
 * The failure messages of terminal coding agents not covered in cliMessages.ts (pi's coding agent and its pi-ai
 * provider layer, Mistral's Vibe CLI), read in their source: one vocabulary each, every message with the file and
 * line (at the commit read) that defines it. Messages the other vocabularies already name are left out.
 */
import { messages } from '../vocabulary';

export const PI_MESSAGES = messages(
  'messages:pi',
  'pi (pi-coding-agent and pi-ai): the failure messages it prints, read in its source',
  'https://github.com/badlogic/pi-mono',
  [
    ["token_limit", "Context overflow recovery failed", "https://github.com/badlogic/pi-mono/blob/83378aad7e74a0e2bb8f37c007a9685fb4609d8a/packages/coding-agent/src/core/agent-session.ts#L1777"],
    ["auth", "Credentials may have expired or network is unavailable", "https://github.com/badlogic/pi-mono/blob/83378aad7e74a0e2bb8f37c007a9685fb4609d8a/packages/coding-agent/src/core/agent-session.ts#L937"],
    ["auth", "Google Cloud Code Assist requires OAuth authentication", "https://github.com/badlogic/pi-mono/blob/83378aad7e74a0e2bb8f37c007a9685fb4609d8a/packages/ai/src/providers/google-gemini-cli.ts#L350"],
    ["auth", "Invalid Google Cloud Code Assist credentials", "https://github.com/badlogic/pi-mono/blob/83378aad7e74a0e2bb8f37c007a9685fb4609d8a/packages/ai/src/providers/google-gemini-cli.ts#L361"],
    ["auth", "Missing token or projectId in Google Cloud credentials", "https://github.com/badlogic/pi-mono/blob/83378aad7e74a0e2bb8f37c007a9685fb4609d8a/packages/ai/src/providers/google-gemini-cli.ts#L365"],
    ["network", "WebSocket stream closed before response.completed", "https://github.com/badlogic/pi-mono/blob/83378aad7e74a0e2bb8f37c007a9685fb4609d8a/packages/ai/src/providers/openai-codex-responses.ts#L783"],
    ["auth", "Anthropic token refresh request failed", "https://github.com/badlogic/pi-mono/blob/83378aad7e74a0e2bb8f37c007a9685fb4609d8a/packages/ai/src/utils/oauth/anthropic.ts#L369"],
    ["auth", "No API key for provider:", "https://github.com/badlogic/pi-mono/blob/83378aad7e74a0e2bb8f37c007a9685fb4609d8a/packages/ai/src/providers/anthropic.ts#L467"],
  ],
);

export const MISTRAL_VIBE_MESSAGES = messages(
  'messages:mistral-vibe',
  'Mistral Vibe CLI: the failure messages it prints, read in its source',
  'https://github.com/mistralai/mistral-vibe',
  [
    ["rate_limit", "Rate limits exceeded. Please wait a moment before trying again", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/core/types.py#L665"],
    ["token_limit", "The conversation context exceeds the model's maximum limit", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/core/types.py#L674"],
    ["output_limit", "The model's response exceeded the maximum output token limit", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/core/types.py#L684"],
    ["content_filter", "The model declined to respond and stopped early (refusal)", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/cli/textual_ui/app.py#L1972"],
    ["budget_exceeded", "Price limit exceeded:", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/core/middleware.py#L73"],
    ["auth", "Invalid API key. Please check your API key and try again", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/core/llm/exceptions.py#L85"],
    ["json_parse", "Stream chunk improperly formatted", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/core/llm/backend/generic.py#L420"],
    ["json_parse", "AgentLoopLLMResponseError", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/core/agent_loop.py#L202"],
    ["token_limit", "ContextTooLongError", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/core/types.py#L669"],
    ["output_limit", "ResponseTooLongError", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/core/types.py#L679"],
    ["content_filter", "RefusalError", "https://github.com/mistralai/mistral-vibe/blob/ac8f1a09fdfbadb6d4508a555ba6607fd05eb0dc/vibe/core/types.py#L688"],
  ],
);
