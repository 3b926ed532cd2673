import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { classifyLine } from '../../../../src/core/detection/detector';
import { FAILURE_TYPES } from '../../../../src/core/model/failures';
import { DEFAULT_POLICY_CONFIG, parsePolicyOverrides, Policy } from '../../../../src/core/engine/policy';
import { compileRules, matchRule } from '../../../../src/core/detection/userRules';
import { ev, newEngine } from '../../helpers';

const POLICY = new Policy(DEFAULT_POLICY_CONFIG);

describe('user rules (detection.customRules)', () => {
  it('compiles valid rules with their defaults (flags "i") and keeps their order', () => {
    const { rules, problems } = compileRules([
      { type: 'rate_limit', pattern: 'throttled by gateway' },
      { type: 'auth', pattern: 'SSO session expired', flags: '', severity: 'HIGH', strategy: 'halt_and_notify' },
    ]);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(
      rules.map((r) => [r.index, r.type, r.flags, r.severity, r.strategy]),
      [
        [0, 'rate_limit', 'i', undefined, undefined],
        [1, 'auth', '', 'HIGH', 'halt_and_notify'],
      ],
    );
    assert.strictEqual(matchRule(rules, 'Upstream THROTTLED BY GATEWAY, retry later')?.index, 0);
    assert.strictEqual(matchRule(rules, 'sso session expired'), undefined, 'flags "" is case-sensitive');
    assert.strictEqual(matchRule(rules, 'error: SSO session expired')?.index, 1);
  });

  it('skips a bad rule with an error naming the rule and why, and keeps the others', () => {
    const { rules, problems } = compileRules([
      { type: 'rate_limit', pattern: 'ok rule' },
      { type: 'timeout', pattern: '(unclosed' },
      { type: 'timeout', pattern: '(?<=look)behind' },
      { type: 'timeout', pattern: '(a)\\1' },
      { type: 'nope', pattern: 'x' },
      { type: 'auth', pattern: 'x', severity: 'SEVERE' },
      { type: 'auth', pattern: 'x', strategy: 'toString' },
      { type: 'auth', pattern: 'x', flags: 'g' },
      { type: 'auth' },
      'not an object',
    ]);
    assert.deepStrictEqual(
      rules.map((r) => r.index),
      [0],
    );
    assert.strictEqual(problems.length, 9, problems.join('\n'));
    assert.match(
      problems[0],
      /^detection\.customRules\[1\]: pattern \/\(unclosed\/ is not a valid RE2 regular expression \(.*missing closing \).*\); the rule is skipped$/,
    );
    assert.match(problems[1], /^detection\.customRules\[2\]: pattern .* is not a valid RE2 regular expression/);
    assert.match(problems[2], /^detection\.customRules\[3\]: pattern .* is not a valid RE2 regular expression/);
    assert.match(problems[3], /^detection\.customRules\[4\]: type "nope" is not a failure type \(one of auth, /);
    assert.match(problems[4], /^detection\.customRules\[5\]: severity "SEVERE" is not one of LOW, MEDIUM, HIGH, CRITICAL$/);
    assert.match(problems[5], /^detection\.customRules\[6\]: strategy "toString" is not one of backoff, /);
    assert.match(problems[6], /^detection\.customRules\[7\]: flags "g" may only hold the letters i, s, m$/);
    assert.match(problems[7], /^detection\.customRules\[8\]: pattern must be a non-empty string$/);
    assert.match(problems[8], /^detection\.customRules\[9\] must be an object/);
  });

  it('treats a missing setting as no rules and a non-array as one problem', () => {
    assert.deepStrictEqual(compileRules(undefined), { rules: [], problems: [] });
    const r = compileRules({ type: 'auth', pattern: 'x' });
    assert.deepStrictEqual(r.rules, []);
    assert.match(r.problems[0], /must be an array/);
  });

  it('is tried before the catalog: a line the catalog calls a rate limit is what the rule says', () => {
    const { rules } = compileRules([
      { type: 'budget_exceeded', pattern: 'rate limit reached for organization org-\\w+ on requests per day', severity: 'CRITICAL' },
    ]);
    const line = 'Rate limit reached for organization org-ABC on requests per day (RPD): Limit 200, Used 200, Requested 1.';
    assert.strictEqual(classifyLine(line, POLICY)?.type, 'quota_exhausted', 'the catalog alone');
    assert.deepStrictEqual(classifyLine(line, POLICY, rules), {
      type: 'budget_exceeded',
      severity: 'CRITICAL',
      strategy: 'halt_and_notify',
    });
    // a line the rule does not match falls through to the catalog
    assert.strictEqual(classifyLine('API Error: 429 Too Many Requests', POLICY, rules)?.type, 'rate_limit');
  });

  it('classifies lines the catalog does not know, and also lines the shape heuristics would drop', () => {
    const { rules } = compileRules([
      { type: 'network', pattern: '^sidecar handshake lost' },
      { type: 'timeout', pattern: 'deadline hit', strategy: 'restart_session' },
    ]);
    assert.strictEqual(classifyLine('sidecar handshake lost before headers', POLICY), undefined);
    assert.strictEqual(classifyLine('sidecar handshake lost before headers', POLICY, rules)?.type, 'network');
    // a rule is the user's word: it applies even to a line shaped like code
    assert.deepStrictEqual(classifyLine('return deadline hit;', POLICY, rules), {
      type: 'timeout',
      severity: 'MEDIUM',
      strategy: 'restart_session',
    });
  });

  it('runs a catastrophic-backtracking pattern in linear time (re2js): (a+)+$ on 100 000 characters', () => {
    const { rules, problems } = compileRules([{ type: 'timeout', pattern: '(a+)+$' }]);
    assert.deepStrictEqual(problems, []);
    const evil = 'a'.repeat(100_000) + '!';
    // JS RegExp would take exponential time here; RE2 answers in one pass.
    assert.strictEqual(matchRule(rules, evil), undefined);
    assert.strictEqual(matchRule(rules, 'a'.repeat(100_000))?.type, 'timeout');
  });

  it('in the engine: a rule decides the type of an error event, and its severity and strategy apply to the finding', async () => {
    const { rules } = compileRules([{ type: 'auth', pattern: 'vault token revoked', severity: 'MEDIUM', strategy: 'restart_session' }]);
    const { engine, clock } = await newEngine({ rules });
    const found = engine.ingest([ev(clock, { kind: 'error', text: 'gateway: vault token revoked for agent' })], { live: true });
    assert.strictEqual(found.length, 1);
    assert.deepStrictEqual([found[0].type, found[0].severity, found[0].strategy], ['auth', 'MEDIUM', 'restart_session']);
    // the same type without the rule keeps the policy table's row (CRITICAL, halt)
    const other = engine.ingest(
      [
        ev(clock, {
          sessionId: 's2',
          kind: 'error',
          text: 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}',
          httpStatus: 401,
        }),
      ],
      { live: true },
    );
    assert.deepStrictEqual([other[0].type, other[0].severity, other[0].strategy], ['auth', 'CRITICAL', 'halt_and_notify']);
    // assistant prose is never classified, rule or not
    assert.deepStrictEqual(
      engine.ingest([ev(clock, { sessionId: 's3', kind: 'assistant', text: 'the vault token revoked error means...' })], { live: true }),
      [],
    );
  });

  it('in the report: the effective rule table, and the policy table naming what settings changed', async () => {
    const { rules } = compileRules([{ type: 'rate_limit', pattern: 'throttled|slow down', severity: 'HIGH' }]);
    const { overrides } = parsePolicyOverrides({
      timeout: { severity: 'HIGH', strategy: 'restart_session' },
      network: { severity: 'MEDIUM' },
    });
    const { engine } = await newEngine({ rules, policy: { ...DEFAULT_POLICY_CONFIG, overrides } });
    const report = engine.report();
    assert.match(report, /## Detection rules/);
    assert.match(report, /\| 0 \| `throttled\\\|slow down` \| i \| rate_limit \| HIGH \| policy table \|/);
    assert.match(report, /\| timeout \| Timeout \| HIGH \| Restart Session \| severity \(MEDIUM\), strategy \(Back Off\) \|/);
    // an override equal to the catalog's default changes nothing and is not reported as one
    assert.match(report, /\| network \| Network error \| MEDIUM \| Back Off \|  \|/);
    const none = (await newEngine()).engine.report();
    assert.match(none, /No custom rules/);
  });

  it('package.json offers every failure type to rules and overrides', () => {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, 'package.json'))) {
      dir = path.dirname(dir);
    }
    const props = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).contributes.configuration.properties;
    const setting = props['sessionDoctor.detection.customRules'];
    assert.deepStrictEqual([...setting.items.properties.type.enum].sort(), [...FAILURE_TYPES].sort());
    assert.ok(setting.order >= 140 && setting.order <= 159);
  });
});

describe('policy overrides (parsePolicyOverrides)', () => {
  it('rejects inherited names and arrays', () => {
    const { overrides, problems } = parsePolicyOverrides({ rate_limit: { strategy: 'constructor' }, auth: ['HIGH'] });
    assert.deepStrictEqual(overrides, { rate_limit: {} });
    assert.strictEqual(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /rate_limit\.strategy "constructor" is not one of/);
    assert.match(problems[1], /auth must be an object/);
  });
});

describe('Engine.classifyLine', () => {
  it("uses the engine's rules and policy overrides", async () => {
    const { rules } = compileRules([{ type: 'network', pattern: 'sidecar handshake lost' }]);
    const { overrides } = parsePolicyOverrides({ network: { severity: 'HIGH' } });
    const { engine } = await newEngine({ rules, policy: { ...DEFAULT_POLICY_CONFIG, overrides } });
    assert.deepStrictEqual(engine.classifyLine('sidecar handshake lost before headers'), {
      type: 'network',
      severity: 'HIGH',
      strategy: 'backoff',
    });
    assert.strictEqual((await newEngine()).engine.classifyLine('sidecar handshake lost before headers'), undefined);
  });
});
