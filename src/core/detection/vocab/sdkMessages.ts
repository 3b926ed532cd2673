/**
 * The failure messages each LLM SDK and proxy prints, read in its source (or its published npm package): one
 * vocabulary each, every message with the file and line that defines it. Messages the other vocabularies already name
 * are left out.
 */
import { messages } from '../vocabulary';

export const ANTHROPIC_SDK_MESSAGES = messages(
  'messages:anthropic-sdk',
  'Anthropic TypeScript SDK: the failure messages it prints, read in its source',
  'https://github.com/anthropics/anthropic-sdk-typescript',
  [
    ["timeout", "APIConnectionTimeoutError", "https://github.com/anthropics/anthropic-sdk-typescript/blob/bfa9197f0182084941052be9752c948638421601/src/core/error.ts#L127"],
    ["bad_request", "NotFoundError", "https://github.com/anthropics/anthropic-sdk-typescript/blob/bfa9197f0182084941052be9752c948638421601/src/core/error.ts#L154"],
    ["json_parse", "Unable to parse tool parameter JSON from model", "https://github.com/anthropics/anthropic-sdk-typescript/blob/bfa9197f0182084941052be9752c948638421601/src/lib/BetaMessageStream.ts#L731"],
    ["json_parse", "Could not parse message into JSON", "https://github.com/anthropics/anthropic-sdk-typescript/blob/bfa9197f0182084941052be9752c948638421601/src/core/streaming.ts#L72"],
    ["json_parse", "Unexpected event order, got", "https://github.com/anthropics/anthropic-sdk-typescript/blob/bfa9197f0182084941052be9752c948638421601/src/lib/MessageStream.ts#L571"],
    ["json_parse", "Failed to parse structured output", "https://github.com/anthropics/anthropic-sdk-typescript/blob/bfa9197f0182084941052be9752c948638421601/src/lib/parser.ts#L123"],
    ["network", "stream ended without producing a Message with role=assistant", "https://github.com/anthropics/anthropic-sdk-typescript/blob/bfa9197f0182084941052be9752c948638421601/src/lib/MessageStream.ts#L339"],
    ["network", "request ended without sending any chunks", "https://github.com/anthropics/anthropic-sdk-typescript/blob/bfa9197f0182084941052be9752c948638421601/src/lib/MessageStream.ts#L526"],
    ["bad_request", "Streaming is required for operations that may take longer than 10 minutes", "https://github.com/anthropics/anthropic-sdk-typescript/blob/bfa9197f0182084941052be9752c948638421601/src/client.ts#L1000"],
  ],
);

export const OPENAI_SDK_MESSAGES = messages(
  'messages:openai-sdk',
  'OpenAI Node SDK: the failure messages it prints, read in its source',
  'https://github.com/openai/openai-node',
  [
    ["timeout", "APIConnectionTimeoutError", "https://github.com/openai/openai-node/blob/7b7d6ca71130d37ec09792c50056b47861f2eccf/src/core/error.ts#L121"],
    ["bad_request", "NotFoundError", "https://github.com/openai/openai-node/blob/7b7d6ca71130d37ec09792c50056b47861f2eccf/src/core/error.ts#L133"],
    ["output_limit", "LengthFinishReasonError", "https://github.com/openai/openai-node/blob/7b7d6ca71130d37ec09792c50056b47861f2eccf/src/core/error.ts#L143"],
    ["output_limit", "Could not parse response content as the length limit was reached", "https://github.com/openai/openai-node/blob/7b7d6ca71130d37ec09792c50056b47861f2eccf/src/core/error.ts#L145"],
    ["content_filter", "ContentFilterFinishReasonError", "https://github.com/openai/openai-node/blob/7b7d6ca71130d37ec09792c50056b47861f2eccf/src/core/error.ts#L149"],
    ["json_parse", "malformed server-sent event JSON", "https://github.com/openai/openai-node/blob/7b7d6ca71130d37ec09792c50056b47861f2eccf/src/core/streaming.ts#L119"],
    ["json_parse", "malformed newline-delimited JSON", "https://github.com/openai/openai-node/blob/7b7d6ca71130d37ec09792c50056b47861f2eccf/src/core/streaming.ts#L246"],
    ["network", "stream ended without producing a ChatCompletionMessage with role=assistant", "https://github.com/openai/openai-node/blob/7b7d6ca71130d37ec09792c50056b47861f2eccf/src/lib/AbstractChatCompletionRunner.ts#L213"],
    ["network", "stream ended without producing a ChatCompletion", "https://github.com/openai/openai-node/blob/7b7d6ca71130d37ec09792c50056b47861f2eccf/src/lib/AbstractChatCompletionRunner.ts#L181"],
  ],
);

export const LITELLM_MESSAGES = messages(
  'messages:litellm',
  'LiteLLM (SDK and proxy): the failure messages it prints, read in its source',
  'https://github.com/BerriAI/litellm',
  [
    ["rate_limit", "No deployments available for selected model", "https://github.com/BerriAI/litellm/blob/3995103df8619c801e30bd29a77f26ed4c08503d/litellm/types/router.py#L505"],
    ["budget_exceeded", "No deployments available - crossed budget", "https://github.com/BerriAI/litellm/blob/3995103df8619c801e30bd29a77f26ed4c08503d/litellm/types/router.py#L510"],
    ["server_error", "litellm.BadGatewayError", "https://github.com/BerriAI/litellm/blob/64ecc9ba9e56ea887efe118b84ed0284034f47eb/litellm/exceptions.py#L569"],
    ["network", "litellm.MidStreamFallbackError", "https://github.com/BerriAI/litellm/blob/64ecc9ba9e56ea887efe118b84ed0284034f47eb/litellm/exceptions.py#L959"],
    ["content_filter", "litellm.RejectedRequestError", "https://github.com/BerriAI/litellm/blob/64ecc9ba9e56ea887efe118b84ed0284034f47eb/litellm/exceptions.py#L430"],
    ["content_filter", "Blocked entity detected", "https://github.com/BerriAI/litellm/blob/64ecc9ba9e56ea887efe118b84ed0284034f47eb/litellm/exceptions.py#L940"],
    ["content_filter", "Guardrail raised an exception", "https://github.com/BerriAI/litellm/blob/64ecc9ba9e56ea887efe118b84ed0284034f47eb/litellm/exceptions.py#L923"],
    ["json_parse", "litellm.JSONSchemaValidationError", "https://github.com/BerriAI/litellm/blob/64ecc9ba9e56ea887efe118b84ed0284034f47eb/litellm/exceptions.py#L782"],
    ["json_parse", "litellm.APIResponseValidationError", "https://github.com/BerriAI/litellm/blob/64ecc9ba9e56ea887efe118b84ed0284034f47eb/litellm/exceptions.py#L748"],
  ],
);
