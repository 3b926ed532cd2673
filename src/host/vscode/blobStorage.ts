/**
 * The store's blob-storage port (src/core/store/persistence.ts) on `vscode.workspace.fs`: the blobs are the files of
 * one folder URI (the extension's `globalStorageUri`). Works in a desktop, remote and browser extension host alike.
 */
import * as vscode from 'vscode';
import type { BlobStorage } from '../../core/store/persistence';

/** The parts of `vscode.workspace.fs` this port uses (narrow, so a test can pass its own). */
export type BlobFileSystem = Pick<
  vscode.FileSystem,
  'readFile' | 'writeFile' | 'rename' | 'stat' | 'createDirectory' | 'readDirectory' | 'delete'
>;

/** True for the error `vscode.workspace.fs` gives for a missing file (`FileSystemError.FileNotFound`, code 'FileNotFound'). */
export function isFileNotFound(e: unknown): boolean {
  return e instanceof vscode.FileSystemError ? e.code === 'FileNotFound' : (e as { code?: unknown } | undefined)?.code === 'FileNotFound';
}

/** Files in the folder `dir`. Rejects with `vscode.FileSystemError`s. */
export class VscodeBlobStorage implements BlobStorage {
  /**
   * @param dir the folder (created on the first write)
   * @param fs the file system (default `vscode.workspace.fs`)
   */
  constructor(
    readonly dir: vscode.Uri,
    private readonly fs: BlobFileSystem = vscode.workspace.fs,
  ) {}

  /** The storage of a file URI: its folder, and its name in that folder. */
  static forFile(uri: vscode.Uri, fs?: BlobFileSystem): { storage: VscodeBlobStorage; name: string } {
    const slash = uri.path.lastIndexOf('/');
    return { storage: new VscodeBlobStorage(uri.with({ path: uri.path.slice(0, slash) || '/' }), fs), name: uri.path.slice(slash + 1) };
  }

  /** The URI of blob `name`. */
  uriOf(name: string): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, name);
  }

  /** The file's bytes, or undefined when it does not exist. */
  async read(name: string): Promise<Uint8Array | undefined> {
    try {
      return await this.fs.readFile(this.uriOf(name));
    } catch (e) {
      if (isFileNotFound(e)) {
        return undefined;
      }
      throw e;
    }
  }

  /** True when the file exists. */
  async exists(name: string): Promise<boolean> {
    try {
      await this.fs.stat(this.uriOf(name));
      return true;
    } catch (e) {
      if (isFileNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Writes the file, creating the folder when missing. */
  async write(name: string, bytes: Uint8Array): Promise<void> {
    await this.fs.createDirectory(this.dir);
    await this.fs.writeFile(this.uriOf(name), bytes);
  }

  /** Renames a file within the folder, replacing the target. */
  async rename(from: string, to: string): Promise<void> {
    await this.fs.rename(this.uriOf(from), this.uriOf(to), { overwrite: true });
  }

  /** Names of the folder's entries (empty when the folder does not exist). */
  async list(): Promise<string[]> {
    try {
      return (await this.fs.readDirectory(this.dir)).map(([name]) => name);
    } catch (e) {
      if (isFileNotFound(e)) {
        return [];
      }
      throw e;
    }
  }

  /** Deletes a file; a missing one is not an error. */
  async remove(name: string): Promise<void> {
    try {
      await this.fs.delete(this.uriOf(name), { recursive: false, useTrash: false });
    } catch (e) {
      if (!isFileNotFound(e)) {
        throw e;
      }
    }
  }
}
