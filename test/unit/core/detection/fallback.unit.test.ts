import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { detect } from '../../../../src/core/detection/detect';
import { explainLine } from '../../../../src/core/detection/detector';
import { explanationText } from '../../../../src/core/detection/explain';
import { FALLBACK_MODEL, FallbackModel, fallbackReading, inFallbackDomain } from '../../../../src/core/detection/fallback';

/** A model that takes every line with the word "widget" for a failure, and "gizmo" for a timeout over a network error. */
const TOY: FallbackModel = {
  failure: { bias: -3, weights: { 'w:widget': 6 } },
  threshold: 0.5,
  types: {
    network: { bias: 0, weights: {} },
    timeout: { bias: -1, weights: { 'w:gizmo': 2 } },
  },
  trainedOn: 'toy',
};

describe('the learned fallback', () => {
  it('reads a line with the model: the probability, and the best type of those allowed once it reaches the threshold', () => {
    const widget = fallbackReading('the widget broke', undefined, TOY);
    assert.strictEqual(widget.type, 'network');
    assert.ok(Math.abs(widget.probability - 1 / (1 + Math.exp(-3))) < 1e-9, String(widget.probability));
    assert.strictEqual(fallbackReading('the widget gizmo broke', undefined, TOY).type, 'timeout');
    assert.strictEqual(fallbackReading('the widget gizmo broke', new Set(['network']), TOY).type, 'network');
    const other = fallbackReading('the sprocket broke', undefined, TOY);
    assert.strictEqual(other.type, undefined);
    assert.ok(other.probability < 0.5);
  });

  it("reads only error reports that name a model API or agent, not a body's opening line nor a count", () => {
    assert.ok(inFallbackDomain('Error: the upstream model did not answer'));
    assert.ok(inFallbackDomain('openai.APIError: stream ended'));
    assert.ok(!inFallbackDomain('✕ [API Error: [{'), 'the body that names the failure follows');
    assert.ok(!inFallbackDomain('500 Lines of output were printed'), 'a count');
    assert.ok(!inFallbackDomain('WARNING [session_id] agent.conversation_loop: API call failed'), 'no error report shape');
    // the user's own build and tool errors are left to the rules
    for (const line of [
      "Error: Cannot find module 'express'",
      "error: failed to push some refs to 'github.com:me/repo.git'",
      "TypeError: Cannot read properties of undefined (reading 'map')",
      'make: *** [Makefile:12: build] Error 1',
      "Error: ENOENT: no such file or directory, open 'config.json'",
    ]) {
      assert.ok(!inFallbackDomain(line), line);
      assert.strictEqual(detect(line, { raw: true }).type, undefined, line);
    }
    assert.ok(!inFallbackDomain('the model answered in 3 s'), 'no error report shape');
  });

  it("decides a raw line the rules left undecided, with its evidence in the explanation (the shipped model's own choice)", () => {
    // a line of the development part that no rule names: the shipped model takes it (its probability is printed)
    const line = 'Error: The AI model did not respond: EOF';
    const rules = detect(line, { raw: true, fallback: false });
    assert.strictEqual(rules.type, undefined);
    assert.strictEqual(rules.decidedBy, 'nothing');
    const verdict = detect(line, { raw: true });
    const learned = verdict.evidence.find((e) => e.kind === 'learned');
    assert.ok(learned && learned.kind === 'learned', JSON.stringify(verdict));
    assert.strictEqual(verdict.type !== undefined, learned.probability >= FALLBACK_MODEL.threshold);
    if (verdict.type) {
      assert.strictEqual(verdict.decidedBy, 'learned');
    }
    const text = explanationText(explainLine(line)).join('\n');
    assert.match(text, /learned fallback: p=\d\.\d\d/);
  });

  it('never reads an event the agent recorded as an error, nor a line when the gate is off', () => {
    const line = 'Error: The AI model did not respond: EOF';
    assert.ok(!detect(line, { raw: false }).evidence.some((e) => e.kind === 'learned'));
    assert.ok(!detect(line, { raw: true, gate: false }).evidence.some((e) => e.kind === 'learned'));
  });

  it('is what scripts/train-fallback.mjs trains from the development part (deterministic, reproducible)', function () {
    this.timeout(120_000);
    let root = __dirname;
    while (!fs.existsSync(path.join(root, 'package.json'))) {
      root = path.dirname(root);
    }
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'train-fallback.mjs'), '--check'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr + r.stdout);
  });
});
