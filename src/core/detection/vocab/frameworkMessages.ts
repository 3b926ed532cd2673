/**
 * The failure messages and error names of agent frameworks and LLM client libraries (Vercel AI SDK's newer error
 * classes, LangChain JS and its agent middleware, LangGraph), read in their source: one vocabulary each, every
 * message with the file and line (at the commit read) that defines it. Names the other vocabularies already hold
 * (AI_JSONParseError, GraphRecursionError...) are left out.
 */
import { messages } from '../vocabulary';

export const AI_SDK_MESSAGES = messages(
  'messages:ai-sdk',
  'Vercel AI SDK: error names and messages of its newer error classes, read in its source',
  'https://github.com/vercel/ai',
  [
    ["json_parse", "AI_InvalidToolInputError", "https://github.com/vercel/ai/blob/ed857f50f112e23930b0c2dd8d532cc8bebbc911/packages/ai/src/error/invalid-tool-input-error.ts#L3"],
    ["json_parse", "AI_InvalidStreamPartError", "https://github.com/vercel/ai/blob/ed857f50f112e23930b0c2dd8d532cc8bebbc911/packages/ai/src/error/invalid-stream-part-error.ts#L4"],
    ["bad_request", "AI_MissingToolResultsError", "https://github.com/vercel/ai/blob/ed857f50f112e23930b0c2dd8d532cc8bebbc911/packages/ai/src/error/missing-tool-result-error.ts#L3"],
    ["bad_request", "AI_NoSuchModelError", "https://github.com/vercel/ai/blob/ed857f50f112e23930b0c2dd8d532cc8bebbc911/packages/provider/src/errors/no-such-model-error.ts#L3"],
    ["bad_request", "AI_InvalidPromptError", "https://github.com/vercel/ai/blob/ed857f50f112e23930b0c2dd8d532cc8bebbc911/packages/provider/src/errors/invalid-prompt-error.ts#L3"],
    ["bad_request", "AI_UnsupportedFunctionalityError", "https://github.com/vercel/ai/blob/ed857f50f112e23930b0c2dd8d532cc8bebbc911/packages/provider/src/errors/unsupported-functionality-error.ts#L3"],
    ["json_parse", "Model tried to call unavailable tool", "https://github.com/vercel/ai/blob/ed857f50f112e23930b0c2dd8d532cc8bebbc911/packages/ai/src/error/no-such-tool-error.ts#L16"],
    ["json_parse", "JSON parsing failed:", "https://github.com/vercel/ai/blob/ed857f50f112e23930b0c2dd8d532cc8bebbc911/packages/provider/src/errors/json-parse-error.ts#L17"],
    ["auth", "API key is missing. Pass it using the", "https://github.com/vercel/ai/blob/ed857f50f112e23930b0c2dd8d532cc8bebbc911/packages/provider-utils/src/load-api-key.ts#L26"],
  ],
);

export const LANGCHAIN_JS_MESSAGES = messages(
  'messages:langchainjs',
  'LangChain JS: error classes, error codes and agent-middleware messages, read in its source',
  'https://github.com/langchain-ai/langchainjs',
  [
    ["token_limit", "ContextOverflowError", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain-core/src/errors/index.ts#L141"],
    ["token_limit", "Input exceeded the model's context window", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain-core/src/errors/index.ts#L156"],
    ["json_parse", "OutputParserException", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain-core/src/output_parsers/base.ts#L170"],
    ["json_parse", "ToolInputParsingException", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain-core/src/tools/utils.ts#L30"],
    ["json_parse", "OUTPUT_PARSING_FAILURE", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain-core/src/errors/index.ts#L14"],
    ["rate_limit", "MODEL_RATE_LIMIT", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain-core/src/errors/index.ts#L13"],
    ["auth", "MODEL_AUTHENTICATION", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain-core/src/errors/index.ts#L11"],
    ["bad_request", "MODEL_NOT_FOUND", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain-core/src/errors/index.ts#L12"],
    ["bad_request", "INVALID_TOOL_RESULTS", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain-core/src/errors/index.ts#L9"],
    ["json_parse", "StructuredOutputParsingError", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain/src/agents/errors.ts#L35"],
    ["json_parse", "Failed to parse structured output for tool", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain/src/agents/errors.ts#L42"],
    ["repeated_tool_call", "ToolCallLimitExceededError", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain/src/agents/middleware/toolCallLimit.ts#L78"],
    ["repeated_tool_call", "Model call limits exceeded", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain/src/agents/middleware/modelCallLimit.ts#L70"],
    ["repeated_tool_call", "thread level call limit reached with", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain/src/agents/middleware/modelCallLimit.ts#L61"],
    ["repeated_tool_call", "run level call limit reached with", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain/src/agents/middleware/modelCallLimit.ts#L66"],
    ["content_filter", "OpenAIModerationError", "https://github.com/langchain-ai/langchainjs/blob/62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72/libs/langchain/src/agents/middleware/provider/openai/moderation.ts#L103"],
  ],
);

export const LANGGRAPH_MESSAGES = messages(
  'messages:langgraph',
  'LangGraph: error classes and codes, read in its source',
  'https://github.com/langchain-ai/langgraph',
  [
    ["timeout", "NodeTimeoutError", "https://github.com/langchain-ai/langgraph/blob/f09cfe8ffc1eeffd68f4b628ed69c30f7cad229f/libs/langgraph/langgraph/errors.py#L190"],
    ["repeated_tool_call", "GRAPH_RECURSION_LIMIT", "https://github.com/langchain-ai/langgraph/blob/f09cfe8ffc1eeffd68f4b628ed69c30f7cad229f/libs/langgraph/langgraph/errors.py#L35"],
  ],
);
