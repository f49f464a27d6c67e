/** The in-process writer queue (sync-server/storage/writer-lock.ts): one key at a time, other keys in parallel. */
import { KeyedMutex, Semaphore } from '../../sync-server/storage/writer-lock';

/** a promise with its resolve, to hold a writer inside its critical section until the test lets go */
const latch = () => {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
};

test('writers of the same key run one after the other, in arrival order; other keys do not wait', async () => {
  const m = new KeyedMutex();
  const log: string[] = [];
  const hold = latch();
  const a = m.with(['2024|witten'], async () => {
    log.push('a start');
    await hold.p;
    log.push('a end');
  });
  const b = m.with(['2024|witten'], async () => void log.push('b'));
  const other = m.with(['2024|hattingen'], async () => void log.push('hattingen'));
  await other;
  expect(log).toEqual(['a start', 'hattingen']);
  hold.open();
  await Promise.all([a, b]);
  expect(log).toEqual(['a start', 'hattingen', 'a end', 'b']);
});

test('several keys are taken in sorted order (no circular wait) and all given back, also after an error', async () => {
  const m = new KeyedMutex();
  const first = m.with(['2024|witten', '2024|kreis'], async () => {
    throw new Error('kaputt');
  });
  await expect(first).rejects.toThrow('kaputt');
  // the reverse order of keys at the same time: would deadlock without sorting
  const hold = latch();
  const x = m.with(['b', 'a'], async () => hold.p);
  const y = m.with(['a', 'b'], async () => 'y');
  hold.open();
  await expect(Promise.all([x, y])).resolves.toEqual([undefined, 'y']);
  await expect(m.with(['2024|kreis', '2024|witten'], async () => 'frei')).resolves.toBe('frei');
});

test('the semaphore lets n holders in at once and the next when one leaves', async () => {
  const s = new Semaphore(2);
  const holds = [latch(), latch(), latch()];
  let inside = 0;
  let most = 0;
  const runs = holds.map((h) =>
    s.with(async () => {
      most = Math.max(most, ++inside);
      await h.p;
      inside--;
    }),
  );
  await new Promise((r) => setImmediate(r));
  expect(inside).toBe(2);
  holds.forEach((h) => h.open());
  await Promise.all(runs);
  expect(most).toBe(2);
});
