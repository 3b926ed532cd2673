/**
 * Exception classes of the LLM SDKs the agents are built on: the Anthropic and OpenAI SDKs (Python and TypeScript share
 * the class names), LiteLLM, Google's api_core and google-genai, the Vercel AI SDK (opencode, many TypeScript agents).
 */
import { vocabulary } from '../vocabulary';

const SDK = String.raw`(?:openai|anthropic|litellm|exceptions|errors)\.`;

export const LLM_SDKS = vocabulary(
  'sdk',
  'Anthropic and OpenAI SDK exception classes (Python and TypeScript), LiteLLM exceptions',
  'https://github.com/anthropics/anthropic-sdk-python#handling-errors; https://github.com/openai/openai-python#handling-errors; https://docs.litellm.ai/docs/exception_mapping',
  [
    // the client built without a key: "The api_key client option must be set either by passing api_key to the client or by
    // setting the OPENAI_API_KEY environment variable" (openai-python and openai-node, OpenAIError)
    ['auth', /\b(?:AuthenticationError|PermissionDeniedError)\b/, /\bThe api_?[kK]ey client option must be set\b/],
    ['budget_exceeded', /\bBudgetExceededError\b/],
    ['token_limit', /\bContextWindowExceededError\b/, /\bRequestTooLargeError\b/],
    ['content_filter', /\bContentPolicyViolationError\b/],
    ['rate_limit', /\b(?:Router)?RateLimitError\b/],
    ['timeout', /\bAPITimeoutError\b/, new RegExp(String.raw`\blitellm\.(?:exceptions\.)?Timeout\b`)],
    ['network', /\bAPIConnectionError\b/],
    ['overloaded', /\bServiceUnavailableError\b/, /\bOverloadedError\b/],
    ['server_error', /\bInternalServerError\b/],
    ['bad_request', /\bBadRequestError\b/, /\bUnprocessableEntityError\b/, /\bInvalidRequestError\b/, /\bUnsupportedParamsError\b/, new RegExp(String.raw`\b${SDK}(?:\w+\.)?(?:NotFoundError|ConflictError)\b`)],
  ],
  [['server_error', /\bAPIStatusError\b/]],
);

export const GOOGLE_SDKS = vocabulary(
  'google-sdk',
  'google.api_core.exceptions classes, its retry deadline, missing credentials in google-auth and google-genai errors',
  'https://googleapis.dev/python/google-api-core/latest/exceptions.html; https://github.com/googleapis/python-api-core/blob/main/google/api_core/retry/retry_base.py (the RetryError of a spent deadline: "Deadline of 120.0s exceeded while calling target function", later "Timeout of 600.0s exceeded"); https://github.com/googleapis/google-auth-library-python/blob/main/google/auth/_default.py (DefaultCredentialsError: "Your default credentials were not found"); https://github.com/googleapis/python-genai/blob/main/google/genai/errors.py',
  [
    ['auth', /\bgoogle\.api_core\.exceptions\.(?:Unauthenticated|PermissionDenied|Forbidden|Unauthorized)\b/, /\bDefaultCredentialsError\b/, /\bYour default credentials were not found\b/i],
    ['rate_limit', /\b(?:ResourceExhausted|TooManyRequests)\b/],
    ['overloaded', /\bServiceUnavailable\b/],
    ['timeout', /\b(?:DeadlineExceeded|GatewayTimeout)\b/, /\bDeadline of [\d.]+s exceeded while calling target function\b/i, /\bTimeout of [\d.]+s exceeded, last exception\b/i],
    // @google/generative-ai (JS): "Error fetching from <url>: <the fetch's own message>"; Safari's fetch says "Load failed"
    ['network', /\bError fetching from \S+: (?:Load failed|fetch failed|Failed to fetch|NetworkError)\b/],
    ['bad_request', /\bgoogle\.api_core\.exceptions\.(?:InvalidArgument|BadRequest|NotFound|FailedPrecondition)\b/],
  ],
  [['server_error', /\bgenai\.errors\.ServerError\b/]],
);

export const AI_SDK = vocabulary(
  'ai-sdk',
  'Vercel AI SDK error names (used by opencode and other TypeScript agents)',
  'https://ai-sdk.dev/docs/reference/ai-sdk-errors; https://github.com/vercel/ai (packages/provider-utils/src/post-to-api.ts: the APICallError "Failed to process successful response" when a 2xx body does not parse)',
  [
    ['auth', /\bAI_LoadAPIKeyError\b/],
    ['json_parse', /\bAI_(?:JSONParseError|InvalidToolArgumentsError|NoSuchToolError|InvalidResponseDataError|NoObjectGeneratedError|ToolCallRepairError)\b/, /\bFailed to process successful response\b/],
  ],
  // a TypeValidationError wraps a body that did not match the SDK's schema, often an error body (overloaded_error)
  [['json_parse', /\bAI_TypeValidationError\b/]],
);

export const ZOD = vocabulary(
  'zod',
  "Zod schema validation errors (TypeScript agents check tool input and provider responses with it: Claude Code, opencode, the AI SDK): ZodError and its issue codes, Zod 4's issue messages",
  'https://zod.dev/error-formatting; https://github.com/colinhacks/zod/blob/main/packages/zod/src/v4/core/errors.ts',
  [
    [
      'json_parse',
      /\bZodError\b/,
      /\\?"code\\?"\s*:\s*\\?"(?:invalid_union|invalid_type|unrecognized_keys|invalid_enum_value|invalid_literal)\\?"/,
      /\bInvalid input: expected \w+, received \w+\b/,
    ],
  ],
);

/**
 * Python agent frameworks' run failures: a structured answer the model could not produce within the retries (Pydantic
 * AI, DSPy) and a workflow that ran out of time (LlamaIndex).
 */
export const AGENT_FRAMEWORKS = vocabulary(
  'agent-frameworks',
  "Pydantic AI's, DSPy's, LlamaIndex's and browser-use's run failures (output validation, adapter parse, workflow timeout, an agent stopped after consecutive failures)",
  'https://github.com/pydantic/pydantic-ai (pydantic_ai/_agent_graph.py, UnexpectedModelBehavior); https://github.com/stanfordnlp/dspy (dspy/utils/exceptions.py, AdapterParseError); https://github.com/run-llama/llama_index (llama_index/core/workflow/errors.py, llama_index/core/indices/prompt_helper.py); https://github.com/browser-use/browser-use (browser_use/agent/service.py: max_failures; browser-use/web-ui#660); https://github.com/run-llama/llama_index/issues/12455 (the ReAct output parser: Could not parse output)',
  [
    ['json_parse', /\bExceeded maximum retries \(\d+\) for (?:result|output) validation\b/i, /\bExpected to find output fields in the LM response\b/, /\bAdapterParseError\b/],
    ['timeout', /\bWorkflowTimeoutError\b/],
    // LlamaIndex's chat memory and prompt helper when the prompt leaves no room in the context window
    ['token_limit', /\bCalculated available context size -?\d+ was not non-negative\b/],
    ['repeated_tool_call', /\bStopping due to \d+ consecutive failures\b/i],
    ['json_parse', /\bCould not parse output: /],
  ],
);

export const LANGCHAIN_PYTHON = vocabulary(
  'langchain-python',
  "LangChain's Python chat models: the Gemini binding's wrapper of a 400 (INVALID_ARGUMENT) and the Anthropic binding's check of the system messages",
  'https://github.com/langchain-ai/langchain-google (libs/genai/langchain_google_genai/chat_models.py: ChatGoogleGenerativeAIError); https://github.com/langchain-ai/langchain (libs/partners/anthropic/langchain_anthropic/chat_models.py: _format_messages)',
  [['bad_request', /\bInvalid argument provided to Gemini\b/, /\bReceived multiple non-consecutive system messages\b/]],
);
