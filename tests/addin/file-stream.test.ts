/** Reading a picked file as a stream (Blob.stream of Node's File, the same API as the browser's). */
import { fileChunks } from '../../addin/src/ui/file-stream';

const collect = async (it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> => {
  const out: Uint8Array[] = [];
  for await (const c of it) out.push(c);
  return out;
};

test('the chunks are the file\'s bytes in order, and every byte is reported once', async () => {
  const bytes = new Uint8Array(3 * 65536 + 17).map((_, i) => (i * 31) % 251);
  const file = new File([bytes], 'ew.csv');
  let reported = 0;
  const chunks = await collect(fileChunks(file, (n) => (reported += n)));
  expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
  expect(reported).toBe(bytes.length);
});

test('a stream of many chunks is passed on chunk by chunk, not joined', async () => {
  const parts = Array.from({ length: 50 }, (_, i) => new Uint8Array(1000).fill(i));
  let at = 0;
  const file = { name: 'ew.csv', stream: () => new ReadableStream<Uint8Array>({ pull: (c) => (at < parts.length ? c.enqueue(parts[at++]!) : c.close()) }) };
  const chunks = await collect(fileChunks(file));
  expect(chunks).toEqual(parts);
});

test('an empty file gives no chunk', async () => {
  expect(await collect(fileChunks(new File([], 'leer.csv')))).toEqual([]);
});

test('a file that fails while being read is named, with the reason and what to do', async () => {
  let sent = false;
  const broken = {
    name: 'bewegungen.csv',
    stream: () => new ReadableStream<Uint8Array>({
      pull(c) {
        if (!sent) { sent = true; c.enqueue(new Uint8Array([65, 66])); }
        else c.error(new Error('The requested file could not be read'));
      },
    }),
  };
  const got: Uint8Array[] = [];
  await expect((async () => { for await (const c of fileChunks(broken)) got.push(c); })()).rejects.toThrow(
    'Die Datei „bewegungen.csv“ ließ sich nicht lesen (The requested file could not be read). Wurde sie nach der Auswahl geändert, verschoben oder gelöscht? Bitte die Datei neu auswählen.',
  );
  expect(got).toHaveLength(1);
});
