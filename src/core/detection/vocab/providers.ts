/**
 * What the model providers publish: their error types and codes, their messages, their gRPC-style status names and the
 * finish reasons that end a response early. Each vocabulary names the reference it follows.
 */
import { vocabulary } from '../vocabulary';

export const ANTHROPIC = vocabulary(
  'anthropic',
  'Anthropic API error types and messages (Messages API, Claude Console)',
  'https://docs.claude.com/en/api/errors; the Messages API\'s validation messages, as relays and clients pass them on (maxdewald/vscode-universal-chat-provider#102, CopilotC-Nvim/CopilotChat.nvim#1189, caozhiyuan/copilot-api#54, farion1231/cc-switch#991, Wei-Shaw/sub2api#1308, dongdongbh/Mindwtr#221); https://github.com/Wei-Shaw/sub2api/issues/1574 (third-party apps draw from extra usage)',
  [
    ['auth', /\bauthentication_error\b/i, /\bpermission_error\b/i, /\binvalid x-api-key\b/i, /\bThis organization has been disabled\b/i, /\bOAuth token has expired\b/i, /\bPlease obtain a new token or refresh your existing token\b/i, /\bThis credential is only authorized for use with Claude Code\b/i, /\bx-api-key header is required\b/i, /\bnot allowed from unsupported countries, regions,? or territories\b/i],
    ['quota_exhausted', /\bbilling_error\b/, /\bcredit balance (?:is )?too low\b/i],
    ['budget_exceeded', /\breached your specified (?:workspace )?(?:API )?usage limits\b/i, /\benforced_spend_limit(?:_reached|_exceeded)?\b/],
    ['token_limit', /\bprompt is too long\b/i, /\brequest_too_large\b/, /\binput length and `?max_tokens`? exceed context limit\b/i],
    ['rate_limit', /\brate_limit_error\b/i],
    ['timeout', /\btimeout_error\b/],
    ['overloaded', /\boverloaded_error\b/i, /\bOverloaded\b/],
    ['server_error', /\bapi_error\b/],
    ['bad_request', /\binvalid_request_error\b/i, /\bnot_found_error\b/, /\btool_use(?:`? ids were found without|_id)\b.*\btool_result\b/i, /\bInvalid `?signature`? in `?thinking`? block\b/i, /\binput_schema: JSON schema is invalid\b/i, /\bcache_control cannot be set for empty text blocks\b/i],
    // the Messages API's request validation: empty text blocks, empty thinking blocks, an unknown `thinking.type`, a tool name or id off its pattern
    ['bad_request', /\btext content blocks must (?:be non-empty|contain non-whitespace text)\b/i, /\beach thinking block must contain thinking\b/i, /\bInput tag '[\w-]{1,40}' found using 'type' does not match (?:any of the )?expected tags\b/, /\b(?:tools|messages)\.\d+\.[\w.]{1,120}: String should match pattern\b/i],
    ['quota_exhausted', /\bThird-party apps now draw from your extra usage\b/i],
  ],
);

export const OPENAI = vocabulary(
  'openai',
  'OpenAI API error codes and messages (Chat Completions, Responses)',
  'https://platform.openai.com/docs/guides/error-codes; https://github.com/router-for-me/CLIProxyAPI/issues/999 (Responses items not stored); https://github.com/FlowiseAI/Flowise/issues/2532 (Assistants: No thread found); https://github.com/songquanpeng/one-api/issues/1168 (Invalid URL); https://github.com/Wei-Shaw/sub2api/issues/3576 (missing scopes); https://github.com/warpdotdev/warp/issues/8461 (No tool call found for function call output); https://github.com/Wei-Shaw/sub2api/issues/3782 (Invalid value ... Supported values are); https://github.com/farion1231/cc-switch/issues/2739 (the server-error message); https://github.com/CherryHQ/cherry-studio/issues/9857 (a Responses item not found); https://github.com/open-webui/open-webui/issues/13617 (Unrecognized request argument supplied)',
  [
    ['auth', /\binvalid_api_key\b/, /\bIncorrect API key provided\b/i, /\bYou didn't provide an API key\b/i, /\brefresh_token_reused\b/, /\brefresh token has already been used\b/i, /\bmust be a member of an organization to use the API\b/i, /\bunsupported_country_region_territory\b/, /\b(?:Country|region)(?:, region,)? or territory not supported\b/i, /\bYou have insufficient permissions for this operation\. Missing scopes\b/i],
    ['quota_exhausted', /\binsufficient_quota\b/i, /\bexceeded your current quota\b/i],
    ['token_limit', /\bcontext_length_exceeded\b/i, /\bmaximum context length is\b/i, /\breduce the length of the (?:messages|input|prompt)\b/i],
    ['output_limit', /\bmax_output_tokens\b/, /\bfinish_reason\W{1,8}length\b/],
    ['stale_session', /\bprevious_response_not_found\b/, /\bPrevious response with id '?[\w-]+'? not found\b/i, /\bItems are not persisted when `?store`? is set to false\b/, /\bNo thread found with id\b/],
    ['content_filter', /\bcontent_policy_violation\b/i, /\bflagged as potentially violating\b/i, /\binvalid_prompt\b/, /\bfinish_reason\W{1,8}content_filter\b/, /\brejected (?:as a result of|by) (?:our|the) safety system\b/i],
    ['rate_limit', /\brate_limit_exceeded\b/i, /\bRate limit reached for\b/i, /\bSlow Down\b/],
    ['overloaded', /\bengine is currently overloaded\b/i],
    ['server_error', /\bThe server had an error (?:while )?processing your request\b/i, /"(?:type|code)"\s*:\s*"server_error"/],
    ['budget_exceeded', /\bbilling_hard_limit_reached\b/, /\bBilling hard limit has been reached\b/i],
    ['bad_request', /\bmodel_not_found\b/, /\bmissing_required_parameter\b/, /\bInvalid schema for function\b/i, /\bThe model `?[\w./:-]+`? does not exist\b/i, /\bunsupported_(?:parameter|value)\b/, /\bUnsupported parameter\b/i, /\bstring_above_max_length\b/, /\bstring too long\. Expected a string with maximum length\b/i, /\bInvalid '[\w.[\]-]{1,80}': /, /\bAn assistant message with '?tool_calls'? must be followed by tool messages\b/i, /\bInvalid URL \((?:GET|POST|PUT|DELETE) \/v1\//],
    // the Responses API's answer to a tool output without its call; an enum value it does not know; its generic server-error message
    ['bad_request', /\bNo tool call found for function call output with call_id\b/, /\bInvalid value: '[^']{1,80}'\. Supported values are\b/],
    ['server_error', /\bAn error occurred while processing your request\. You can retry your request\b/i],
    ['stale_session', /\bItem with id '(?:rs|msg|fc)_[\w-]+' not found\b/],
    ['bad_request', /\bUnrecognized request argument supplied\b/],
  ],
);

export const GOOGLE = vocabulary(
  'google',
  'Google APIs (Gemini API, Vertex AI): google.rpc.Code status names, gRPC codes, Gemini error messages and finish reasons',
  'https://ai.google.dev/gemini-api/docs/troubleshooting; https://cloud.google.com/apis/design/errors; https://ai.google.dev/api/generate-content#FinishReason; https://support.google.com/a/answer/9368756 (invalid_rapt: Google OAuth reauthentication); https://github.com/googleapis/googleapis/blob/master/google/api/error_reason.proto (ErrorInfo reasons: IAM_PERMISSION_DENIED); https://github.com/zed-industries/zed/issues/28623 (GenerateContentRequest ... must not be empty); https://github.com/unarbos/arbos/pull/34 (Corrupted thought signature); https://github.com/diegosouzapw/OmniRoute/issues/1185 (Google OAuth: Missing required parameter: client_id); the Go SDK\'s BlockedReason constants (google.golang.org/genai: BlockedReasonProhibitedContent); https://github.com/Portkey-AI/gateway/issues/1441 (API_KEY_SERVICE_BLOCKED); https://github.com/lbjlaq/Antigravity-Manager/issues/1910, /1862, /1864, /1927 (Cloud Code\'s project and precondition errors), /1015 (MODEL_CAPACITY_EXHAUSTED)',
  [
    ['auth', /\bUNAUTHENTICATED\b/, /\bPERMISSION_DENIED\b/, /\bcaller does not have permission\b/i, /\bPermission denied on resource\b/i, /\bCONSUMER_INVALID\b/, /\bhas been denied access\b/i, /\bAPI key not valid\b/i, /\bAPI_KEY_INVALID\b/, /\bAPI key expired\b/i, /\bUser location is not supported\b/i, /\bcode = (?:Unauthenticated|PermissionDenied)\b/, /\binvalid_rapt\b/, /\bIAM_PERMISSION_DENIED\b/],
    ['quota_exhausted', /\bQuota exceeded for (?:quota )?metric\b/i, /\bexhausted your daily quota\b/i, /\bGenerate[A-Za-z]*PerDay/, /\b[A-Z][A-Za-z0-9]*RequestsPerDay\b/],
    ['token_limit', /\binput token count\b.*\bexceeds\b/i],
    ['output_limit', /\bfinish_?reason\W{1,4}MAX_TOKENS\b/i],
    ['content_filter', /\b(?:finish_?reason|block_?reason)\W{1,4}(?:SAFETY|RECITATION|BLOCKLIST|PROHIBITED_CONTENT|SPII|IMAGE_SAFETY)\b/i, /\bblocked (?:due to|by|for reason:?) (?:SAFETY|safety|PROHIBITED_CONTENT)\b/, /\bPROHIBITED_CONTENT\b/],
    ['json_parse', /\bMALFORMED_FUNCTION_CALL\b/],
    ['rate_limit', /\bRESOURCE_EXHAUSTED\b/, /\bGenerate[A-Za-z]*PerMinute/, /\brateLimitExceeded\b/, /\bResource (?:has been )?exhausted\b/i, /\bcode = ResourceExhausted\b/],
    ['overloaded', /\bUNAVAILABLE\b/, /\bNo capacity available\b/i, /\bservice is temporarily out of capacity\b/i, /\bThe model is overloaded\b/i, /\bcode = Unavailable\b/],
    ['timeout', /\bDEADLINE_EXCEEDED\b/, /\bcode = DeadlineExceeded\b/],
    ['server_error', /"status"\s*:\s*"INTERNAL"/, /\b5\d\d INTERNAL\b/, /\bcode = Internal\b/, /\bStatusCode\.INTERNAL\b/],
    ['bad_request', /\bGenerateContentRequest\.[\w.[\]]{1,120} must not be empty\b/, /\bINVALID_ARGUMENT\b/, /\bRequested entity was not found\b/i, /\bRequest contains an invalid argument\b/i, /\bmodels\/[\w.:-]+ is not found\b/i, /\bFAILED_PRECONDITION\b/, /"status"\s*:\s*"NOT_FOUND"/, /\bcode = InvalidArgument\b/, /\bInvalid JSON payload received\. Unknown name\b/i, /\bPublisher Model\b.{0,200}\bwas not found\b/i, /\bfunction call turn comes immediately after a user turn\b/i, /\bnumber of function response parts is equal to the number of function call parts\b/i, /\bFunction call is missing a thought_signature\b/i, /\bUnable to submit request because it has a \w+ value of\b/i, /\bUnable to submit request because it has an empty (?:text|contents?) parameter\b/i, /\bshould be non-empty for OBJECT type\b/],
    ['bad_request', /\bCorrupted thought signature\b/i],
    ['auth', /\bMissing required parameter: client_id\b/],
    ['content_filter', /\bBlockedReason(?:ProhibitedContent|Safety|Blocklist|ImageSafety)\b/],
    ['auth', /\bAPI_KEY_SERVICE_BLOCKED\b/],
    ['bad_request', /\bInvalid project resource name\b/, /\bgoogle\.rpc\.BadRequest\b/, /\bPrecondition check failed\b/],
    ['overloaded', /\bMODEL_CAPACITY_EXHAUSTED\b/, /\bModelCapacityExhausted\b/],
  ],
);

export const AWS = vocabulary(
  'aws',
  'Amazon Bedrock Runtime errors and AWS credential errors (botocore, AWS SDKs)',
  'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html#API_runtime_InvokeModel_Errors; https://docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html; https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html (an expired SSO session); https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html (a model invoked on demand that needs an inference profile); https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateToken.html (InvalidGrantException: an SSO token refresh refused, kirodotdev/Kiro#5788); https://github.com/RooCodeInc/Roo-Code/issues/10216 (the Converse API\'s tool result count)',
  [
    ['auth', /\bInvalidGrantException\b/, /\bAccessDeniedException\b/, /\bModel access is denied\b/i, /\bUnrecognizedClientException\b/, /\bExpiredToken(?:Exception)?\b/, /\bInvalidSignatureException\b/, /\bIncompleteSignature\b/, /\b(?:security|bearer) token included in the request is (?:expired|invalid)\b/i, /\bUnable to locate credentials\b/i, /\bNoCredentialsError\b/, /\bCould not load credentials from any providers\b/i, /\bCredentialsProviderError\b/, /\bThe SSO session associated with this profile has expired\b/i],
    ['quota_exhausted', /\bServiceQuotaExceededException\b/],
    ['token_limit', /\bInput is too long for requested model\b/i],
    ['rate_limit', /\bThrottlingException\b/, /\bToo many (?:requests|tokens), please wait before trying again\b/i],
    ['timeout', /\bModelTimeoutException\b/, /\boperation timeout \(all attempts including retries\)/],
    ['overloaded', /\bServiceUnavailableException\b/, /\bModelNotReadyException\b/],
    ['server_error', /\bInternalServerException\b/, /\bInternalFailure\b/, /\bModelErrorException\b/, /\bModelStreamErrorException\b/],
    ['bad_request', /\bValidationException\b/, /\bResourceNotFoundException\b/, /\bmodel identifier is invalid\b/i, /\bwith on-demand throughput isn['\u2019]t supported\b/i],
    ['bad_request', /\bThe number of toolResult blocks at messages\.\d+\.content exceeds the number of toolUse blocks\b/],
  ],
);

export const AZURE = vocabulary(
  'azure',
  'Azure OpenAI and Azure AI Foundry error codes',
  'https://learn.microsoft.com/en-us/azure/ai-services/openai/reference#error-response',
  [
    ['auth', /\bAccess denied due to invalid subscription key\b/i, /\bPermissionDenied\b/, /\bPrincipal does not have access to API\/Operation\b/i],
    ['content_filter', /\bResponsibleAIPolicyViolation\b/, /\bfiltered by the Responsible AI Service\b/i, /\bResponsible AI Service has filtered\b/i, /已被负责任 ?AI ?服务过滤/, /\bcontent management policy\b/i],
    ['rate_limit', /\bexceeded (?:the )?(?:token |call )?rate limit of your current\b/i],
    ['bad_request', /\bAPI deployment for this resource does not exist\b/i, /\bDeploymentNotFound\b/, /\bOperationNotSupported\b/],
  ],
);

export const OTHER_PROVIDERS = vocabulary(
  'providers',
  'Other providers, routers and model servers: OpenRouter, DeepSeek, Alibaba Model Studio (DashScope), MiniMax, Groq, Moonshot (Kimi), Ollama (its server log: the runner, the GIN request log), llama.cpp server, the chat template of LM Studio, vLLM (engine death, request validation) and the CUDA runtime errors model servers die of',
  'https://openrouter.ai/docs/api-reference/errors; https://api-docs.deepseek.com/quick_start/error_codes; https://www.alibabacloud.com/help/en/model-studio/error-code; https://console.groq.com/docs/errors (tool_use_failed, in its tool-use guide); https://platform.kimi.com/docs/api/errors (Moonshot: its error table and error types); https://www.kimi.com/code/docs/en/kimi-code/error-reference.html (the messages of the Kimi Code API); https://github.com/ollama/ollama/blob/main/docs/api.md; https://github.com/ollama/ollama/blob/main/docs/troubleshooting.md; https://github.com/ggml-org/llama.cpp/tree/master/tools/server; https://github.com/vllm-project/vllm (vllm/engine/async_llm_engine.py, vllm/engine/multiprocessing/client.py, vllm/v1/engine/core.py, vllm/v1/engine/processor.py, vllm/entrypoints/openai/serving_engine.py); https://docs.nvidia.com/cuda/cuda-runtime-api/group__CUDART__TYPES.html; https://api-docs.deepseek.com/guides/thinking_mode (reasoning_content with tool calls); https://github.com/ggml-org/llama.cpp/issues/20761 (Failed to parse input at pos); https://github.com/ggml-org/llama.cpp/issues/10958 (GGML_ABORT); https://github.com/lmstudio-ai/lmstudio-bug-tracker/issues/404 (Error rendering prompt with jinja template); https://github.com/ggml-org/llama.cpp/issues/29240 (unparsed peg-native output); https://github.com/hiyouga/LlamaFactory/issues/7723 and https://github.com/sgl-project/sglang/issues/8096 (vLLM\'s and SGLang\'s prompt-length checks); https://github.com/ggml-org/llama.cpp/pull/10030 (input is larger than the max context size); https://github.com/continuedev/continue/issues/10020 (max_seq_len); https://github.com/plastic-labs/honcho/issues/1174 (the expected peg-native format); https://github.com/lmstudio-ai/lmstudio-bug-tracker/issues/2218 (the chat templates\' roles must alternate); https://github.com/Alishahryar1/free-claude-code/issues/752 (OpenRouter: but can only afford); https://github.com/modelscope/evalscope/issues/1294 (ModelScope\'s content inspection); https://github.com/sgl-project/sglang/issues/7553 (its scheduler watchdog); https://github.com/vllm-project/vllm-ascend/issues/7535 (the Hugging Face tokenizers\' sequence length); https://github.com/huggingface/transformers/issues/23793 (the Hugging Face Inference API loading a model); https://github.com/ollama/ollama/issues/85 (llama_tokenize); https://github.com/CherryHQ/cherry-studio/issues/10340 and https://github.com/muyouzhi6/astrbot_plugin_gitee_aiimg/issues/3 (SiliconFlow\'s messages); https://github.com/volcengine/MineContext/issues/328 (Volcano Engine Ark\'s inference limit); https://github.com/sgl-project/sglang/issues/4602, /3752, /30532 (decode out of memory, a child\'s sigquit, its scheduler watchdog); https://github.com/LMCache/LMCache/issues/411 (MQEngineDeadError); https://github.com/LostRuins/koboldcpp/issues/1535; https://github.com/withcatai/node-llama-cpp/issues/190 (a KV slot for the batch); https://github.com/Vizards/deepseek-v4-for-copilot/issues/116 (DeepSeek\'s Chinese 401)',
  [
    [
      'token_limit',
      /\bRange of input length should be\b/i,
      /\bexceed_context_size_error\b/,
      /\btruncating input prompt\b/i,
      // vLLM's input check: "The decoder prompt (length N) is longer than the maximum model length of M"
      /\bprompt \(length \d+\) is longer than the maximum model length\b/i,
      // Moonshot's two context-length messages
      /\bInput token length too long\b/i,
      /\bexceeded model token limit\b/i,
    ],
    [
      'process_crash',
      /\bllama runner (?:process has )?terminated\b/i,
      /\bmodel runner has unexpectedly stopped\b/i,
      /\bfailed to start (?:a |the )?llama runner\b/i,
      /\bAsyncEngineDeadError\b/,
      /\bEngine loop has died\b/i,
      /\bEngine background task failed\b/i,
      /\bMQLLMEngine is already dead\b/i,
      /\bEngine ?Core encountered a fatal error\b/i,
      /\bEngine core initialization failed\b/i,
      /\bfailed \(engine dead\)/i,
      /\bCUDA (?:error|out of memory)\b/i,
      /\bCuda failure\b/i,
      // llama.cpp's GGML_ABORT ("ggml-cpu.c:3996: fatal error") and its context shift refused by a model
      /\bggml[\w-]*\.c:\d+: fatal error\b/,
      /\bdoes not support K-shift\b/,
    ],
    [
      'bad_request',
      // DeepSeek's thinking mode: the reasoning of a turn with tool calls must be sent back; DashScope's error code
      /\bin the thinking mode must be passed back to the API\b/i,
      /\binvalid_parameter_error/,
    ],
    // llama.cpp's parser of the model's tool calls, which it answers inside a 500; LM Studio's chat template that fails
    ['json_parse', /\bFailed to parse input at pos \d+/, /\bunparsed peg-native output\b/],
    ['server_error', /\bError rendering prompt with jinja template\b/i, /\brequired to render jinja prompt\b/i],
    [
      'quota_exhausted',
      /\bInsufficient (?:account )?(?:Balance|credits?|funds)\b/i,
      /\b(?:requires|need) more credits\b/i,
      /\bfree-models-per-day\b/,
      /\bout of credits\b/i,
      // Moonshot's spent balance; the Kimi Code API's plan limits
      /\bexceeded_current_quota_error\b/,
      /\breached your usage limit for this (?:billing cycle|period)\b/i,
      // Alibaba Model Studio's Arrearage (an overdue payment): "Access denied, please make sure your account is in good standing."
      /\bArrearage\b/,
      /\bplease make sure your account is in good standing\b/i,
    ],
    // Moonshot's error type for a bad key; the Kimi Code API's key and access messages
    [
      'auth',
      /\binvalid_authentication_error\b/,
      /\bThe API Key appears to be invalid or may have expired\b/i,
      /\bKimi For Coding is currently only available for Coding Agents\b/i,
    ],
    [
      'content_filter',
      /\bnew_sensitive\b/i,
      /\bsensitive \(1027\)/i,
      /\bContent Exists Risk\b/i,
      // Alibaba Model Studio's DataInspectionFailed ("Input data may contain inappropriate content"); Moonshot's high-risk refusal
      /\bDataInspectionFailed\b/,
      /\bdata_inspection_failed\b/,
      /\bmay contain inappropriate content\b/i,
      /\brejected because it was considered high risk\b/i,
    ],
    // Groq's tool_use_failed: the model's tool call did not parse (or its arguments did not match the tool's schema)
    ['json_parse', /\btool_use_failed\b/, /\btool call validation failed\b/i, /\bFailed to call a function\. Please adjust your prompt\b/i],
    // OpenRouter's upstream 429; Moonshot's organization limits ("request reached organization max RPM: 3") and the Kimi
    // Code API's 429
    ['rate_limit', /\btemporarily rate-limited upstream\b/i, /\brequest reached organization max (?:RPM|TPM|RPD|TPD)\b/i, /\bWe're receiving too many requests\b/i],
    ['overloaded', /\bServer (?:is )?busy\b/i, /\bmodel is at capacity\b/i, /\bNo allowed providers are available\b/i],
    // Ollama's request log (GIN): a 5xx answered on one of its model routes
    ['server_error', /\bmodel requires more system memory\b/i, /\[GIN\][^|]*\|\s*5\d\d\s*\|[^|]*\|[^|]*\|\s*POST\s+"\/(?:api\/(?:chat|generate|embed)|v1\/(?:chat\/)?completions)"/],
    [
      'bad_request',
      /\bcannot be greater than max_model_len\b/i,
      /\btool choice requires --enable-auto-tool-choice\b/i,
      /\bdoes not support tools\b/i,       /\bNo endpoints found (?:for|matching|that support)\b/i,
      /\bmodel '[^']{1,120}' not found, try pulling it\b/i,
    ],
    // vLLM's and SGLang's prompt-length check ("The input (N tokens) is longer than ..."), llama.cpp's context size, a server's max_seq_len
    ['token_limit', /\(\d+ tokens\) is longer than the model's context length\b/i, /\binput is larger than the max context size\b/i, /\bmust be less than or equal to max_seq_len\b/],
    // llama.cpp's chat parser on a model output it cannot read; the Hugging Face chat templates' raise_exception on roles out of turn
    ['json_parse', /\bdoes not match the expected peg-native format\b/],
    ['bad_request', /\bconversation roles must alternate\b/i],
    // OpenRouter's credits too low for the request's max_tokens
    ['quota_exhausted', /\bbut can only afford \d+\b/],
    ['content_filter', /\bcontent security inspection failed\b/i],
    ['timeout', /\bwatchdog timeout \(self\.watchdog_timeout=\d+/i],
    ['token_limit', /\bToken indices sequence length is longer than the specified maximum sequence length\b/, /\bllama_tokenize: too many tokens\b/],
    ['overloaded', /\bModel [\w./-]+ is currently loading\b/],
    ['bad_request', /\bModel does not exist\. Please check it carefully\b/i],
    ['quota_exhausted', /\byour account balance is insufficient\b/i],
    ['budget_exceeded', /\bhas reached the set inference limit\b/i],
    // llama.cpp-based servers' context buffer (KoboldCpp, node-llama-cpp)
    ['token_limit', /\bCheck your context buffer sizes\b/, /\bcould not find a KV slot for the batch\b/],
    ['process_crash', /\bDecode out of memory\b/, /\bReceived sigquit from a child proces/, /\bMQEngineDeadError\b/],
    ['auth', /API Key 错误，认证失败/],
  ],
);

export const CONNECT = vocabulary(
  'connect',
  'Connect RPC error codes as Connect clients print them ("[resource_exhausted] ...": Cursor, Windsurf, Zed and other Connect-based agents)',
  'https://connectrpc.com/docs/protocol/#error-codes',
  [
    ['auth', /\[(?:unauthenticated|permission_denied)\]/],
    ['rate_limit', /\[resource_exhausted\]/],
    ['timeout', /\[deadline_exceeded\]/],
    ['overloaded', /\[unavailable\]/],
    ['server_error', /\[internal\]/],
    ['bad_request', /\[(?:invalid_argument|failed_precondition)\]/],
  ],
);

export const ONE_API = vocabulary(
  'one-api',
  "one-api and new-api gateway messages (Chinese): the 429 it rewrites, its token quota errors, new-api's failed pre-charge of a request's quota and its sensitive-words check",
  'https://github.com/songquanpeng/one-api#常见问题 (FAQ: 当前分组负载已饱和 = the upstream channel answered 429); https://github.com/QuantumNous/new-api (relay error messages, model/token.go)',
  [
    ['rate_limit', /负载已饱和/, /已达速率限制/],
    ['quota_exhausted', /\btoken quota is not enough\b/i, /令牌(?:可用)?额度已用尽/, /\bTokenStatusExhausted\b/, /预扣费额度失败/],
    ['content_filter', /\bsensitive_words?_detected\b/],
  ],
  [
    ['rate_limit', /速率限制/, /秒后重试/],
    ['server_error', /"type"\s*:\s*"upstream_error"/],
  ],
);

export const ZHIPU = vocabulary(
  'zhipu',
  'Zhipu AI (BigModel, GLM and the GLM Coding Plan): the messages of its business error codes (Chinese), as its API returns them',
  'https://docs.bigmodel.cn/cn/api/api-code (错误码: 1002, 1003, 1261, 1301, 1302, 1303, 1304, 1308, 1309, 1310, 1312); https://docs.bigmodel.cn/cn/api/rate-limit',
  [
    ['auth', /Authentication Token ?(?:非法|已过期)/, /令牌已过期或验证不正确/],
    ['token_limit', /Prompt ?超长/],
    ['content_filter', /系统检测到输入或生成内容可能包含不安全或敏感内容/],
    // and Z.ai's (its international site) fair-use limit of the GLM Coding Plan
    ['rate_limit', /您当前使用该 ?API ?的(?:并发数|频率)过高/, /\brequest frequency has been limited\b/i],
    ['quota_exhausted', /已达今日调用次数限额/, /已达到[^。]{1,20}的使用上限/, /您已达到每[周月](?:\/每[周月])?使用上限/, /GLM Coding Plan ?套餐已到期/],
    ['overloaded', /该模型当前访问量过大/],
  ],
);

export const RELAYS = vocabulary(
  'relays',
  'Relays that pool agent subscriptions behind one endpoint (sub2api, CLIProxyAPI, deepseek-free-api, agentrouter): the messages they answer',
  'https://github.com/Wei-Shaw/sub2api/issues/378, /890 (No available accounts; INSUFFICIENT_BALANCE); https://github.com/router-for-me/CLIProxyAPI/issues/1651 (a retired model); https://github.com/LLM-Red-Team/deepseek-free-api/issues/118 (Authorization Failed); https://github.com/agentrouter-org/docs/issues/30 (a budget pool), /21 (an unauthorized client); https://github.com/router-for-me/CLIProxyAPI/issues/131, /5489 (auth_unavailable); https://github.com/farion1231/cc-switch/issues/3094 (首包超时); https://github.com/diegosouzapw/OmniRoute/issues/972 (TOKEN_REFRESH); https://github.com/chenyme/grok2api/issues/37 (new-api: do request failed); https://github.com/farion1231/cc-switch/issues/1223 (No accounts available with quota); https://github.com/router-for-me/CLIProxyAPI/issues/4087 (a suspended client); https://github.com/diegosouzapw/OmniRoute/issues/6354, /14025 (its upstream time-outs)',
  [
    ['overloaded', /\bNo available accounts\b/i],
    ['quota_exhausted', /\bINSUFFICIENT_BALANCE\b/],
    ['budget_exceeded', /\bBudget pool quota has been exhausted\b/i],
    ['auth', /\bAuthorization Failed \(invalid token\)/i, /\bauth_unavailable: no auth available\b/, /\bunauthorized client detected\b/i],
    ['bad_request', /\bis no longer available\. Please switch to\b/i],
    ['timeout', /首包超时/],
    ['network', /\bdo request failed\b/],
    ['quota_exhausted', /\bNo accounts available with quota\b/i],
    ['auth', /\bSuspended client\b.{0,120}: unauthorized\b/, /\bFailed to refresh (?:the )?(?:[\w-]+ )?(?:access |OAuth |auth )?token\b/i],
    ['timeout', /\bdid not return response headers after \d+ ?ms\b/, /\bno non-ping SSE event within \d+ ?ms\b/],
  ],
);
