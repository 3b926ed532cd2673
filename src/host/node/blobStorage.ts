/**
 * The store's blob-storage port (src/core/store/persistence.ts) on Node's fs: the blobs are the files of one folder.
 */
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as path from 'path';
import type { BlobStorage } from '../../core/store/persistence';

/** Files in the folder `dir` (created on the first write). Rejects with Node's fs errors (`NodeJS.ErrnoException`). */
export class NodeBlobStorage implements BlobStorage {
  /** @param dir the folder, absolute or relative to the process's working directory */
  constructor(readonly dir: string) {}

  /** The storage of a file path: its folder, and its name in that folder. */
  static forFile(file: string): { storage: NodeBlobStorage; name: string } {
    return { storage: new NodeBlobStorage(path.dirname(file)), name: path.basename(file) };
  }

  /** The path of blob `name`. */
  pathOf(name: string): string {
    return path.join(this.dir, name);
  }

  /** The file's bytes, or undefined when it does not exist (ENOENT). */
  async read(name: string): Promise<Uint8Array | undefined> {
    try {
      return await fsp.readFile(this.pathOf(name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw e;
    }
  }

  /** True when the file exists. */
  async exists(name: string): Promise<boolean> {
    return fs.existsSync(this.pathOf(name));
  }

  /** Writes the file, creating the folder (and its parents) when missing. */
  async write(name: string, bytes: Uint8Array): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    await fsp.writeFile(this.pathOf(name), bytes);
  }

  /** Renames a file within the folder, replacing the target (atomic on one file system). */
  async rename(from: string, to: string): Promise<void> {
    await fsp.rename(this.pathOf(from), this.pathOf(to));
  }

  /** Names of the folder's entries (empty when the folder does not exist). */
  async list(): Promise<string[]> {
    try {
      return await fsp.readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        return [];
      }
      throw e;
    }
  }

  /** Deletes a file; a missing one is not an error. */
  async remove(name: string): Promise<void> {
    await fsp.rm(this.pathOf(name), { force: true });
  }
}
