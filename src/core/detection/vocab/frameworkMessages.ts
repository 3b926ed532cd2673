/**
 * The failure messages and error names of agent frameworks and LLM client libraries (Vercel AI SDK's newer error
 * classes, LangChain JS and its agent middleware, LangGraph, OpenRouter's TypeScript SDK, Pydantic AI, CrewAI,
 * Google's Agent Development Kit), read in their source: one vocabulary each, every message with the file and line
 * (at the commit read) that defines it. Names the other vocabularies already hold (AI_JSONParseError,
 * GraphRecursionError...) are left out.
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

export const OPENROUTER_SDK_MESSAGES = messages(
  'messages:openrouter-sdk',
  'OpenRouter TypeScript SDK: its error classes (one per HTTP status) and stream messages, read in its source',
  'https://github.com/OpenRouterTeam/typescript-sdk',
  [
    ["server_error", "BadGatewayResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/badgatewayresponseerror.ts#L26"],
    ["bad_request", "BadRequestResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/badrequestresponseerror.ts#L26"],
    ["timeout", "EdgeNetworkTimeoutResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/edgenetworktimeoutresponseerror.ts#L26"],
    ["auth", "ForbiddenResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/forbiddenresponseerror.ts#L26"],
    ["server_error", "InternalServerResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/internalserverresponseerror.ts#L26"],
    ["bad_request", "NotFoundResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/notfoundresponseerror.ts#L26"],
    ["token_limit", "PayloadTooLargeResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/payloadtoolargeresponseerror.ts#L26"],
    ["quota_exhausted", "PaymentRequiredResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/paymentrequiredresponseerror.ts#L26"],
    ["overloaded", "ProviderOverloadedResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/provideroverloadedresponseerror.ts#L26"],
    ["timeout", "RequestTimeoutResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/requesttimeoutresponseerror.ts#L26"],
    ["overloaded", "ServiceUnavailableResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/serviceunavailableresponseerror.ts#L26"],
    ["rate_limit", "TooManyRequestsResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/toomanyrequestsresponseerror.ts#L26"],
    ["auth", "UnauthorizedResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/unauthorizedresponseerror.ts#L26"],
    ["bad_request", "UnprocessableEntityResponseError", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/models/errors/unprocessableentityresponseerror.ts#L26"],
    ["network", "Follow-up stream ended without a completed response", "https://github.com/OpenRouterTeam/typescript-sdk/blob/cb9393a896016155780a7fd04d3429ee2317b608/src/lib/model-result.ts#L318"],
  ],
);

export const PYDANTIC_AI_MESSAGES = messages(
  'messages:pydantic-ai',
  'Pydantic AI: its agent-run errors and usage-limit messages, read in its source',
  'https://github.com/pydantic/pydantic-ai',
  [
    ["output_limit", "exceeded while generating a tool call, resulting in incomplete arguments", "https://github.com/pydantic/pydantic-ai/blob/4fda38988f2939fa6ea9cdefcf120693e10ef491/pydantic_ai_slim/pydantic_ai/_agent_graph.py#L358"],
    ["output_limit", "exceeded before any response was generated", "https://github.com/pydantic/pydantic-ai/blob/4fda38988f2939fa6ea9cdefcf120693e10ef491/pydantic_ai_slim/pydantic_ai/_agent_graph.py#L1930"],
    ["output_limit", "IncompleteToolCall", "https://github.com/pydantic/pydantic-ai/blob/4fda38988f2939fa6ea9cdefcf120693e10ef491/pydantic_ai_slim/pydantic_ai/exceptions.py#L664"],
    ["content_filter", "ContentFilterError", "https://github.com/pydantic/pydantic-ai/blob/4fda38988f2939fa6ea9cdefcf120693e10ef491/pydantic_ai_slim/pydantic_ai/exceptions.py#L507"],
    ["repeated_tool_call", "exceeded max retries count of", "https://github.com/pydantic/pydantic-ai/blob/4fda38988f2939fa6ea9cdefcf120693e10ef491/pydantic_ai_slim/pydantic_ai/tool_manager.py#L263"],
    ["repeated_tool_call", "The next request would exceed the request_limit of", "https://github.com/pydantic/pydantic-ai/blob/4fda38988f2939fa6ea9cdefcf120693e10ef491/pydantic_ai_slim/pydantic_ai/usage.py#L496"],
    ["budget_exceeded", "Exceeded the `cost_limit` of", "https://github.com/pydantic/pydantic-ai/blob/4fda38988f2939fa6ea9cdefcf120693e10ef491/pydantic_ai_slim/pydantic_ai/usage.py#L526"],
    ["budget_exceeded", "Exceeded the total_tokens_limit of", "https://github.com/pydantic/pydantic-ai/blob/4fda38988f2939fa6ea9cdefcf120693e10ef491/pydantic_ai_slim/pydantic_ai/usage.py#L551"],
  ],
);

export const CREWAI_MESSAGES = messages(
  'messages:crewai',
  'CrewAI: the failure messages its agent executor logs, read in its source',
  'https://github.com/crewAIInc/crewAI',
  [
    ["repeated_tool_call", "Maximum iterations reached. Requesting final answer", "https://github.com/crewAIInc/crewAI/blob/f4731f5025f861c78e3af0487cc80bf5e7c64782/lib/crewai/src/crewai/utilities/agent_utils.py#L399"],
    ["token_limit", "Context length exceeded and user opted not to summarize", "https://github.com/crewAIInc/crewAI/blob/f4731f5025f861c78e3af0487cc80bf5e7c64782/lib/crewai/src/crewai/utilities/agent_utils.py#L831"],
    ["token_limit", "Summarizing content to fit the model context window", "https://github.com/crewAIInc/crewAI/blob/f4731f5025f861c78e3af0487cc80bf5e7c64782/lib/crewai/src/crewai/utilities/agent_utils.py#L818"],
  ],
);

export const GOOGLE_ADK_MESSAGES = messages(
  'messages:google-adk',
  'Google Agent Development Kit (Python): its run-limit error, read in its source',
  'https://github.com/google/adk-python',
  [
    ["repeated_tool_call", "LlmCallsLimitExceededError", "https://github.com/google/adk-python/blob/7c670f638bc17374ceb08740bdd057e55c9c2e12/src/google/adk/agents/invocation_context.py#L36"],
    ["repeated_tool_call", "Max number of llm calls limit of", "https://github.com/google/adk-python/blob/7c670f638bc17374ceb08740bdd057e55c9c2e12/src/google/adk/agents/invocation_context.py#L65"],
  ],
);

export const AUTOGEN_MESSAGES = messages(
  'messages:autogen',
  'AutoGen (AgentChat): the failure messages its teams print, read in its source',
  'https://github.com/microsoft/autogen',
  [
    ["json_parse", "Failed to parse ledger information after multiple retries", "https://github.com/microsoft/autogen/blob/027ecf0a379bcc1d09956d46d12d44a3ad9cee14/python/packages/autogen-agentchat/src/autogen_agentchat/teams/_group_chat/_magentic_one/_magentic_one_orchestrator.py#L384"],
  ],
);
