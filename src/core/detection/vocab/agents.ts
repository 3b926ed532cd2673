/**
 * The agents' own wordings: what each agent CLI or extension prints for a failure in words of its own (its halt
 * messages, loop detection, usage limits, resume failures). Each vocabulary names the repository (or documentation)
 * where the messages are defined.
 */
import { vocabulary } from '../vocabulary';

export const CLAUDE_CODE = vocabulary(
  'agent:claude-code',
  'Claude Code messages (CLI, transcripts, headless results)',
  'https://docs.claude.com/en/docs/claude-code/troubleshooting; https://github.com/anthropics/claude-code (issues 31576, 31714: a tool call\'s parameters rejected; 12624: a session whose metadata cannot be fetched; 20728, 37622: its OAuth login; the Agent SDK\'s message reader, wecode-ai/Wegent#567); the Agent SDKs\' subprocess transport (agentclientprotocol/claude-agent-acp#734, anthropics/claude-agent-sdk-python#434, anthropics/claude-code#42977)',
  [
    ['auth', /\bPlease run \/login\b/i, /\bOAuth token (?:has )?expired\b/i, /\bInvalid API key\b/i, /\bOAuth error: Invalid code\b/i, /\bInvalid OAuth Request\b/i],
    ['process_crash', /\bFatal error in message reader\b/i],
    ['quota_exhausted', /\bExtra usage is required\b/i, /\bClaude (?:AI )?usage limit reached\b/i, /\bhit your limit\b.{0,6}\bresets\b/i, /\b(?:5-hour|weekly|Opus|session) limit reached\b/i, /\blimit reached\b.{0,12}\bresets\b/i],
    ['budget_exceeded', /\berror_max_budget(?:_usd)?\b/],
    ['output_limit', /\boutput token maximum\b/i, /\bCLAUDE_CODE_MAX_OUTPUT_TOKENS\b/],
    ['context_pressure', /\bContext low\b/, /\bContext left until auto-compact\b/i],
    ['stale_session', /\bNo conversation found with session ID\b/i, /\bNo conversations? found to (?:resume|continue)\b/i, /\berror_during_execution\b/i, /\bFailed to fetch session metadata\b/i],
    ['repeated_tool_call', /\berror_max_turns\b/],
    ['json_parse', /\bThe parameter `?\w+`? type is expected as `?\w+`? but provided as\b/i, /\bAn unexpected parameter `\w+` was provided\b/, /\bStream completed without receiving message_start event\b/],
    ['timeout', /\bAPI Error: Request timed out\b/i],
    ['network', /\bUnable to connect to API\b/i],
    ['bad_request', /\bis not available on your \w+ deployment\b/i],
    ['process_crash', /\bClaude Code process terminated by signal\b/, /\bCannot write to terminated process\b/],
    ['network', /\bProcessTransport is not ready for writing\b/],
  ],
);

export const CODEX = vocabulary(
  'agent:codex',
  'Codex CLI messages (codex-rs: error.rs, the TUI and exec output)',
  'https://github.com/openai/codex/blob/main/codex-rs/core/src/error.rs; https://github.com/openai/codex/issues/20873 (a reply flagged for cybersecurity risk); https://github.com/openai/codex/issues/3196 (an MCP server that did not start in time); https://github.com/openai/codex/issues/825 (a request OpenAI rejected), /42393 (remote compaction); codex-rs protocol CodexErrorInfo (server_overloaded); https://github.com/openai/codex/issues/29448 (Custom tool call output is missing), /13526, /29568 (the app-server exited), /13906 (its reachability check); https://github.com/openai/codex/issues/837 (stream disconnected - retrying turn); https://github.com/zed-industries/codex-acp/issues/336 (an orphan function call output); https://github.com/Wei-Shaw/sub2api/issues/1807 (a websocket closed before response.completed)',
  [
    ['quota_exhausted', /\byou(?:'ve| have) hit your usage limit\b/i, /\busage_limit_reached\b/, /\busage_not_included\b/],
    ['token_limit', /\bran out of room in the model's context window\b/i, /\bYour input exceeds the context window\b/i],
    ['stale_session', /\bno rollout found\b/i, /\bmissing rollout path\b/i, /\b(?:session |thread\/)resume failed\b/i, /\bNo saved session found\b/i],
    ['timeout', /\bidle timeout waiting for\b/i, /\bMCP client for `[^`]{1,80}` timed out after\b/],
    ['content_filter', /\b(?:chat|content|conversation|message) was flagged for possible cybersecurity risk\b/i],
    ['bad_request', /\bOpenAI rejected the request\b/],
    ['json_parse', /\bexpected exactly one compaction output item\b/],
    ['overloaded', /\bserver_overloaded\b/],
    ['json_parse', /\bapply_patch verification failed\b/i],
    ['server_error', /\bcurrently experiencing high demand, which may cause temporary errors\b/i],
    ['process_crash', /\bthread\/(?:start|rollback) failed\b/],
    ['bad_request', /\bCustom tool call output is missing for call id\b/],
    ['process_crash', /\bapp-server (?:process )?exited unexpectedly\b/],
    ['network', /\brequired provider endpoints are unreachable\b/, /\bbase URL \S{1,200} connect failed\b/],
    ['network', /\bstream disconnected - retrying turn\b/, /\bwebsocket closed by server before response\.completed\b/],
    ['bad_request', /\bOrphan function call output for call id\b/],
  ],
  [['network', /\bstream disconnected before completion\b/i, /\bstream closed before response\.completed\b/i]],
);

export const GEMINI_CLI = vocabulary(
  'agent:gemini-cli',
  'Gemini CLI and Qwen Code messages (packages/core: googleQuotaErrors.ts, loopDetectionService.ts, the session resume)',
  'https://github.com/google-gemini/gemini-cli/tree/main/packages/core/src; https://github.com/QwenLM/qwen-code; https://github.com/QwenLM/qwen-code/issues/3514 (its Chinese connection message); https://github.com/google-gemini/gemini-cli/issues/26250 (a response stopped for prohibited content)',
  [
    ['quota_exhausted', /\bTerminalQuotaError\b/, /\bQUOTA_EXHAUSTED\b/, /\bexhausted your (?:daily quota|capacity)\b/i, /\bPossible quota limitations in place\b/i, /\bFree allocated quota exceeded\b/i, /\bswitching from [\w.-]+ to [\w.-]+ for the (?:remainder|rest) of this session\b/i, /\bTo continue accessing the [\w.-]+ model today\b/i],
    ['rate_limit', /\bRetryableQuotaError\b/],
    ['repeated_tool_call', /\bA potential loop was detected\b/i],
    ['json_parse', /\bModel stream ended with (?:an invalid chunk|empty response|a malformed)\b/i, /\b(?:API Error|Gemini API)\b.*\bin JSON at position \d+/i],
    ['stale_session', /\bError resuming session\b/i, /\bNo previous sessions found\b/i],
    ['token_limit', /\bmight exceed the (?:remaining )?context window limit\b/i],
    ['context_pressure', /\bThis conversation approached the input token limit\b/i],
    ['network', /连接到 Qwen Coder 时出现问题/],
    ['content_filter', /\bResponse stopped due to prohibited content\b/i],
  ],
);

export const AIDER = vocabulary(
  'agent:aider',
  'Aider messages (aider/exceptions.py, the token-limit report)',
  'https://github.com/Aider-AI/aider/blob/main/aider/exceptions.py',
  [
    ['auth', /\bThe API provider is not able to authenticate you\b/i],
    ['rate_limit', /\bThe API provider has rate limited you\b/i],
    ['overloaded', /\bThe API provider's servers are down or overloaded\b/i],
    ['timeout', /\bThe API provider timed out without returning a response\b/i],
    ['content_filter', /\brefused the request due to a safety policy\b/i],
    ['network', /\bThere is a problem connecting to the API provider\b/i],
    ['token_limit', /\bhas hit a token limit\b/i, /\bexceeds the [\d,]+ token limit\b/i],
    ['json_parse', /\bdid not conform to the edit format\b/i],
    ['repeated_tool_call', /\breflections allowed, stopping\b/i],
  ],
);

export const CLINE_FAMILY = vocabulary(
  'agent:cline',
  'Cline, Roo Code and Kilo Code messages (mistake limit, missing tool parameters, loop detection, invalid API responses)',
  'https://github.com/cline/cline/tree/main/src/core; https://github.com/RooCodeInc/Roo-Code/tree/main/src/core (and its i18n: RooCodeInc/Roo-Code#10547, #11219); https://github.com/Kilo-Org/kilocode; https://github.com/Kilo-Org/kilocode/issues/4443 (a task not found in history)',
  [
    ['repeated_tool_call', /\binability to use (?:a|the) tools? (?:properly|correctly)\b/i, /\bunable to use tools? (?:properly|correctly)\b/i, /\b(?:Cline|Roo|Kilo Code|Kilo) is having trouble\b/i, /\b(?:Cline|Roo|Kilo Code|Kilo) appears to be stuck in a loop\b/i, /\bmistake_limit_reached\b/],
    ['json_parse', /\btried to use \w+ without value for required parameter\b/i, /\bInvalid API Response: The provider returned an empty or unparsable response\b/i, /\bdid not call any of the required tools\b/i, /未调用任何必需的工具/, /模型响应不完整/],
    ['stale_session', /\bTask with ID: [\w-]{1,80} not found in history\b/],
  ],
  [['server_error', /\bAPI (?:Streaming|Request) Failed\b/i]],
);

export const OTHER_AGENTS = vocabulary(
  'agent:other',
  'opencode, OpenHands, Cursor (and the VS Code window it forks), GitHub Copilot (VS Code, JetBrains), Zed, Amp, Goose, Crush, Kiro, LiteLLM proxy, iFlow CLI, Antigravity, and chat clients (NextChat, Kun, Chatbox, Cherry Studio, DeepChat, MaiBot, AstrBot, LibreChat, Dify, Flowise, n8n) messages',
  'https://github.com/cursor/cursor/issues/3388 (CodeWindow: detected unresponsive); https://github.com/GLips/Figma-Context-MCP/issues/77 (Cursor\'s MCP client closed); https://github.com/Abbabon/unity-mcp-sharp/issues/95 (its SSE reconnection); https://github.com/iflow-ai/iflow-cli/issues/219, /370, /389; https://github.com/lbjlaq/Antigravity-Manager/issues/422; https://github.com/ChatGPTNextWeb/NextChat/issues/2765, /2964; https://github.com/KunAgent/Kun/issues/319; https://github.com/google-gemini/gemini-cli/issues/13284, /20425 (Gemini Code Assist eligibility); https://github.com/lobehub/lobehub/issues/7764; https://github.com/microsoft/microsoft-foundry-for-vscode/issues/85; https://github.com/aws/aws-toolkit-vscode/issues/4821 (Amazon Q\'s off-topic refusal); https://github.com/kirodotdev/Kiro/issues/9091, /10030 (its summarized context); https://github.com/cursor/cursor/issues/260; https://github.com/anyproto/anytype-mcp/issues/34 (Claude Desktop\'s MCP transport); https://github.com/danny-avila/LibreChat/issues/3707; https://github.com/n8n-io/n8n/issues/33152; https://github.com/github/copilot-cli/issues/4183, /4424; https://github.com/anomalyco/opencode; https://github.com/All-Hands-AI/OpenHands/blob/main/openhands/core/exceptions.py; https://docs.cursor.com/troubleshooting/common-issues; https://docs.github.com/en/copilot/managing-copilot/monitoring-usage-and-entitlements/about-premium-requests; https://docs.litellm.ai/docs/proxy/users; https://github.com/microsoft/vscode-copilot-release/issues/7413 (Response contained no choices); https://github.com/microsoft/vscode/issues/279018 (invalid_tool_call_format), /260263 (more than 128 tools); https://github.com/charmbracelet/crush/issues/3028; https://github.com/kirodotdev/Kiro/issues/6021 (a tool call truncated); https://github.com/hank9999/kiro.rs/issues/107 (INSUFFICIENT_MODEL_CAPACITY); https://github.com/zed-industries/zed/issues/55960, /58462 (an agent server that failed to launch); https://github.com/lbjlaq/Antigravity-Manager/issues/3165; https://github.com/chatanywhere/GPT_API_free/issues/139 (Chatbox\'s network message); https://github.com/microsoft/copilot-intellij-feedback/issues/1565, /856 (Copilot for JetBrains); https://github.com/google-antigravity/antigravity-cli/issues/3, /537, https://github.com/nexu-io/open-design/issues/3536 (Antigravity\'s sign-in); https://github.com/diegosouzapw/OmniRoute/issues/1329 (Kiro: Input is too long.); https://github.com/CherryHQ/cherry-studio/issues/14418; https://github.com/ThinkInAIXYZ/deepchat/issues/522; https://github.com/Mai-with-u/MaiBot/issues/643; https://github.com/AstrBotDevs/AstrBot/issues/1054; https://github.com/danny-avila/LibreChat/issues/1641; https://github.com/FlowiseAI/Flowise/issues/4573; https://github.com/langgenius/dify/issues/22497 (Conversation Not Exists); https://github.com/n8n-io/n8n/issues/23415, /22957, /29780 (n8n\'s 400); https://github.com/jlcodes99/cockpit-tools/issues/2496 (Antigravity\'s account check); https://github.com/warpdotdev/warp/issues/5645 (its monthly token limit); https://github.com/aaif-goose/goose/issues/9486 (a tool call that did not parse); https://github.com/lobehub/lobehub/issues/3196; https://github.com/openclaw/openclaw/issues/124811, /61290 (its overflow recovery and lane wait); https://github.com/Wei-Shaw/sub2api/issues/1111, https://github.com/lbjlaq/Antigravity-Manager/issues/1264 (the relays\' account pools); https://github.com/diegosouzapw/OmniRoute/issues/6535 (a Chinese content refusal)',
  [
    ['auth', /\bProviderAuthError\b/, /\bFatalAuthenticationError\b/, /\bInvalid proxy server token\b/i, /\bdoesn't serve your region\b/i, /\bYour (?:current )?account is not eligible for (?:Antigravity|Gemini Code Assist)\b/i, /\bUNSUPPORTED_LOCATION\b/, /\bmust be a named user on your organization's Gemini Code Assist\b/i, /\bInvalidProviderAPIKey\b/, /\bExpiredAuthenticationToken\b/, /提供的 ?API ?密钥无效/i, /无效的 ?api ?key/i, /\bUnauthorized access, please enter access code\b/i],
    ['token_limit', /内容长度超出大语言模型限制/, /\bthis message is too long\. Please try a shorter question\b/i, /\bThe request is too large to send through CAPI\b/],
    ['content_filter', /\byour request seems to be outside my domain of expertise\b/i],
    ['context_pressure', /\bEarlier messages have been summarized\b/i, /\bI'm summarizing earlier messages\b/i],
    ['overloaded', /\bgetting more traffic than we can handle\b/i],
    ['process_crash', /\bmay have run out of memory while running this execution\b/i],
    ['network', /\bError in MCP: Client closed\b/i, /\bMaximum reconnection attempts \(\d+\) exceeded\b/i, /\bFailed to reconnect SSE stream\b/i, /\bServer transport closed unexpectedly\b/i, /\bError connecting to server, try refreshing the page\b/i],
    ['session_stuck', /\bCodeWindow: detected unresponsive\b/, /\bUnresponsiveSampleError\b/],
    ['budget_exceeded', /\bBudget has been exceeded\b/i, /\bExceededBudget\b/, /\bexceeded (?:its |the |your )?(?:max(?:imum)? )?budget\b/i],
    ['quota_exhausted', /\|\s*quotaExceeded\s*\|/, /\bpremium request(?:s)? (?:allowance|quota|limit)\b/i, /\bexceeded your (?:monthly |daily )?(?:premium requests?|Copilot token usage|chat messages? quota)\b/i, /\bmonthly (?:chat messages? |completions |request )?quota\b/i],
    ['repeated_tool_call', /\bdoom loop\b/i, /\bdoom_loop\b/i, /\bdoom-loop\b/i, /\bdoomloop\b/i, /\bAgentStuckInLoopError\b/, /\bstuck in a loop\b/i],
    ['json_parse', /\bLLMMalformedActionError\b/, /\bFunctionCallValidationError\b/],
    ['output_limit', /\bMessageOutputLengthError\b/],
    ['bad_request', /\bProviderModelNotFoundError\b/, /\bLLM Provider NOT provided\b/, /心流不支持当前模型/],
    ['rate_limit', /\bCrossed (?:TPM|RPM) limit\b/i, /\bMax parallel request limit reached\b/i],
    ['overloaded', /\bNo deployments available for selected model\b/i],
    ['network', /\btrouble connecting to the model provider\b/i, /\bUnable to reach the model provider\b/i],
    // Copilot Chat's filtered reply, and the Claude apps' message that would overflow the chat's context window
    ['content_filter', /\byour response got filtered\b/i],
    ['token_limit', /\bYour message will exceed the length limit for this chat\b/i],
    // Copilot Chat's empty answer and its tool-call format error; Copilot's tool count; Crush's Bedrock models
    ['json_parse', /\bResponse contained no choices\b/, /\binvalid_tool_call_format\b/, /\bInvalid JSON format in tool call arguments\b/i],
    ['bad_request', /\bYou may not include more than \d+ tools in your request\b/i, /\bbedrock provider only supports anthropic models\b/i],
    // Kiro's truncated tool call and its capacity answer; an agent server Zed could not start; the Claude Agent SDK's binary
    ['output_limit', /\bTool call truncated by Kiro API\b/],
    ['overloaded', /\bINSUFFICIENT_MODEL_CAPACITY\b/, /\bI am experiencing high traffic, please try again shortly\b/i],
    ['process_crash', /\bFailed to Launch: Server exited with status\b/, /\bexists but failed to launch\b/],
    ['auth', /\baccount is ineligible to use Antigravity\b/i],
    ['network', /网络错误。请检查当前的网络状态/],
    // Copilot for JetBrains' own messages; Flowise's prediction limit
    ['network', /\bOops, unexpected end of stream\b/i],
    ['server_error', /\bUnknown server side error occurred\b/i],
    ['repeated_tool_call', /\bmaximum tool attempts reached\b/i],
    ['quota_exhausted', /\bPredictions limit exceeded\b/],
    // Antigravity's sign-in; Kiro's input limit; chat clients' own messages (Cherry Studio, DeepChat, MaiBot, AstrBot, LibreChat, Dify, n8n)
    ['auth', /\bYou are not logged into Antigravity\b/i, /\bAntigravity needs to sign in\b/i],
    ['token_limit', /\bInput is too long\.(?!\w)/, /上下文长度超过限制/, /\bPrompt token count of \d+ exceeds max token count\b/],
    ['network', /响应传输中断，请检查网络/],
    ['rate_limit', /请求速度过快，被服务商限制了访问频率/],
    ['overloaded', /服务器负载过高/],
    ['stale_session', /\bConversation Not Exists\b/],
    ['bad_request', /\bBad request [-–] please check your parameters\b/],
    ['auth', /\bverify your account to continue using Antigravity\b/i, /API Key 不正确或为空/, /\bthis group only allows Claude Code clients\b/],
    ['quota_exhausted', /\breached the monthly token limit\b/i],
    ['json_parse', /\bA tool call could not be parsed\b/],
    ['token_limit', /\bexhausted provider overflow recovery\b/],
    ['session_stuck', /\blane wait exceeded\b/],
    ['rate_limit', /\bAll accounts limited\b/],
    ['content_filter', /检测到您当前输入的信息存在敏感内容/],
  ],
);

export const HERMES = vocabulary(
  'agent:hermes',
  'Hermes-style agent logs: the summary line under "API call failed" names the exception class (error_type=...)',
  'test/fixtures/generic/PROVENANCE.md (the seed project\'s hermes-agent log)',
  [
    ['server_error', /\berror_type=APIStatusError\b/],
    ['network', /\berror_type=(?!APIStatusError\b)[A-Z]\w*(?:Error|Exception)\b/],
  ],
);

export const SESSION_DOCTOR = vocabulary(
  'session-doctor',
  "Session Doctor's own notes: the terminal source's text for an agent process that ended badly",
  'src/features/terminals/terminalSource.ts',
  [['process_crash', /^Agent process (?:exited with code -?\d+|was killed|ended with its terminal)\b/]],
);
