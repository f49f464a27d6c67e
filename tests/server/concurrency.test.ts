/** Parallel submissions, no lost update (409 with what changed), and Idempotency-Key. */
import request from 'supertest';
import { HATTINGEN, TestServer, WITTEN, testServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(async () => {
  await t.close();
});

const post = (token: string, body: unknown, key?: string) => {
  const r = request(t.app).post('/api/submissions').set(t.auth(token));
  if (key) r.set('Idempotency-Key', key);
  return r.send(body as object);
};

test('two cities at once: both succeed, each with its own revision', async () => {
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0
        ? post(t.tokens.witten, { period: '2024', rows: [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: i }] })
        : post(t.tokens.hattingen, { period: '2024', rows: [{ area: `${HATTINGEN}-01-0001`, variable: 'geburten', value: i }] }),
    ),
  );
  expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
  const wittenRevisions = results.filter((_, i) => i % 2 === 0).map((r) => r.body.revision).sort();
  expect(wittenRevisions).toEqual([1, 2, 3, 4, 5]);
  const hattingenRevisions = results.filter((_, i) => i % 2 === 1).map((r) => r.body.revision).sort();
  expect(hattingenRevisions).toEqual([1, 2, 3, 4, 5]);
  expect(await t.storage.revisions('2024', [WITTEN, HATTINGEN])).toEqual({ [WITTEN]: 5, [HATTINGEN]: 5 });
});

test('two clerks of one city with the same baseRevision: one 201, one 409 with what changed; nothing lost', async () => {
  const base = (await t.storage.revisions('2024', [WITTEN]))[WITTEN]!;
  const area = `${WITTEN}-02-0001`;
  const [a, b] = await Promise.all([
    post(t.tokens.witten, { period: '2024', baseRevision: base, rows: [{ area, variable: 'sterbefaelle', value: 4 }] }),
    post(t.tokens.witten, { period: '2024', baseRevision: base, rows: [{ area, variable: 'sterbefaelle', value: 9 }] }),
  ]);
  expect([a.status, b.status].sort()).toEqual([201, 409]);
  const [won, lost] = a.status === 201 ? [a, b] : [b, a];
  expect(won.body.revision).toBe(base + 1);
  expect(lost.body).toMatchObject({ error: 'REVISION_VERALTET', meldebereich: WITTEN, baseRevision: base, currentRevision: base + 1 });
  expect(lost.body.message).toMatch(/Seit Ihrer Revision .* damit keine Änderung verloren geht/);
  expect(lost.body.changes).toEqual([expect.objectContaining({ submissionId: won.body.submissionId, revision: base + 1 })]);
  expect(lost.body.overlapping).toEqual([expect.objectContaining({ area, variable: 'sterbefaelle', submissionId: won.body.submissionId })]);
  // The clerk who lost reloads, sees the change and resubmits on top of it.
  const retry = await post(t.tokens.witten, { period: '2024', baseRevision: base + 1, rows: [{ area, variable: 'sterbefaelle', value: 9 }] }).expect(201);
  expect(retry.body.revision).toBe(base + 2);
  const history = await t.storage.history({ area, period: '2024' });
  expect(history.map((h) => h.rows[0]!.value)).toEqual([9, won.body.submissionId === a.body.submissionId ? 4 : 9]);
});

test('a baseRevision from the future is refused with 409', async () => {
  const res = await post(t.tokens.witten, { period: '2024', baseRevision: 999, rows: [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 1 }] }).expect(409);
  expect(res.body.message).toMatch(/Revision 999 gibt es .* nicht/);
});

test('8 clerks of one city and 8 of another at once, without baseRevision: all stored, none refused or retried, revisions gapless', async () => {
  const before = await t.storage.revisions('2023', [WITTEN, HATTINGEN]);
  // Serialised writers never find their revision moved: a retry (stale append) would mean optimistic concurrency.
  const append = jest.spyOn(t.storage, 'appendSubmission');
  // A pause after reading the revisions lets the writers overlap (SQLite answers at once, so they
  // would otherwise run one after the other by chance): unserialised, they would all read the same revision.
  const read = t.storage.revisions.bind(t.storage);
  const revisions = jest.spyOn(t.storage, 'revisions').mockImplementation(async (period, scopes) => {
    const r = await read(period, scopes);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return r;
  });
  try {
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const [token, stadt] = i % 2 === 0 ? [t.tokens.witten, WITTEN] : [t.tokens.hattingen, HATTINGEN];
        return post(token, { period: '2023', rows: [{ area: `${stadt}-01-0002`, variable: 'geburten', value: i }] });
      }),
    );
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(201));
    const stale = await Promise.all(append.mock.results.map((r) => r.value as Promise<{ kind: string }>));
    expect(stale.filter((r) => r.kind === 'stale')).toEqual([]);
    for (const [offset, stadt] of [[0, WITTEN], [1, HATTINGEN]] as const) {
      const revisions = results.filter((_, i) => i % 2 === offset).map((r) => r.body.revision as number).sort((x, y) => x - y);
      expect(revisions).toEqual(Array.from({ length: 8 }, (_, i) => before[stadt]! + i + 1));
    }
  } finally {
    append.mockRestore();
    revisions.mockRestore();
  }
});

test('the same Idempotency-Key twice stores once and returns the first answer', async () => {
  const body = { period: '2022', rows: [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 2 }] };
  const before = (await t.storage.history({ period: '2022' })).length;
  const first = await post(t.tokens.witten, body, 'abc-123').expect(201);
  const second = await post(t.tokens.witten, body, 'abc-123').expect(201);
  expect(second.headers['idempotent-replayed']).toBe('true');
  expect(second.body.submissionId).toBe(first.body.submissionId);
  expect(second.body.revision).toBe(first.body.revision);
  expect((await t.storage.history({ period: '2022' })).length).toBe(before + 1);
  // concurrently, too
  const [x, y] = await Promise.all([post(t.tokens.witten, { ...body, period: '2021' }, 'par-1'), post(t.tokens.witten, { ...body, period: '2021' }, 'par-1')]);
  expect([x.status, y.status]).toEqual([201, 201]);
  expect(x.body.submissionId).toBe(y.body.submissionId);
  expect((await t.storage.history({ period: '2021' })).length).toBe(1);
  // the same key with different content is refused, not silently replayed
  const other = await post(t.tokens.witten, { ...body, rows: [{ ...body.rows[0], value: 3 }] }, 'abc-123').expect(409);
  expect(other.body.message).toMatch(/schon für eine andere Meldung verwendet/);
  // keys belong to one token: another city may use the same key
  await post(t.tokens.hattingen, { period: '2022', rows: [{ area: `${HATTINGEN}-01-0001`, variable: 'geburten', value: 2 }] }, 'abc-123').expect(201);
  const bad = await post(t.tokens.witten, body, 'mit leerzeichen').expect(400);
  expect(bad.body.message).toMatch(/Idempotency-Key/);
});

test("a Kommune's rows of another city are refused without taking that city's writer lock", async () => {
  const lock = jest.spyOn(t.storage, 'serialiseWriters');
  try {
    const res = await post(t.tokens.witten, { period: '2023', rows: [{ area: `${HATTINGEN}-01-0001`, variable: 'geburten', value: 3 }] });
    expect(res.status).toBe(403);
    expect(lock).not.toHaveBeenCalled();
    await post(t.tokens.witten, { period: '2023', rows: [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 3 }] }).expect(201);
    expect(lock).toHaveBeenCalledWith('2023', [WITTEN], expect.any(Function));
  } finally {
    lock.mockRestore();
  }
});
