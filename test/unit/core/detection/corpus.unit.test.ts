import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CorpusEntry, parseCorpus, scoreCorpus, scoresSummary, scoresTable } from '../../../../src/core/detection/corpus';
import { classifyLine } from '../../../../src/core/detection/detector';
import { VOCABULARIES } from '../../../../src/core/detection/vocabularies';

/** test/fixtures/corpus, found from out/test/unit (compiled) or test/unit. */
function corpusDir(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    dir = path.dirname(dir);
  }
  return path.join(dir, 'test', 'fixtures', 'corpus');
}

/** The lines of one part of the corpus (`only`: one file of it). */
function loadPart(part: 'dev' | 'blind' | 'fresh', only?: string): CorpusEntry[] {
  const dir = path.join(corpusDir(), part);
  if (!fs.existsSync(dir)) {
    return []; // fresh/ is empty (and absent from git) between a batch joining the development part and the next one
  }
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl') && (only === undefined || f === only))
    .sort()
    .flatMap((f) => parseCorpus(`${part}/${f}`, fs.readFileSync(path.join(dir, f), 'utf8')));
}

function loadCorpus(): CorpusEntry[] {
  return [...loadPart('dev'), ...loadPart('blind'), ...loadPart('fresh')];
}

/** Types whose patterns match only text written by Session Doctor itself (the terminal source's exit notes), not by agents. */
const NOT_AGENT_TEXT: ReadonlySet<string> = new Set(['process_crash']);

describe('labelled corpus (test/fixtures/corpus)', () => {
  const corpus = loadCorpus();

  it('the blind part is the one whose hash was committed (blind/b1.sha256)', () => {
    const dir = path.join(corpusDir(), 'blind');
    const [sha, file] = fs.readFileSync(path.join(dir, 'b1.sha256'), 'utf8').trim().split(/\s+/);
    assert.strictEqual(
      createHash('sha256')
        .update(fs.readFileSync(path.join(dir, file)))
        .digest('hex'),
      sha,
    );
  });

  it('is large enough (1,500 lines, 60 % failures, 15 named agents, proxies and SDKs), covers every type a line can show', () => {
    assert.ok(corpus.length >= 1500, `${corpus.length} lines`);
    // the whole corpus: the development and blind parts and the check batches in fresh/, as collected
    const failures = corpus.filter((e) => e.expected !== null).length;
    assert.ok(failures / corpus.length >= 0.6, `${failures} failures of ${corpus.length}`);
    const named = new Set(corpus.map((e) => e.agent).filter((a) => !a.startsWith('other:')));
    assert.ok(named.size >= 15, [...named].join(' '));
    const labelled = new Set(corpus.map((e) => e.expected));
    // every type the line detector can report from what an agent prints (structural types without text patterns are
    // found from the event stream; NOT_AGENT_TEXT types match only text Session Doctor's own sources write)
    for (const type of new Set(VOCABULARIES.flatMap((v) => v.terms.map((t) => t.type)).filter((t) => !NOT_AGENT_TEXT.has(t)))) {
      assert.ok(labelled.has(type), `no corpus line for ${type}`);
    }
  });

  it('notes a source for every line and holds no unredacted secret', () => {
    for (const e of corpus) {
      assert.match(e.source, /^(https:\/\/|fixture test\/fixtures\/|grep |public GitHub source file)/, e.at);
      assert.doesNotMatch(e.text, /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}|\bAIza[0-9A-Za-z_-]{30,}|\bgh[pousr]_[A-Za-z0-9]{30,}/, e.at);
    }
  });

  it('the development part: failure precision >= 0.93, recall >= 0.925, exact type >= 0.945 (b33 in it since round fifteen, 2026-12-03; its mistakes are printed)', () => {
    const scores = scoreCorpus(loadPart('dev'), (line) => classifyLine(line)?.type);
    console.log(`development part: ${scoresSummary(scores)}`);
    console.log('\n' + scoresTable(scores) + '\n');
    const wrong = scores.mistakes.map(
      (m) => `  ${m.entry.at}: expected ${m.entry.expected ?? 'null'}, got ${m.got ?? 'null'}: ${m.entry.text.slice(0, 120)}`,
    );
    if (wrong.length > 0) {
      console.log(`Misclassified (${wrong.length}):\n${wrong.join('\n')}\n`);
    }
    assert.ok(scores.detection.precision >= 0.93 && scores.detection.recall >= 0.925 && scores.exactType >= 0.945, scoresSummary(scores));
  });

  // The blind part and the fresh batch are never tuned on: their figures are asserted (at the level measured, a guard
  // against regressions; the targets the project set are higher, see the README) and never printed.
  it('the blind part: failure precision >= 0.915, recall >= 0.88, exact type >= 0.96', () => {
    const s = scoreCorpus(loadPart('blind'), (line) => classifyLine(line)?.type);
    assert.ok(
      s.detection.precision >= 0.915 && s.detection.recall >= 0.88 && s.exactType >= 0.96,
      'the blind part scores lower than on 2026-12-03 (look 30)',
    );
  });

  // b34 was scored once on arrival with round fifteen's detector (0.941 / 0.813 / 0.930, 18 false alarms); its lines are
  // not read
  it('the fresh batch b34: failure precision >= 0.94, recall >= 0.81, exact type >= 0.93 (its first score)', () => {
    const s = scoreCorpus(loadPart('fresh', 'b34.jsonl'), (line) => classifyLine(line)?.type);
    assert.ok(
      s.detection.precision >= 0.94 && s.detection.recall >= 0.81 && s.exactType >= 0.93,
      'the fresh batch b34 scores lower than its first score (2026-12-03)',
    );
  });
});

describe('the learned gate', () => {
  it('is what scripts/train-gate.mjs trains from the development part (deterministic, reproducible)', function () {
    this.timeout(60_000);
    const root = path.dirname(path.dirname(corpusDir()));
    const r = spawnSync(process.execPath, [path.join(root, '..', 'scripts', 'train-gate.mjs'), '--check'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr + r.stdout);
  });
});

describe('corpus scoring', () => {
  const e = (text: string, expected: CorpusEntry['expected']): CorpusEntry => ({
    text,
    expected,
    source: 'https://example.invalid',
    agent: 'codex',
    at: 'x.jsonl:1',
  });

  it('counts a negative classified as anything as a false positive, and a wrong type as both FP and FN', () => {
    const entries = [e('a', 'rate_limit'), e('b', 'rate_limit'), e('c', 'auth'), e('d', null), e('f', null)];
    const answers: Record<string, 'rate_limit' | 'auth' | undefined> = {
      a: 'rate_limit',
      b: 'auth',
      c: 'auth',
      d: 'rate_limit',
      f: undefined,
    };
    const s = scoreCorpus(entries, (t) => answers[t]);
    assert.deepStrictEqual([s.overall.tp, s.overall.fp, s.overall.fn, s.overall.lines], [2, 2, 1, 3]);
    assert.strictEqual(s.overall.precision, 0.5);
    assert.strictEqual(s.overall.recall, 2 / 3);
    assert.strictEqual(s.falseAlarms, 1);
    assert.strictEqual(s.negatives, 2);
    const rl = s.perType.get('rate_limit')!;
    assert.deepStrictEqual([rl.tp, rl.fp, rl.fn, rl.precision, rl.recall], [1, 1, 1, 0.5, 0.5]);
    assert.strictEqual(s.mistakes.length, 2);
    // failure or not, whatever the type: 3 of the 4 flagged lines are failures, all 3 failures flagged, 2 of them exactly
    assert.deepStrictEqual([s.detection.precision, s.detection.recall, s.exactType], [0.75, 1, 2 / 3]);
  });

  it('rejects a corpus line with an unknown type or without a source, naming file and line', () => {
    assert.throws(
      () => parseCorpus('bad.jsonl', '{"text":"x","expected":"nope","source":"s","agent":"a"}'),
      /bad\.jsonl:1: "expected" must be a failure type/,
    );
    assert.throws(
      () => parseCorpus('bad.jsonl', '\n{"text":"x","expected":null}'),
      /bad\.jsonl:2: needs a non-empty "text", "source" and "agent"/,
    );
    assert.throws(() => parseCorpus('bad.jsonl', 'not json'), /bad\.jsonl:1: not JSON/);
  });
});

describe('classifyLine on raw lines', () => {
  it('keeps error reports whose shape is close to code: an exception repr, a JSON body, an SDK class name', () => {
    assert.strictEqual(classifyLine('openai.RateLimitError("Error code: 429")')?.type, 'rate_limit');
    assert.strictEqual(classifyLine('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')?.type, 'overloaded');
    assert.strictEqual(classifyLine('✕ [API Error: [{')?.type, undefined, 'no failure named yet, and not dropped as code either');
    assert.strictEqual(classifyLine('anthropic.APIConnectionError: Connection error.')?.type, 'network');
  });

  it('drops the same words in code, a grep hit, a test verdict, a successful retry and docs', () => {
    for (const line of [
      'except openai.RateLimitError as e:',
      'logger.warning("429 Too Many Requests, backing off")',
      'src/client.py:88:        raise RateLimitError("429")',
      'FAILED tests/test_client.py::test_retries_on_429 - openai.RateLimitError: Error code: 429',
      'Request succeeded after 2 retries (429 Too Many Requests)',
      '| 429 | rate_limit_error | Your account has hit a rate limit. |',
    ]) {
      assert.strictEqual(classifyLine(line), undefined, line);
    }
  });

  it('looks at the first 16 KiB of a long line only (bounded work per line)', () => {
    const padding = 'x'.repeat(1_000_000);
    assert.strictEqual(classifyLine('API Error: 429 Too Many Requests ' + padding)?.type, 'rate_limit');
    assert.strictEqual(classifyLine(padding + ' API Error: 429 Too Many Requests'), undefined);
  });
});

describe('catalog fallback patterns', () => {
  it('a generic stream failure is a network error unless the words after it name something more specific', () => {
    assert.strictEqual(classifyLine('■ stream disconnected before completion')?.type, 'network');
    assert.strictEqual(
      classifyLine('stream disconnected before completion: An error occurred while processing your request.')?.type,
      'server_error',
    );
    assert.strictEqual(
      classifyLine('stream disconnected before completion: Rate limit reached for gpt-5 in organization org-X')?.type,
      'rate_limit',
    );
  });
});
