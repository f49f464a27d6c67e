/** Reading the files a user names on the command line, with German errors naming the file. */
import { readFileSync } from 'node:fs';
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
