import path from 'node:path';
import { makeFoldersBelow, writeOutputFile } from './output.ts';

/**
 * Writes many files into one output folder, making each folder once. Most
 * pages of a build go into a folder of their own (`news/some-slug/index.html`),
 * where writing first and making the folder when that fails would cost a
 * failed write and an error object per page.
 */
export class OutputWriter {
  /** Folders known to exist, made or met by this writer. */
  private readonly folders = new Set<string>();

  constructor(readonly outputDir: string) {}

  write(file: string, content: string | Uint8Array): void {
    const folder = path.dirname(path.join(this.outputDir, file));
    if (!this.folders.has(folder)) {
      makeFoldersBelow(this.outputDir, folder);
      this.folders.add(folder);
    }
    // A folder removed since is made again here.
    writeOutputFile(this.outputDir, file, content);
  }
}
