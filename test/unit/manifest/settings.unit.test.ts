import * as assert from 'assert';
import { AGENT_IDS, SOURCE_IDS } from '../../../src/core/agents/index';
import { FAILURE_TYPES, SEVERITIES, STRATEGY_LABELS } from '../../../src/core/model/failures';
import { DEFAULT_RECIPES } from '../../../src/core/recovery/recipes';
import {
  GENERIC_SOURCE_ID,
  RESTRICTED_SETTINGS,
  SETTINGS,
  configurationContribution,
  restrictedConfigurations,
  settingSpec,
  stringSetting,
} from '../../../src/manifest/settings';

type Schema = { [key: string]: unknown };
const props = configurationContribution().properties as Record<string, Schema>;

/** Every `markdownDescription`/`description`/`enumDescriptions` text in a JSON schema, nested ones included. */
function texts(v: unknown): string[] {
  if (typeof v !== 'object' || v === null) {
    return [];
  }
  return Object.entries(v).flatMap(([k, x]) =>
    (k === 'markdownDescription' || k === 'description') && typeof x === 'string'
      ? [x]
      : k === 'enumDescriptions' && Array.isArray(x)
        ? x.map(String)
        : texts(x),
  );
}

describe('settings table (src/manifest/settings)', () => {
  it('has each key and each order once', () => {
    assert.strictEqual(new Set(SETTINGS.map((s) => s.key)).size, SETTINGS.length);
    assert.strictEqual(
      new Set(SETTINGS.map((s) => s.order)).size,
      SETTINGS.length,
      'two settings share an order (more sources than the 200-215 block holds?)',
    );
  });

  it('has defaults within the bounds, integer defaults for integers, and a known default for every enum', () => {
    for (const s of SETTINGS) {
      if (s.type === 'number' || s.type === 'integer') {
        assert.ok(s.minimum < s.maximum, s.key);
        assert.ok(s.default >= s.minimum && s.default <= s.maximum, `${s.key}: ${s.default} outside ${s.minimum}..${s.maximum}`);
        if (s.type === 'integer') {
          assert.ok(Number.isInteger(s.default) && Number.isInteger(s.minimum) && Number.isInteger(s.maximum), s.key);
        }
      }
      if (s.type === 'string' && s.enum) {
        assert.ok(s.enum.includes(s.default), s.key);
        assert.strictEqual(s.enumDescriptions?.length, s.enum.length, s.key);
      }
    }
  });

  it('links only to settings that exist (`#sessionDoctor.x#`)', () => {
    for (const [key, p] of Object.entries(props)) {
      for (const t of texts(p)) {
        for (const m of t.matchAll(/#sessionDoctor\.([\w.-]+)#/g)) {
          assert.ok(props[`sessionDoctor.${m[1]}`], `${key} links to sessionDoctor.${m[1]}, which is not a setting`);
        }
      }
    }
  });

  it('restricts exactly the rows marked restricted, scoped machine-overridable and saying so', () => {
    assert.deepStrictEqual(
      restrictedConfigurations(),
      RESTRICTED_SETTINGS.map((k) => `sessionDoctor.${k}`),
    );
    for (const key of ['recipes', 'claudeCode.terminalNames', 'spool.folder', 'sources.generic.logs', 'terminals.agentCommands']) {
      assert.ok(RESTRICTED_SETTINGS.includes(key), key);
    }
    for (const s of SETTINGS) {
      const says = /Ignored in workspace settings of an untrusted workspace\.$/.test(
        String(props[`sessionDoctor.${s.key}`].markdownDescription),
      );
      assert.strictEqual(says, !!s.restricted, s.key);
      if (s.restricted) {
        assert.strictEqual(s.scope, 'machine-overridable', s.key);
      }
    }
  });

  it('has a sources block per source id of the agent plug-ins (roots for transcripts, logs for the generic source)', () => {
    const sourceKeys = SETTINGS.map((s) => s.key).filter((k) => k.startsWith('sources.'));
    const expected = SOURCE_IDS.flatMap((id) => [
      `sources.${id}.enabled`,
      id === GENERIC_SOURCE_ID ? 'sources.generic.logs' : `sources.${id}.roots`,
    ]);
    assert.deepStrictEqual(sourceKeys, expected);
  });

  it('offers every agent id as a recipe key and as the agent of a generic log', () => {
    const recipes = props['sessionDoctor.recipes'] as { properties: Record<string, { properties: Record<string, unknown> }> };
    assert.deepStrictEqual(Object.keys(recipes.properties), [...AGENT_IDS]);
    for (const id of AGENT_IDS) {
      assert.deepStrictEqual(Object.keys(recipes.properties[id].properties), Object.keys(DEFAULT_RECIPES[id]), id);
    }
    const logs = props['sessionDoctor.sources.generic.logs'] as { items: { properties: { agent: { enum: string[] } } } };
    assert.deepStrictEqual(logs.items.properties.agent.enum, [...AGENT_IDS]);
  });

  it('takes failure types, severities and strategies from the failure catalog', () => {
    const overrides = props['sessionDoctor.policy.overrides'] as {
      propertyNames: { enum: string[] };
      additionalProperties: { properties: { severity: { enum: string[] }; strategy: { enum: string[]; enumDescriptions: string[] } } };
      markdownDescription: string;
    };
    const rules = props['sessionDoctor.detection.customRules'] as {
      items: { properties: { type: { enum: string[] }; severity: { enum: string[] }; strategy: { enum: string[] } } };
    };
    assert.deepStrictEqual(overrides.propertyNames.enum, [...FAILURE_TYPES]);
    assert.deepStrictEqual(rules.items.properties.type.enum, [...FAILURE_TYPES]);
    for (const t of FAILURE_TYPES) {
      assert.ok(overrides.markdownDescription.includes(`\`${t}\``), t);
    }
    for (const severity of [overrides.additionalProperties.properties.severity, rules.items.properties.severity]) {
      assert.deepStrictEqual(severity.enum, [...SEVERITIES]);
    }
    for (const strategy of [overrides.additionalProperties.properties.strategy, rules.items.properties.strategy]) {
      assert.deepStrictEqual(strategy.enum, Object.keys(STRATEGY_LABELS));
    }
    overrides.additionalProperties.properties.strategy.enumDescriptions.forEach((d, i) => {
      assert.ok(d.startsWith(`${Object.values(STRATEGY_LABELS)[i]}: `), d);
    });
    assert.deepStrictEqual([...(stringSetting('notifications.minimumSeverity').enum ?? [])].reverse(), [...SEVERITIES]);
  });

  it('throws for a key it does not have', () => {
    assert.throws(() => settingSpec('no.such.setting'), /sessionDoctor\.no\.such\.setting/);
  });
});
