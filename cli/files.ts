/** Reading the files a user names on the command line, with German errors naming the file. */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { decodeText } from '../shared/io/text';

export function readTextFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`Datei ${file} kann nicht gelesen werden${code === 'ENOENT' ? ': sie existiert nicht' : ` (${code ?? String(e)})`}`);
  }
  return decodeText(bytes).text;
}

export function readJsonFile(file: string): unknown {
  const text = readTextFile(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`Datei ${file} ist kein gültiges JSON: ${(e as Error).message}`);
  }
}

/** A file as a stream of 1 MiB byte chunks (for the streaming readers), counting bytes for a progress bar. */
export async function* fileChunks(file: string, onBytes?: (n: number) => void): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      onBytes?.((chunk as Buffer).length);
      yield chunk as Buffer;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`Datei ${file} kann nicht gelesen werden${code === 'ENOENT' ? ': sie existiert nicht' : ` (${code ?? String(e)})`}`);
  }
}

/** Size in bytes, for progress bars; a missing file is named. */
export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    throw new Error(`Datei ${file} kann nicht gelesen werden: sie existiert nicht`);
  }
}
