/**
 * What `watch` follows under the agents' default folders: only the files each kind keeps there (its `watchGlob`), so a
 * broad folder such as the temp folder (Gemini CLI's error reports) is not crawled, and sockets or other programs'
 * files in it are never opened.
 */
import * as path from 'path';
import picomatch from 'picomatch';

/** One default folder and the files a kind follows in it (a glob relative to `root`, `/`-separated; none: every file). */
export interface WatchScope {
  root: string;
  glob?: string;
}

/**
 * A chokidar `ignored` test for `scopes`: true for a path under one of the roots that none of the globs there can
 * match (a folder is kept while a glob can still match below it). Paths under no root (a file named on the command
 * line) are never ignored. `isDir` is undefined when chokidar has not read the path's stats yet.
 */
export function ignoredOutsideScopes(scopes: readonly WatchScope[]): (p: string, isDir?: boolean) => boolean {
  const entries = scopes.map((s) => ({
    root: path.resolve(s.root),
    match: s.glob ? picomatch(s.glob, { dot: true }) : undefined,
    depth: !s.glob || s.glob.includes('**') ? Infinity : s.glob.split('/').length,
  }));
  return (p, isDir) => {
    const abs = path.resolve(p);
    let under = false;
    for (const e of entries) {
      const rel = path.relative(e.root, abs);
      if (rel === '') {
        return false;
      }
      if (rel.startsWith('..') || path.isAbsolute(rel)) {
        continue;
      }
      under = true;
      const parts = rel.split(path.sep);
      if (!e.match || e.match(parts.join('/')) || (isDir !== false && parts.length < e.depth)) {
        return false;
      }
    }
    return under;
  };
}
