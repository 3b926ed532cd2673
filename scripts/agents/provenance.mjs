// PROVENANCE.md of a fixture folder (test/fixtures/<agent>/), as the make-<agent>-fixtures scripts keep it: one
// Markdown table row per scenario, starting "| `<scenario>.".
import fs from 'node:fs';

/**
 * After a run of some scenarios: each one's row of the table in `file` replaced, or added at the end of the table when
 * the scenario had none. `rows`: [scenario name, its whole Markdown row]. Throws when the file cannot be read or written.
 */
export function updateProvenanceRows(file, rows) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const [name, row] of rows) {
    const at = lines.findIndex((l) => l.startsWith(`| \`${name}.`));
    if (at >= 0) {
      lines[at] = row;
    } else {
      const end = lines.findIndex((l, i) => i > 0 && l === '' && lines[i - 1].startsWith('| '));
      lines.splice(end, 0, row);
    }
  }
  fs.writeFileSync(file, lines.join('\n'));
}
