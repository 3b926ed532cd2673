// Copies a Claude Code transcript fixture with its timestamps moved forward, so that its last line is `endsAt`
// (epoch ms): recorded sessions then look active today, as the demo and the end-to-end tests need (Session Doctor
// shows sessions active in the last 24 h). Only the ISO values of "timestamp" fields change; lines that are not JSON
// (the hand-made bad-input fixtures) are copied as they are.
import fsp from 'node:fs/promises';

const TS = /"timestamp":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)"/g;

/** Copies `src` to `dest`, shifting every "timestamp" by the same amount so the latest one equals `endsAt`. */
export async function copyTranscriptShifted(src, dest, endsAt = Date.now() - 60_000) {
  const text = await fsp.readFile(src, 'utf8');
  let latest = 0;
  for (const m of text.matchAll(TS)) latest = Math.max(latest, Date.parse(m[1]));
  const shift = latest > 0 ? endsAt - latest : 0;
  const out = text.replace(TS, (_all, iso) => `"timestamp":"${new Date(Date.parse(iso) + shift).toISOString()}"`);
  await fsp.writeFile(dest, out);
}
