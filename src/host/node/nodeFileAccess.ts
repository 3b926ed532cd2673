/** {@link FileAccess} on Node's `fs/promises`, for the Node extension host, the CLI and the tests. */
import * as fsp from 'fs/promises';
import * as path from 'path';
import type { FileAccess } from '../../core/ingest/tailer';

/** Node file access. Errors other than "not found" reject. */
export const nodeFileAccess: FileAccess = {
  async stat(p) {
    try {
      const st = await fsp.stat(p);
      return { size: st.size, mtime: st.mtimeMs, isDirectory: st.isDirectory() };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
        return undefined;
      }
      throw e;
    }
  },
  async read(p, offset, length) {
    const handle = await fsp.open(p, 'r');
    try {
      const buf = new Uint8Array(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
  async list(p) {
    try {
      return await fsp.readdir(p);
    } catch {
      return [];
    }
  },
  join: (...parts) => path.join(...parts),
};
