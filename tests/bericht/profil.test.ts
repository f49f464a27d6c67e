/**
 * Area profiles (/bericht/gebiet/<code>) and the Status × Dynamik matrix (/bericht/sozialindex-matrix),
 * issue 16, on the demo Kreis (2019 and 2024 released): a reader's profile shows "." exactly where the
 * published view suppresses (whatever the reason) and never the raw value; every Kennzahl with Stadt
 * and Kreis; the change over five years; the matrix counts what the list of Gemeindeteile says; bad
 * codes, levels and parameters are refused in words; the profile PDF carries the same numbers.
 * No browser here (the page is server-rendered); the a11y test looks at it in Chromium.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { statusDynamikMatrix, dynamikStufeOf } from '../../shared/sozialindex';
import type { IndexRow } from '../../shared/sozialindex';
import { nachkommastellenOf, zahl } from '../../shared/format/zahlen';
import type { Catalogue, Role } from '../../shared';
import { createApp } from '../../sync-server/app';
import { DomainState } from '../../sync-server/domain';
import { PublishedIndicatorRow, publishedIndicators } from '../../sync-server/publication';
import { vergleichsjahrOf } from '../../sync-server/bericht-pdf/profil';
import { DemoServer, demoServer } from '../server/helpers';
import { screenshotDir } from '../helpers/browser';

jest.setTimeout(300000);

const PERIOD = '2024';
const LESER: Role = { rolle: 'leser' };
const KREIS_ROLE: Role = { rolle: 'kreis' };
let demo: DemoServer;
let state: DomainState;
let catalogue: Catalogue;
let gts: { code: string; name: string; parent: string | null }[];

const DRUCK = { herausgeber: 'Test', kontakt: 'test@example.org', chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' };

beforeAll(async () => {
  demo = await demoServer(['2019', '2024'], 'profil');
  demo.app = createApp(demo.storage, { log: () => undefined, druck: DRUCK });
  state = new DomainState(demo.storage);
  catalogue = (await state.catalogue())!;
  gts = (await state.areas()).areas.filter((a) => a.ebene === 'gemeindeteil').sort((a, b) => a.code.localeCompare(b.code));
});
afterAll(async () => {
  await demo?.close();
});

/** The cells of the profile's Kennzahl rows: Kennzahl id -> column -> text. */
function cellsOf(html: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const m of html.matchAll(/<tr data-kennzahl="([^"]+)">(.*?)<\/tr>/g)) {
    const cells: Record<string, string> = {};
    for (const c of m[2]!.matchAll(/<td class="zahl" data-spalte="([a-z]+)">([^<]*)<\/td>/g)) cells[c[1]!] = c[2]!;
    out.set(m[1]!, cells);
  }
  return out;
}

const byId = (rows: PublishedIndicatorRow[]) => new Map(rows.map((r) => [r.indicator, r]));

/** What a cell must read given the published row. */
const expected = (r: PublishedIndicatorRow | undefined, dec: number) => (r?.status === 'gesperrt' ? '.' : typeof r?.value === 'number' ? zahl(r.value, dec) : '–');

describe('a reader\'s profile of a Gemeindeteil', () => {
  let gt: { code: string; name: string; parent: string | null };
  let html: string;
  let pub: { gebiet: Map<string, PublishedIndicatorRow>; stadt: Map<string, PublishedIndicatorRow>; kreis: Map<string, PublishedIndicatorRow>; vorher: Map<string, PublishedIndicatorRow> };
  beforeAll(async () => {
    // the Gemeindeteil with the most suppressed Kennzahlen in 2024, so that "." is really tested
    const all = await publishedIndicators(state, { period: PERIOD, role: LESER, areas: gts.map((g) => g.code) });
    const count = (c: string) => all.filter((r) => r.area === c && r.status === 'gesperrt').length;
    gt = [...gts].sort((a, b) => count(b.code) - count(a.code))[0]!;
    expect(count(gt.code)).toBeGreaterThan(0);
    const res = await request(demo.app).get(`/bericht/gebiet/${gt.code}?period=${PERIOD}`).expect(200);
    expect(res.type).toBe('text/html');
    html = res.text;
    const one = async (period: string, area: string) => byId(await publishedIndicators(state, { period, role: LESER, areas: [area] }));
    pub = { gebiet: await one(PERIOD, gt.code), stadt: await one(PERIOD, gt.parent!), kreis: await one(PERIOD, '05954'), vorher: await one('2019', gt.code) };
  });

  test('every Kennzahl of the catalogue, by name, with the area, its Stadt, the Kreis, 2019 and the change', () => {
    const cells = cellsOf(html);
    expect([...cells.keys()].sort()).toEqual([...catalogue.kennzahlen.keys()].sort());
    for (const k of catalogue.kennzahlen.values()) expect(html).toContain(`<th scope="row">${k.name.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</th>`);
    for (const c of cells.values()) expect(Object.keys(c)).toEqual(['gebiet', 'stadt', 'kreis', 'vorher', 'veraenderung']);
    expect(html).toContain('Veränderung seit 2019');
    expect(html).toContain(gt.name);
  });

  test('"." exactly where the published view suppresses, the published number elsewhere, never another sign for a suppressed cell', () => {
    const cells = cellsOf(html);
    let dots = 0;
    for (const k of catalogue.kennzahlen.values()) {
      const dec = nachkommastellenOf(k);
      const c = cells.get(k.id)!;
      const want = { gebiet: expected(pub.gebiet.get(k.id), dec), stadt: expected(pub.stadt.get(k.id), dec), kreis: expected(pub.kreis.get(k.id), dec), vorher: expected(pub.vorher.get(k.id), dec) };
      expect([k.id, { gebiet: c.gebiet, stadt: c.stadt, kreis: c.kreis, vorher: c.vorher }]).toEqual([k.id, want]);
      const now = pub.gebiet.get(k.id);
      const before = pub.vorher.get(k.id);
      if (now?.status === 'gesperrt' || before?.status === 'gesperrt') expect([k.id, c.veraenderung]).toEqual([k.id, '.']);
      else expect([k.id, c.veraenderung]).not.toEqual([k.id, '.']);
      if (typeof now?.value === 'number' && typeof before?.value === 'number') {
        const diff = now.value - before.value;
        expect(c.veraenderung!.replace(/^\+/, '')).toBe(zahl(diff, dec));
        if (c.veraenderung!.startsWith('+')) expect(diff).toBeGreaterThan(0);
      }
      dots += Object.values(c).filter((v) => v === '.').length;
    }
    expect(dots).toBeGreaterThan(0);
  });

  test('never a raw value: the suppressed cells of the area do not carry the number the Kreis sees, and a token changes nothing', async () => {
    const raw = byId(await publishedIndicators(state, { period: PERIOD, role: KREIS_ROLE, areas: [gt.code] }));
    const cells = cellsOf(html);
    let checked = 0;
    for (const [id, r] of pub.gebiet) {
      if (r.status !== 'gesperrt') continue;
      const v = raw.get(id)!.value;
      expect(raw.get(id)!.status).not.toBe('gesperrt');
      if (typeof v !== 'number') continue;
      const dec = nachkommastellenOf(catalogue.kennzahlen.get(id)!);
      expect([id, Object.values(cells.get(id)!)]).not.toEqual([id, expect.arrayContaining([zahl(v, dec)])]);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    // the profile is public: the Kreis's token does not open anything
    const asKreis = await request(demo.app).get(`/bericht/gebiet/${gt.code}?period=${PERIOD}`).set(demo.auth('kreis')).expect(200);
    expect(asKreis.text).toBe(html);
  });

  test('its Sozialindex class: Status, Dynamik and the combined class as the matrix page has it', async () => {
    const m = await request(demo.app).get(`/bericht/sozialindex-matrix?period=${PERIOD}`).expect(200);
    const row = new RegExp(`<tr data-gebiet="${gt.code}">(.*?)</tr>`).exec(m.text)![1]!;
    const kombi = /(\d\/\d)<\/td>$/.exec(row)?.[1];
    const shown = /<dd data-si="kombiniert">(.*?)<\/dd>/.exec(html)![1]!;
    if (kombi) expect(shown).toContain(kombi);
    else expect(shown).toBe('–');
    expect(html).toMatch(/<dd data-si="status">(\d (hoch|mittel|niedrig|sehr niedrig) \(Index -?[\d,]+\)|nicht eingestuft.*)<\/dd>/);
    // the locator map
    expect(html).toMatch(/<svg class="karte"[^>]*role="img" aria-label="Lagekarte: /);
  });
});

test('a Stadt\'s profile: Stadt beside Kreis (no Stadt column twice), its Gemeindeteile linked, their matrix', async () => {
  const stadt = gts[0]!.parent!;
  const res = await request(demo.app).get(`/bericht/gebiet/${stadt}`).expect(200);
  const cells = cellsOf(res.text);
  expect(cells.size).toBe(catalogue.kennzahlen.size);
  for (const c of cells.values()) expect(Object.keys(c)).toEqual(['gebiet', 'kreis', 'vorher', 'veraenderung']);
  const own = gts.filter((g) => g.parent === stadt);
  for (const g of own) expect(res.text).toContain(`<a href="${g.code}?period=${PERIOD}">`);
  const counts = [...res.text.matchAll(/data-zelle="\d\/\d"[^>]*>(\d+)</g)].map((x) => Number(x[1]));
  const rest = /(\d+) mit Status, aber ohne Dynamik .*?; (\d+) nicht eingestuft/.exec(res.text)!;
  expect(counts.reduce((a, b) => a + b, 0) + Number(rest[1]) + Number(rest[2])).toBe(own.length);
});

test('the matrix page: counts per cell are the Gemeindeteile of the list with that class; Kennzahlen by name', async () => {
  const res = await request(demo.app).get(`/bericht/sozialindex-matrix?period=${PERIOD}`).expect(200);
  const cells = new Map([...res.text.matchAll(/data-zelle="(\d\/\d)"[^>]*>(\d+)</g)].map((x) => [x[1]!, Number(x[2])]));
  expect(cells.size).toBe(12);
  const rows = [...res.text.matchAll(/<tr data-gebiet="[^"]+">(.*?)<\/tr>/g)].map((x) => /(\d\/\d)<\/td>$/.exec(x[1]!)?.[1] ?? null);
  expect(rows).toHaveLength(gts.length);
  for (const [cell, n] of cells) expect([cell, n]).toEqual([cell, rows.filter((r) => r === cell).length]);
  // the demo's two years give a Dynamik: some areas are in the matrix
  expect([...cells.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(gts.length / 2);
  expect(res.text).toContain('Dynamik: Veränderung seit 2019.');
  for (const id of ['arbeitslosendichte', 'sgb2_quote']) expect(res.text).toContain(`${catalogue.kennzahlen.get(id)!.name} <span class="klein">(${id})</span>`);
  expect(res.text).toMatch(/<svg class="karte"[^>]*aria-label="Karte: kombinierte Klasse/);
});

test('bad codes, levels and parameters are refused in words', async () => {
  const block = (await state.areas()).areas.find((a) => a.ebene === 'baublock')!;
  const cases: [string, number, RegExp][] = [
    ['/bericht/gebiet/99999999', 404, /Das Gebiet „99999999“ gibt es in der Gebietsgliederung nicht/],
    [`/bericht/gebiet/${block.code}`, 404, /gibt es kein Gebietsprofil; Profile gibt es je Stadt und Gemeindeteil/],
    ['/bericht/gebiet/05954', 404, /Ebene Kreis\) gibt es kein Gebietsprofil/],
    [`/bericht/gebiet/${gts[0]!.code}?period=2020`, 400, /Für das Jahr „2020“ liegen keine freigegebenen Daten vor; vorhanden: 2019, 2024/],
    [`/bericht/gebiet/${gts[0]!.code}?jahr=2024`, 400, /jahr.*erlaubt: period/],
    [`/bericht/gebiet/${gts[0]!.code}.xlsx`, 404, /gibt es in der Gebietsgliederung nicht/],
    ['/bericht/sozialindex-matrix?period=zwanzig', 400, /„zwanzig“/],
    ['/bericht/gebiet?period=2024&period=2019', 400, /nur einmal/],
  ];
  for (const [url, status, msg] of cases) {
    const res = await request(demo.app).get(url);
    expect([url, res.status]).toEqual([url, status]);
    expect([url, res.text]).toEqual([url, expect.stringMatching(msg)]);
  }
});

test('the list of profiles links every Stadt and Gemeindeteil', async () => {
  const res = await request(demo.app).get('/bericht/gebiet').expect(200);
  for (const g of gts) expect(res.text).toContain(`href="gebiet/${g.code}?period=${PERIOD}"`);
});

test('every Gemeindeteil has its profile: its name and every Kennzahl by name (one is also checked by axe in Chromium)', async () => {
  const names = [...catalogue.kennzahlen.values()].map((k) => k.name.replace(/&/g, '&amp;'));
  for (const g of gts) {
    const res = await request(demo.app).get(`/bericht/gebiet/${g.code}?period=${PERIOD}`).expect(200);
    expect(res.text).toContain(g.name);
    expect(names.filter((n) => !res.text.includes(n))).toEqual([]);
  }
});

test('comparison year: five years back if released, else the earliest released year before, else none', () => {
  expect(vergleichsjahrOf('2024', ['2019', '2020', '2024'])).toBe('2019');
  expect(vergleichsjahrOf('2024', ['2021', '2023', '2024'])).toBe('2021');
  expect(vergleichsjahrOf('2024', ['2017', '2024'])).toBeNull();
  expect(vergleichsjahrOf('2024', ['2024'])).toBeNull();
});

test('matrix: Dynamik classes at −1 and +0,5 SD (as the report\'s Dynamik), cells counted, unclassified areas kept apart', () => {
  expect([-1.01, -1, 0, 0.5, 0.51, 1.01].map(dynamikStufeOf)).toEqual([1, 2, 2, 2, 3, 3]);
  const row = (area: string, index: number | null, klasse: IndexRow['klasse']): IndexRow => ({ area, index, klasse, z: {} });
  const status = [row('a', 1.2, 'sehr niedrig'), row('b', -1.5, 'hoch'), row('c', 0.7, 'niedrig'), row('d', null, null), row('e', 0, 'mittel')];
  const dynamik = [row('a', 1.5, null), row('b', -2, null), row('c', 0.2, null), row('d', 0, null), row('e', null, null)];
  const m = statusDynamikMatrix(['a', 'b', 'c', 'd', 'e'], status, dynamik);
  expect(m.zellen).toEqual([[1, 0, 0], [0, 0, 0], [0, 1, 0], [0, 0, 1]]);
  expect([m.nurStatus, m.ohneStatus]).toEqual([1, 1]);
  expect(m.zeilen.map((z) => z.kombiniert)).toEqual(['4/3', '1/1', '3/2', null, null]);
  expect(statusDynamikMatrix(['a'], status, null).nurStatus).toBe(1);
});

test('the profile as PDF: same numbers and names, from the cache the second time', async () => {
  const gt = gts[0]!;
  const bin = (r: request.Response, cb: (e: Error | null, b: Buffer) => void) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const res = await request(demo.app).get(`/bericht/gebiet/${gt.code}.pdf?period=${PERIOD}`).buffer(true).parse(bin).expect(200);
  expect([res.type, res.headers['x-bericht-cache']]).toEqual(['application/pdf', 'miss']);
  const text = execFileSync('pdftotext', ['-', '-'], { input: res.body as Buffer, encoding: 'utf8' });
  // pictures of the first two pages for people (pdftoppm, poppler-utils like pdftotext)
  try {
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '2', '-', join(screenshotDir('profil'), 'gebietsprofil-pdf')], { input: res.body as Buffer });
  } catch {
    // without pdftoppm no picture
  }
  expect(text).toContain(gt.name);
  expect(text).toContain('Gemeinsamer Sozialbericht 2024');
  // every word of every Kennzahl's name (pdftotext reads a name that wraps in its cell interleaved with the
  // unit beside it, and a long word may be split at the cell's edge: two neighbouring pieces count as one word)
  const tokens = text.split(/\s+/);
  const words = new Set([...tokens, ...tokens.slice(1).map((t, i) => tokens[i]!.replace(/[-\u00ad]$/, '') + t)]);
  for (const k of catalogue.kennzahlen.values()) expect([k.name, k.name.split(/\s+/).filter((w) => !words.has(w))]).toEqual([k.name, []]);
  expect(text).not.toContain('Als PDF');
  const again = await request(demo.app).get(`/bericht/gebiet/${gt.code}.pdf?period=${PERIOD}`).buffer(true).parse(bin).expect(200);
  expect(again.headers['x-bericht-cache']).toBe('hit');
});
