/**
 * How connections fail, as the runtimes and HTTP stacks under the agents word it: Node.js system errors and undici,
 * OpenSSL and certificate errors, Python's socket / ssl / urllib3 / requests / httpx / aiohttp, Rust's reqwest / hyper,
 * Go's net/http, Chromium's net errors, and the error pages of gateways (Cloudflare, nginx, Envoy).
 */
import { vocabulary } from '../vocabulary';

export const NODE = vocabulary(
  'node',
  'Node.js system error codes, undici (fetch) errors, Node TLS / OpenSSL certificate codes',
  'https://nodejs.org/api/errors.html#common-system-errors; https://undici.nodejs.org/#/docs/api/Errors; https://nodejs.org/api/tls.html#x509-certificate-error-codes',
  [
    ['timeout', /\bE(?:SOCKET)?TIMEDOUT\b/, /\bUND_ERR_(?:CONNECT|HEADERS|BODY)_TIMEOUT\b/, /\b(?:Headers|Body|Connect)TimeoutError\b/, /\btimeout of \d+ ?ms exceeded\b/i, /\bERR_(?:CONNECTION_)?TIMED_OUT\b/],
    [
      'network',
      /\bECONN(?:RESET|REFUSED|ABORTED)\b/,
      /\bE(?:NOTFOUND|AI_AGAIN|PIPE|HOSTUNREACH|NETUNREACH|NETDOWN|PROTO)\b/,
      /\bUND_ERR_(?:SOCKET|CLOSED|ABORTED|INFO)\b/,
      /\bother side closed\b/i,
      /\bsocket hang up\b/i,
      /\bfetch failed\b/i,
      /\bTypeError: terminated\b/,
      /\bgetaddrinfo\b/,
      /\bnetwork socket disconnected\b/i,
      /\bERR_STREAM_PREMATURE_CLOSE\b/,
      /\bPremature close\b/i,
      /\b(?:CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_CERT_ALTNAME_INVALID)\b/,
      /\bERR_SSL_[A-Z_]+\b/,
      /\bself[- ]signed certificate\b/i,
      /\bunable to get local issuer certificate\b/i,
      /\bunable to verify the first certificate\b/i,
      /\bERR_(?:NETWORK|INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|PROXY_CONNECTION_FAILED)\b/,
      /\bERR_CONNECTION_(?:RESET|REFUSED|CLOSED|ABORTED)\b/,
    ],
  ],
  [],
);

export const OPENSSL = vocabulary(
  'openssl',
  'OpenSSL error strings and Python ssl exceptions',
  'https://docs.python.org/3/library/ssl.html#exceptions; https://www.openssl.org/docs/man3.0/man3/ERR_error_string.html',
  [
    [
      'network',
      /\bSSL routines\b/i,
      /\bssl3_get_record\b/i,
      /\bwrong version number\b/i,
      /\bdecryption failed or bad record mac\b/i,
      /\brecord layer failure\b/i,
      /\bcertificate verify failed\b/i,
      /\bCERTIFICATE_VERIFY_FAILED\b/,
      /\bSSL(?:EOF|ZeroReturn|Syscall|CertVerification|WantRead|WantWrite)?Error\b/,
      /\bEOF occurred in violation of protocol\b/i,
      /\bSSL handshake failed\b/i,
      /\bhandshake failure\b/i,
    ],
  ],
);

export const PYTHON_HTTP = vocabulary(
  'python-http',
  'Python socket, urllib3, requests, httpx and aiohttp exceptions and messages',
  'https://docs.python.org/3/library/exceptions.html#os-exceptions; https://urllib3.readthedocs.io/en/stable/reference/urllib3.exceptions.html; https://requests.readthedocs.io/en/latest/api/#exceptions; https://www.python-httpx.org/exceptions/; https://docs.aiohttp.org/en/stable/client_reference.html#client-exceptions',
  [
    ['timeout', /\b(?:Read|Connect|Write|Pool)Timeout(?:Error)?\b/, /\bServerTimeoutError\b/, /\bRead timed out\b/i, /\bsocket\.timeout\b/, /\bTimeoutError\b/],
    [
      'network',
      /\bConnection(?:Reset|Refused|Aborted)Error\b/,
      /\bConnection reset by peer\b/i,
      /\bConnection refused\b/i,
      /\bConnection aborted\b/i,
      /\bRemoteDisconnected\b/,
      /\bRemote end closed connection without response\b/i,
      /\bNewConnectionError\b/,
      /\bMax retries exceeded with url\b/i,
      /\bFailed to establish a new connection\b/i,
      /\bName or service not known\b/i,
      /\bnodename nor servname provided\b/i,
      /\bTemporary failure in name resolution\b/i,
      /\bNo route to host\b/i,
      /\bNetwork is unreachable\b/i,
      /\bProxyError\b/,
      /\bTunnel connection failed\b/i,
      /\bCannot connect to host\b/i,
      /\bClient(?:Connector|OS|Payload|Connection)Error\b/,
      /\bServerDisconnectedError\b/,
      /\bServer disconnected(?: without sending a response)?\b/i,
      /\bpeer closed connection without sending complete message body\b/i,
      /\bincomplete chunked read\b/i,
      /\bChunkedEncodingError\b/,
      /\bIncompleteRead\b/,
      /\bResponse ended prematurely\b/i,
      /\b(?:ReadError|WriteError|ConnectError|RemoteProtocolError)\b/,
    ],
    // aiohttp's failure to connect, by its class name alone ("ClientConnectorError(ConnectionKey(...")
    ['network', /\bClientConnectorError\b/],
  ],
);

export const RUST_GO = vocabulary(
  'rust-go',
  'Rust reqwest / hyper, Go net/http and Go runtime error messages (Codex CLI, Goose, Crush, and other native agents), and the C++ runtime aborting on an uncaught exception (model servers)',
  'https://docs.rs/reqwest/latest/reqwest/struct.Error.html; https://docs.rs/serde_json/latest/serde_json/struct.Error.html (missing field `x` at line N column M); https://docs.rs/hyper/latest/hyper/struct.Error.html; https://docs.rs/tokio/latest/tokio/time/error/struct.Elapsed.html; https://doc.rust-lang.org/std/io/enum.ErrorKind.html; https://pkg.go.dev/context#pkg-variables; https://pkg.go.dev/net#OpError (dial tcp, i/o timeout, no such host, server misbehaving); https://pkg.go.dev/net/url#Error (Op "URL": Err, as in Post "http://...": EOF); https://pkg.go.dev/net/http#Transport (ResponseHeaderTimeout: "timeout awaiting response headers"); https://go.dev/src/runtime/error.go; https://doc.rust-lang.org/src/core/panicking.rs.html (index out of bounds); https://doc.rust-lang.org/src/core/str/mod.rs.html (byte index ... is not a char boundary); https://gcc.gnu.org/onlinedocs/libstdc++/manual/termination.html (the verbose terminate handler of libstdc++: "terminate called after throwing an instance of"); https://pkg.go.dev/golang.org/x/net/http2#StreamError (stream ID N; PROTOCOL_ERROR; received from peer); https://docs.rs/hyper-util/latest/hyper_util/client/legacy/struct.Error.html (client error (Connect)); https://pkg.go.dev/encoding/json#SyntaxError (invalid character \'x\' looking for beginning of value)',
  [
    ['timeout', /\bTimedOut\b/, /\bcontext deadline exceeded\b/i, /\bi\/o timeout\b/, /(?:^|:\s*)deadline has elapsed\b/, /\boperation timed out\b/i, /\bClient\.Timeout exceeded\b/, /\btimeout awaiting response headers\b/],
    ['process_crash', /\bruntime error: (?:index out of range|slice bounds out of range|invalid memory address|integer divide by zero)/, /\bnil pointer dereference\b/, /\bfatal error: (?:all goroutines are asleep|concurrent map (?:read and map write|writes))/, /\bSIGSEGV: segmentation violation\b/, /\bindex out of bounds: the len is \d+ but the index is \d+/, /\bbyte index \d+ is (?:out of bounds of|not a char boundary)\b/, /\bassertion failed: self\.is_char_boundary\b/, /\bterminate called after throwing an instance of\b/],
    // serde's missing field (a body that arrived but did not deserialize)
    ['json_parse', /(?:^|\]\s)missing field\s+(?:`\w+`\s+)?at line \d+ column \d+/],
    // axum's JSON extractor rejecting a request body (a Rust relay or model server answering 400 / 422)
    ['bad_request', /\bFailed to deserialize the JSON body into the target type\b/],
    // reqwest's decode error, which the agents print for a response stream that broke off (Codex: "Transport error:
    // network error: error decoding response body"; Zed's agent), as well as for a body that did not deserialize
    ['network', /\berror decoding response body\b/],
    ['network', /\bdial tcp\b/, /\bno such host\b/, /\bserver misbehaving\b/, /\bunexpected EOF\b/i, /\bstream chunk: EOF\b(?! while parsing)/i, /\b(?:Post|Get|Put) "https?:\/\/[^"\s]+": EOF\b/, /\bdispatch failure\b/i, /\berror sending request for url\b/i, /\bconnection closed before message completed\b/i, /\btcp connect error\b/i, /\bdns error\b/i, /\berror trying to connect\b/i, /\bhyper::Error\b/, /\bconnection reset\b/i, /\bbroken pipe\b/i, /\b(?:ConnectionRefused|ConnectionReset|ConnectionAborted|NotConnected|BrokenPipe|UnexpectedEof)\b/],
    ['network', /\bstream ID \d+; [A-Z_]+; received from peer\b/, /\bclient error \(Connect\)/],
  ],
);

export const NATIVE_RUNTIMES = vocabulary(
  'native-runtimes',
  "Runtimes aborting a process: the C runtime's failed assert (MSVC's and glibc's formats; libuv and model servers), CPython's fatal error, a PyInstaller program's unhandled exception, Rust's panic on a string sliced inside a character, and .NET's HttpClient time-out",
  'https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/assert-macro-assert-wassert; https://www.gnu.org/software/libc/manual/html_node/Consistency-Checking.html; https://docs.python.org/3/c-api/sys.html#c.Py_FatalError; https://doc.rust-lang.org/std/primitive.str.html#method.is_char_boundary; https://pyinstaller.org (the message of its bootloader on an unhandled exception; OpenHands/software-agent-sdk#776); https://learn.microsoft.com/en-us/dotnet/api/system.net.http.httpclient.timeout; https://github.com/nodejs/node/blob/main/src/node_errors.cc (node::OOMErrorHandler, in the native stack of a heap out of memory); https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/util/concurrent/TimeoutException.html; java.io.IOException "Stream closed" (aws/aws-toolkit-jetbrains#5826, #5873: the language server\'s pipe); the Linux kernel\'s OOM killer ("invoked oom-killer"); systemd\'s unit exit ("Main process exited, code=dumped, status=6/ABRT"); the ROCm (HIP) runtime\'s GPU memory fault; libstdc++\'s terminate without an exception',
  [
    ['process_crash', /^\W{0,3}Assertion failed: .{1,300}, file .{1,200}, line \d+/, /\bAssertion `.{1,300}' failed\.?\s*$/, /\bFatal Python error: /, /\bbyte index \d+ is not a char boundary\b/, /\bFailed to execute script '[^']{1,80}' due to unhandled exception\b/],
    ['timeout', /\bHttpClient\.Timeout of [\d.]+ seconds elaps/, /\bTimeoutException: The operation was canceled\b/],
    ['process_crash', /\bnode::OOMErrorHandler\b/],
    ['timeout', /\bjava\.util\.concurrent\.TimeoutException\b/],
    ['network', /\bjava\.io\.IOException: Stream closed\b/],
    ['process_crash', /\binvoked oom-killer\b/, /\bMain process exited, code=(?:dumped|killed), status=\d+\/[A-Z]+/, /\bMemory access fault by GPU node-\d+/, /\bterminate called without an active exception\b/],
  ],
);

/** The WebSocket close code of a connection that dropped without a close frame (RFC 6455, section 7.4.1), and MCP's closed transport. */
export const WEBSOCKET = vocabulary(
  'websocket',
  "WebSocket's abnormal closure (1006, a connection dropped without a close frame) and the MCP SDKs' closed connection (JSON-RPC error -32000)",
  'https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1; https://github.com/modelcontextprotocol/typescript-sdk/blob/main/src/types.ts (ErrorCode.ConnectionClosed = -32000); https://modelcontextprotocol.io/specification/2025-06-18/basic/transports (a server answers 404 to a session id it does not know: the client starts a new session)',
  [['network', /\bWebSocket (?:connection )?closed\W{0,3}(?:with code |code[:=]?\s?)?1006\b/i, /\bMCP error -32000: Connection closed\b/]],
);

export const BUN = vocabulary(
  'bun',
  "Bun's fetch errors (Claude Code and other agents built on Bun): ConnectionClosed, ConnectionRefused, FailedToOpenSocket",
  'https://github.com/oven-sh/bun/blob/main/src/bun.js/webcore/fetch.zig (the messages of its fetch error names)',
  [['network', /\bThe socket connection was closed unexpectedly\b/i, /\bUnable to connect\. Is the computer able to access the url\b/i, /\bWas there a typo in the url or port\b/i]],
);

export const GATEWAYS = vocabulary(
  'gateways',
  "Gateway and proxy error pages: Cloudflare 5xx, nginx, Envoy, Varnish, and GitHub's own 5xx pages (Copilot's endpoints)",
  'https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/; https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/response_code_details; https://nginx.org/en/docs/http/ngx_http_proxy_module.html (its error log: upstream sent ... while reading response header from upstream); https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking (reset reason: overflow, a circuit breaker\'s limit)',
  [
    ['timeout', /\bGATEWAY_TIMEOUT\b/, /\bA timeout occurred\b/i, /\bupstream (?:request )?timed? ?out\b/i, /\bupstream request timeout\b/i],
    ['network', /\bOrigin is unreachable\b/i, /\bupstream connect error or disconnect\/reset before headers\b/i, /\bupstream prematurely closed connection\b/i, /\bInvalid SSL certificate\b/i],
    ['overloaded', /\bno healthy upstream\b/i, /\bNo server is currently available to service your request\b/i],
    ['server_error', /\bWeb server is (?:returning an unknown error|down)\b/i, /\bBackend fetch failed\b/i, /\bWe had issues producing the response to your request\b/i],
    ['server_error', /\bupstream sent .{1,120} while reading response header from upstream\b/],
    ['stale_session', /\bUnknown Mcp-Session-Id\b/i],
    ['overloaded', /\breset reason: overflow\b/],
  ],
);
