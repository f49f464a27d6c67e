/**
 * A file the clerk picked, read as a stream of byte chunks (Blob.stream), so that the register
 * aggregation holds no copy of a whole file: it parses chunk by chunk as the CLI does. Between chunks
 * the pane gets the event loop back now and then to repaint its progress bar and stay responsive.
 */
import { T } from '../texts';

/** How long the aggregation may keep the event loop before the pane repaints (ms). */
const SLICE_MS = 40;

/** What is read of a picked file (a DOM File; structural, so that tests can hand in a failing stream). */
export interface PickedFile {
  readonly name: string;
  stream(): ReadableStream<Uint8Array>;
}

export async function* fileChunks(file: PickedFile, onBytes?: (n: number) => void): AsyncGenerator<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = file.stream().getReader();
  } catch (e) {
    throw new Error(T.ew.nichtLesbar(file.name, e));
  }
  let last = Date.now();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        // e.g. NotReadableError: the file was changed, moved or deleted after it was picked
        throw new Error(T.ew.nichtLesbar(file.name, e));
      }
      if (chunk.done) return;
      yield chunk.value;
      onBytes?.(chunk.value.length);
      if (Date.now() - last > SLICE_MS) {
        await new Promise((r) => setTimeout(r, 0));
        last = Date.now();
      }
    }
  } finally {
    reader.releaseLock();
  }
}
