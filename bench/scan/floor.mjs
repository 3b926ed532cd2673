// The floor of the scan benchmark: what any tool reading a JSONL history must do at least. Reads every file given (or
// every *.jsonl under the folders given) in 1 MiB chunks, splits the lines, JSON.parses each, and prints one JSON line:
// { files, bytes, lines, parsed, ms, maxRssKb }. Run by bench/scan.bench.mjs in its own process.
import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every *.jsonl file under `p` (a file or a folder), sorted. */
export function jsonlFiles(p) {
  if (!statSync(p).isDirectory()) {
    return [p];
  }
  return readdirSync(p, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? jsonlFiles(join(p, e.name)) : e.name.endsWith('.jsonl') ? [join(p, e.name)] : []));
}

function main() {
  const t0 = performance.now();
  const files = process.argv.slice(2).flatMap(jsonlFiles);
  const buf = Buffer.alloc(1024 * 1024);
  const decoder = new TextDecoder();
  let bytes = 0;
  let lines = 0;
  let parsed = 0;
  for (const f of files) {
    const fd = openSync(f, 'r');
    let rest = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) {
        break;
      }
      bytes += n;
      const text = rest + decoder.decode(buf.subarray(0, n), { stream: true });
      const parts = text.split('\n');
      rest = parts.pop();
      for (const line of parts) {
        lines++;
        if (line) {
          try {
            JSON.parse(line);
            parsed++;
          } catch {
            // counted as not parsed
          }
        }
      }
    }
    closeSync(fd);
    if (rest) {
      lines++;
      try {
        JSON.parse(rest);
        parsed++;
      } catch {
        // a half-written last line
      }
    }
  }
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ files: files.length, bytes, lines, parsed, ms, maxRssKb: process.resourceUsage().maxRSS }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main();
}
