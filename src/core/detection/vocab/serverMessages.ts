/**
 * The failure messages of local model servers (Ollama, with the llama.cpp and GGML runtime errors its runner watches
 * for; vLLM; Hugging Face text-generation-inference), read in their source: one vocabulary each, every message with the
 * file and line (at the commit read) that defines it. Messages the other vocabularies already name are left out.
 */
import { messages } from '../vocabulary';

export const OLLAMA_MESSAGES = messages(
  'messages:ollama',
  'Ollama: the failure messages its server, runner and CLI print, read in its source',
  'https://github.com/ollama/ollama',
  [
    ["process_crash", "llama-server process has terminated", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/llama_server.go#L1320"],
    ["process_crash", "llama-server process no longer running", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/llama_server.go#L1198"],
    ["process_crash", "llama-server reported out-of-memory during startup", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/llama_server.go#L1372"],
    ["server_error", "an error was encountered while running the model", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/llama_server.go#L1766"],
    ["token_limit", "the prompt is longer than the context length currently available to the model", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/llama_server.go#L298"],
    ["overloaded", "llm busy - no slots available", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/server.go#L140"],
    ["overloaded", "no slots available after", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/llama_server.go#L1263"],
    ["quota_exhausted", "plan upgrade required:", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/cmd/agent_tui.go#L649"],
    ["bad_request", "not found, try pulling it first", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/server/routes.go#L3116"],
    ["bad_request", "does not support generate", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/server/routes.go#L468"],
    ["bad_request", "does not support chat", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/server/routes.go#L2636"],
    ["bad_request", "this model may be incompatible with your version of Ollama", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/server/sched.go#L583"],
    ["repeated_tool_call", "web_search exceeded the maximum of", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/middleware/openai.go#L901"],
    ["process_crash", "ROCm error", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/status.go#L75"],
    ["process_crash", "cudaMalloc failed", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/status.go#L76"],
    ["process_crash", "hipMalloc failed", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/status.go#L89"],
    ["process_crash", "GGML_ASSERT", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/status.go#L79"],
    ["process_crash", "signal arrived during cgo execution", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/status.go#L81"],
    ["process_crash", "error loading model", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/status.go#L78"],
    ["process_crash", "Deepseek2 does not support K-shift", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/status.go#L80"],
    ["process_crash", "vk_error_out_of_device_memory", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/status.go#L94"],
    ["process_crash", "ErrorOutOfMemory", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/status.go#L95"],
    ["process_crash", "mlx runner failed:", "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/x/mlxrunner/client.go#L96"],
  ],
);

export const VLLM_MESSAGES = messages(
  'messages:vllm',
  'vLLM: the failure messages its engine and OpenAI-compatible server print, read in its source',
  'https://github.com/vllm-project/vllm',
  [
    ["process_crash", "EngineDeadError", "https://github.com/vllm-project/vllm/blob/f218d64df6eaf87025d7673b7a515f1561fac80f/vllm/v1/engine/exceptions.py#L8"],
    ["process_crash", "EngineCore encountered an issue. See stack trace (above) for the root cause.", "https://github.com/vllm-project/vllm/blob/f218d64df6eaf87025d7673b7a515f1561fac80f/vllm/v1/engine/exceptions.py#L12"],
  ],
);

export const TGI_MESSAGES = messages(
  'messages:tgi',
  'Hugging Face text-generation-inference: the failure messages its router answers, read in its source',
  'https://github.com/huggingface/text-generation-inference',
  [
    ["server_error", "Request failed during generation:", "https://github.com/huggingface/text-generation-inference/blob/db931fcf42da018a3657580c64bf2720f167f9ab/router/src/infer/mod.rs#L410"],
    ["json_parse", "Incomplete generation stream", "https://github.com/huggingface/text-generation-inference/blob/db931fcf42da018a3657580c64bf2720f167f9ab/router/src/infer/mod.rs#L418"],
    ["token_limit", "`inputs` tokens + `max_new_tokens` must be <=", "https://github.com/huggingface/text-generation-inference/blob/db931fcf42da018a3657580c64bf2720f167f9ab/router/src/validation.rs#L999"],
    ["token_limit", "`inputs` must have less than", "https://github.com/huggingface/text-generation-inference/blob/db931fcf42da018a3657580c64bf2720f167f9ab/router/src/validation.rs#L1001"],
  ],
);

export const LLAMA_CPP_MESSAGES = messages(
  'messages:llama-cpp',
  'llama.cpp server (llama-server): the error types it answers beside the OpenAI ones, read in its source',
  'https://github.com/ggml-org/llama.cpp',
  [
    ["overloaded", "unavailable_error", "https://github.com/ggml-org/llama.cpp/blob/aa6192d38defc9a5d9fb2987413f71b18f214270/tools/server/server-http.cpp#L191"],
    ["bad_request", "not_supported_error", "https://github.com/ggml-org/llama.cpp/blob/aa6192d38defc9a5d9fb2987413f71b18f214270/tools/server/server-common.cpp#L40"],
  ],
);

export const LM_STUDIO_MESSAGES = messages(
  'messages:lm-studio',
  'LM Studio: the failure messages its SDK and daemon launcher print, read in lmstudio-js',
  'https://github.com/lmstudio-ai/lmstudio-js',
  [
    ["network", "Failed to connect to LM Studio", "https://github.com/lmstudio-ai/lmstudio-js/blob/6ec11db19bf43ea8dab9e4c2014f46f054822b1f/packages/lms-client/src/LMStudioClient.ts#L240"],
    ["timeout", "Timed out waiting for LM Studio daemon to start", "https://github.com/lmstudio-ai/lmstudio-js/blob/6ec11db19bf43ea8dab9e4c2014f46f054822b1f/packages/lms-common-server/src/findOrStartLlmster.ts#L145"],
  ],
);
