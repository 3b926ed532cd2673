/** The evidence behind a verdict as text (`session-doctor classify --explain`), one fact per line. Pure module. */
import type { LineExplanation } from './detector';
import { STRATEGY_LABELS } from '../model/failures';
import type { Evidence } from './detect';

function describe(e: Evidence): string {
  switch (e.kind) {
    case 'negative':
      return `negative: reads as ${e.rule.reads} (${e.rule.id})`;
    case 'status':
      return `status: ${e.reading.status} from "${e.reading.phrase}" (${e.reading.how})${e.type ? ` -> ${e.type}` : ''}`;
    case 'term':
      return `${e.term.strength === 'hint' ? 'hint' : 'term'}: "${e.match}" -> ${e.term.type} (${e.term.id}, ${e.vocabulary.title})`;
    case 'rule':
      return `rule: ${e.rule.id}: ${e.from} -> ${e.to} (${e.rule.says})`;
    case 'gate':
      return `gate: p=${e.probability.toFixed(2)} ${e.accepted ? '>=' : '<'} ${e.threshold.toFixed(2)}: ${e.accepted ? 'reads as an error report' : 'reads as a person writing about an error'}`;
    case 'learned':
      return `learned fallback: p=${e.probability.toFixed(2)} ${e.type ? `>= ${e.threshold.toFixed(2)}: reads as a failure report -> ${e.type}` : `< ${e.threshold.toFixed(2)}: not a failure report`}`;
  }
}

/**
 * The explanation of one line: the verdict (`=> rate_limit (LOW, Back Off)` or `=> no failure`), what decided it, then
 * each piece of evidence, indented. The line itself is not repeated (the caller prints it, redacted).
 */
export function explanationText(x: LineExplanation): string[] {
  const c = x.classification;
  const head = c ? `=> ${c.type} (${c.severity}, ${STRATEGY_LABELS[c.strategy]})` : '=> no failure';
  if (x.rule) {
    return [head, `  decided by: your rule /${x.rule.pattern}/ (sessionDoctor.detection.customRules)`];
  }
  const v = x.verdict;
  return [head, `  decided by: ${v?.decidedBy ?? 'nothing'}`, ...(v?.evidence ?? []).map((e) => `  ${describe(e)}`)];
}
