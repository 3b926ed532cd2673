/**
 * The failure messages of API gateways (one-api, new-api, Portkey gateway), read in their source: one vocabulary each,
 * every message with the file and line (at the commit read) that defines it. Chinese messages match as written.
 * Messages the other vocabularies already name are left out.
 */
import { messages } from '../vocabulary';

export const ONE_API_MESSAGES = messages(
  'messages:one-api',
  'one-api: the relay and token failure messages it answers (Chinese and English), read in its source',
  'https://github.com/songquanpeng/one-api',
  [
    ["auth", "未提供令牌", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/model/token.go#L64"],
    ["auth", "无效的令牌", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/model/token.go#L70"],
    ["auth", "令牌验证失败", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/model/token.go#L72"],
    ["auth", "该令牌已过期", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/model/token.go#L77"],
    ["auth", "该令牌状态不可用", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/model/token.go#L80"],
    ["auth", "用户已被封禁", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/middleware/auth.go#L116"],
    ["auth", "该令牌无权使用模型", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/middleware/auth.go#L128"],
    ["overloaded", "无可用渠道", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/middleware/distributor.go#L49"],
    ["quota_exhausted", "user quota is not enough", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/relay/controller/helper.go#L76"],
    ["quota_exhausted", "insufficient_user_quota", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/relay/controller/helper.go#L76"],
    ["quota_exhausted", "pre_consume_token_quota_failed", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/relay/controller/helper.go#L91"],
    ["auth", "your access was terminated", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/monitor/manage.go#L30"],
    ["auth", "organization has been restricted", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/monitor/manage.go#L37"],
    ["auth", "account_deactivated", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/monitor/manage.go#L25"],
    ["quota_exhausted", "已欠费", "https://github.com/songquanpeng/one-api/blob/8df4a2670b98266bd287c698243fff327d9748cf/monitor/manage.go#L40"],
  ],
);

export const NEW_API_MESSAGES = messages(
  'messages:new-api',
  'new-api: the failure messages it answers (English catalogue; the Chinese ones match one-api), read in its source',
  'https://github.com/QuantumNous/new-api',
  [
    ["auth", "This token status is unavailable", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/en.yaml#L37"],
    ["overloaded", "Current group upstream load is saturated", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/en.yaml#L147"],
    ["overloaded", "No available channel for model", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/en.yaml#L258"],
    ["auth", "This token has no access to model", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/en.yaml#L253"],
    ["rate_limit", "You have reached the request limit: maximum", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/en.yaml#L189"],
    ["rate_limit", "You have reached the total request limit: maximum", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/en.yaml#L190"],
    ["auth", "This token has no access to any models", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/en.yaml#L252"],
    ["rate_limit", "您已达到请求数限制", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/zh-CN.yaml#L190"],
    ["rate_limit", "您已达到总请求数限制", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/zh-CN.yaml#L191"],
    ["auth", "该令牌无权访问任何模型", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/zh-CN.yaml#L253"],
    ["auth", "该令牌无权访问模型", "https://github.com/QuantumNous/new-api/blob/df3d69377ff88a483fac6fe34baf6a15a2d05d53/i18n/locales/zh-CN.yaml#L254"],
  ],
);

export const PORTKEY_MESSAGES = messages(
  'messages:portkey',
  'Portkey AI gateway: the failure messages it answers, read in its source',
  'https://github.com/Portkey-AI/gateway',
  [
    ["timeout", "Request exceeded the timeout sent in the request", "https://github.com/Portkey-AI/gateway/blob/669825cbe89ee51569918b8f78a9db486fd69dd4/src/handlers/retryHandler.ts#L31"],
    ["content_filter", "The guardrail checks defined in the config failed", "https://github.com/Portkey-AI/gateway/blob/669825cbe89ee51569918b8f78a9db486fd69dd4/src/handlers/handlerUtils.ts#L1327"],
    ["content_filter", "hooks_failed", "https://github.com/Portkey-AI/gateway/blob/669825cbe89ee51569918b8f78a9db486fd69dd4/src/handlers/handlerUtils.ts#L1328"],
    ["content_filter", "Request blocked by Javelin guardrails due to policy violation", "https://github.com/Portkey-AI/gateway/blob/669825cbe89ee51569918b8f78a9db486fd69dd4/plugins/javelin/guardrails.ts#L226"],
  ],
);
