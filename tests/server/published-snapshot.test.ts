/**
 * Readers' /api/indicators from the snapshot of the released state (sync-server/published-snapshot.ts):
 * during a recomputation readers get the previous released state at once (held deterministically
 * by the `beforeSnapshot` hook), ETag/304, ETags that tell nothing of unreleased data and are the
 * same for every reader, and the CSV form with the same numbers and "." as the JSON.
 */
import request from 'supertest';
import { OPERATOR, createToken } from '../../sync-server/tokens';
import { HATTINGEN, SnapshotControl, TestServer, WITTEN, datasetWithUnemployed, testServer } from './helpers';

let t: TestServer;
let leser2: string;
const snapshots = new SnapshotControl();

beforeAll(async () => {
  t = await testServer({ freigabe: 'pruefung', snapshotHook: snapshots.hook });
  leser2 = (await createToken(t.storage, { rolle: 'leser' }, OPERATOR)).token;
});
afterAll(async () => {
  await t.close();
});

const json = (token: string) => (path: string) => request(t.app).get(path).set(t.auth(token));
const submit = (token: string, rows: unknown[]) =>
  request(t.app).post('/api/submissions').set(t.auth(token)).send({ period: '2024', rows }).expect(201);
const release = () => request(t.app).post('/api/freigaben').set(t.auth(t.tokens.kreis)).set('Content-Type', 'application/json').send(JSON.stringify({ period: '2024' }));
const URL = '/api/indicators?period=2024';
const value = (body: { rows: { area: string; indicator: string; value: number | null }[] }, area: string, indicator: string) =>
  body.rows.find((r) => r.area === area && r.indicator === indicator)?.value;

test('a reader gets the previous released state, at once, while the next is computed; then the new one', async () => {
  await submit(t.tokens.witten, datasetWithUnemployed(WITTEN, 100, [1, 40]));
  await submit(t.tokens.hattingen, datasetWithUnemployed(HATTINGEN, 120, [30, 40]));
  await release().expect(201);
  // the first request of a reader is computed for it; the snapshot is built meanwhile, with the same answer
  const ready = snapshots.nextBuilt();
  const direct = await json(t.tokens.leser)(URL).expect(200);
  await ready;
  const first = await json(t.tokens.leser)(URL).expect(200);
  expect(first.text).toBe(direct.text);
  const etag1 = first.headers.etag as string;
  expect(etag1).toBe(direct.headers.etag);
  expect(etag1).toMatch(/^W\/".+"$/);
  const block = `${HATTINGEN}-02`;
  const before = value(first.body, block, 'arbeitslosendichte');
  expect(typeof before).toBe('number');

  // a new state is accepted and released; its computation is held
  await submit(t.tokens.hattingen, datasetWithUnemployed(HATTINGEN, 120, [30, 80]));
  const held = snapshots.holdNext();
  const releasing = release().then((r) => r);
  await held.reached;
  try {
    const counted = snapshots.computations;
    const during = await json(t.tokens.leser)(URL).expect(200);
    expect(during.headers.etag).toBe(etag1);
    expect(value(during.body, block, 'arbeitslosendichte')).toBe(before);
    expect(snapshots.computations).toBe(counted); // the reader did not start or wait for a computation
  } finally {
    held.open();
  }
  expect((await releasing).status).toBe(201);
  const after = await json(t.tokens.leser)(URL).expect(200);
  expect(after.headers.etag).not.toBe(etag1);
  expect(value(after.body, block, 'arbeitslosendichte')).not.toBe(before);
});

test('ETag of the published view: the same for every reader, unchanged by unreleased data, 304 on If-None-Match', async () => {
  const a = await json(t.tokens.leser)(URL).expect(200);
  const b = await json(leser2)(URL).expect(200);
  expect(b.headers.etag).toBe(a.headers.etag);
  expect(b.text).toBe(a.text);
  await json(t.tokens.leser)(URL).set('If-None-Match', a.headers.etag as string).expect(304);
  // a Kommune's raw answer carries the unreleased state: its ETag is its own
  const witten = await json(t.tokens.witten)(URL).expect(200);
  expect(witten.headers.etag).not.toBe(a.headers.etag);

  const computed = snapshots.computations;
  await submit(t.tokens.hattingen, datasetWithUnemployed(HATTINGEN, 120, [31, 2]));
  const afterUnreleased = await json(leser2)(URL).expect(200);
  expect(afterUnreleased.headers.etag).toBe(a.headers.etag);
  expect(afterUnreleased.text).toBe(a.text);
  await json(leser2)(URL).set('If-None-Match', a.headers.etag as string).expect(304);
  expect(snapshots.computations).toBe(computed);
  // … but the Kommune sees its own change: a new ETag, and the old one no longer gives 304
  const hattingen1 = await json(t.tokens.hattingen)(URL).expect(200);
  await json(t.tokens.hattingen)(URL).set('If-None-Match', hattingen1.headers.etag as string).expect(304);
  await submit(t.tokens.hattingen, datasetWithUnemployed(HATTINGEN, 120, [32, 2]));
  const hattingen2 = await json(t.tokens.hattingen)(URL).set('If-None-Match', hattingen1.headers.etag as string).expect(200);
  expect(hattingen2.headers.etag).not.toBe(hattingen1.headers.etag);
});

test('gzip when accepted, the same bytes and ETag as plain', async () => {
  const plain = await json(t.tokens.leser)(URL).set('Accept-Encoding', 'identity').expect(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  const zipped = await json(t.tokens.leser)(URL).set('Accept-Encoding', 'gzip').expect(200);
  expect(zipped.headers['content-encoding']).toBe('gzip');
  expect(zipped.headers.etag).toBe(plain.headers.etag);
  expect(zipped.body).toEqual(plain.body);
});

/** Minimal CSV reader for the server's dialect (; separator, "…" quoting, CRLF). */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

test.each([
  ['leser', () => t.tokens.leser],
  ['kreis', () => t.tokens.kreis],
])('CSV (Accept: text/csv) for %s: the JSON rows, numbers digit for digit with decimal comma, "." for gesperrt', async (_role, token) => {
  const fromJson = (await json(token())(URL).expect(200)).body.rows as Record<string, unknown>[];
  const res = await json(token())(URL).set('Accept', 'text/csv').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
  expect(res.headers.vary).toMatch(/Accept/);
  const [header, ...lines] = parseCsv(res.text);
  expect(header).toEqual(['area', 'indicator', 'period', 'value', 'numerator', 'denominator', 'status', 'reason', 'geheimhaltung', 'amtlich']);
  expect(lines).toHaveLength(fromJson.length);
  let dots = 0;
  let decimals = 0;
  lines.forEach((line, i) => {
    const j = fromJson[i]!;
    expect([line[0], line[1], line[2], line[6]]).toEqual([j.area, j.indicator, j.period, j.status]);
    for (const [k, col] of [['value', 3], ['numerator', 4], ['denominator', 5]] as const) {
      const cell = line[col]!;
      if (j.status === 'gesperrt') {
        expect(cell).toBe('.');
        dots++;
      } else if (j[k] === null || j[k] === undefined) expect(cell).toBe('');
      else {
        expect(cell).not.toContain('.');
        expect(Number(cell.replace(',', '.'))).toBe(j[k]);
        if (cell.includes(',')) decimals++;
      }
    }
    expect(line[7]).toBe((j.reason as string | undefined) ?? '');
  });
  // the fixture has suppressed small counts for readers, and values with decimals
  if (_role === 'leser') expect(dots).toBeGreaterThan(0);
  expect(decimals).toBeGreaterThan(0);
  // the CSV has its own ETag, and 304 too
  await json(token())(URL).set('Accept', 'text/csv').set('If-None-Match', res.headers.etag as string).expect(304);
});

test('an unknown format is refused with 406 in German', async () => {
  const res = await json(t.tokens.leser)(URL).set('Accept', 'application/xml').expect(406);
  expect(res.body.message).toMatch(/JSON .* CSV/);
});
