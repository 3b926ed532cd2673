/**
 * The fault matrix of docs/sources.md stays true: scripts/fault-matrix.mjs lays each agent's real fault runs
 * (test/fixtures/<agent>/, PROVENANCE.md) out in fresh HOMEs where the agent writes them and runs the compiled CLI's
 * `scan --json` with no paths; every cell the document marks ✓ (the fault's type found, or nothing on a clean run)
 * must still be so, or a regression in discovery, parsing or detection has lost it.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

/** The compiled folder this test runs from (it holds src/cli/main.js, which the script loads). */
const OUT = path.resolve(__dirname, '../../..');

/** A cell of the script's `--json` output. */
interface Cell {
  fault: string;
  run: string | null;
  laidOut?: number;
  read?: number;
  types?: string[];
  ok?: boolean;
}

interface Matrix {
  faults: { id: string; label: string; expect: string[] }[];
  rows: { agent: string; label: string; cells: Cell[] }[];
}

/** A row label without its version numbers (`Codex CLI 0.169.0` -> `Codex CLI`). */
const unversioned = (label: string): string => label.replace(/ \d[\w.-]*/g, '');

/** The documented table: row label -> column label -> cell text. */
function documented(): Map<string, Map<string, string>> {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'sources.md'), 'utf8');
  const body = doc.slice(doc.indexOf('<!-- fault-matrix:start -->'), doc.indexOf('<!-- fault-matrix:end -->'));
  const split = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const lines = body.split('\n').filter((l) => l.startsWith('|'));
  const head = split(lines[0]);
  const table = new Map<string, Map<string, string>>();
  for (const line of lines.slice(2)) {
    const cells = split(line);
    table.set(cells[0].replace(/ \(note [\d, ]+\)$/, ''), new Map(head.map((h, i) => [h, cells[i]])));
  }
  return table;
}

describe('cli: what scan finds for each agent’s real fault runs (scripts/fault-matrix.mjs, docs/sources.md)', function () {
  this.timeout(300_000);
  let matrix: Matrix;

  before(() => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'fault-matrix.mjs'), '--json', '--out', OUT], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.strictEqual(run.status, 0, run.stderr);
    matrix = JSON.parse(run.stdout) as Matrix;
  });

  it('every cell documented as found is still found with the right type (a clean run still finds nothing)', () => {
    const doc = documented();
    let checked = 0;
    const lost: string[] = [];
    for (const [rowLabel, cells] of doc) {
      // A row is its agent: a fixture remade with a newer CLI changes the version in its label, not the row.
      const row = matrix.rows.find((r) => r.label === rowLabel) ?? matrix.rows.find((r) => unversioned(r.label) === unversioned(rowLabel));
      assert.ok(row, `row "${rowLabel}" of docs/sources.md is no longer measured`);
      matrix.faults.forEach((fault, i) => {
        if (!cells.get(fault.label)?.includes('✓')) {
          return;
        }
        checked++;
        const cell = row.cells[i];
        if (!cell.ok) {
          lost.push(
            `${rowLabel} / ${fault.label} (${cell.run}): documented ${cells.get(fault.label)}, now ${cell.types?.join(', ') || 'nothing'}`,
          );
        }
      });
    }
    assert.deepStrictEqual(lost, []);
    // The document holds the measured table: dozens of found cells, not an empty section that passes by itself.
    assert.ok(checked >= 60, `${checked} cells marked found in docs/sources.md`);
  });

  it('every run with files was read by scan from where the agent writes it', () => {
    const unread = matrix.rows.flatMap((r) =>
      r.cells.filter((c) => c.run && (c.laidOut ?? 0) > 0 && c.read === 0).map((c) => `${r.agent}/${c.run}`),
    );
    assert.deepStrictEqual(unread, []);
  });
});
