import * as assert from 'assert';
import { createChecks } from '../../../../src/core/checks';
import { FAILURE_CATALOG } from '../../../../src/core/model/failures';

describe('checks: who opens what', () => {
  it('every structural failure type has exactly one owning check, and every check id is unique', () => {
    const checks = createChecks();
    assert.strictEqual(new Set(checks.map((c) => c.id)).size, checks.length);
    for (const d of FAILURE_CATALOG.filter((x) => x.structural)) {
      const owners = checks.filter((c) => c.opens.includes(d.type)).map((c) => c.id);
      assert.deepStrictEqual(owners.length, 1, `${d.type}: ${owners.join(', ') || 'no owner'}`);
    }
  });

  it('every failure type is opened by some check', () => {
    const opened = new Set(createChecks().flatMap((c) => c.opens));
    for (const d of FAILURE_CATALOG) {
      assert.ok(opened.has(d.type), d.type);
    }
  });
});
