/**
 * Role × route confidentiality (issue 13): no answer of any route, of any kind (200 reads, 4xx, 403,
 * 409, 422 and 201 on POST /api/submissions, history, status, releases, report data, xlsx and csv exports), carries a
 * value of an area outside the caller's raw scope unless it is the published value.
 *
 * Method: canaries. The Kreis submits distinctive numbers for Hattingen (Stadt and Gemeindeteil)
 * and the Kreis level, checked beforehand to occur in no answer at all, as rows of an additive
 * Merkmal above areas whose parts are all known: the published count is then the sum of the parts,
 * so the stored canary is raw and never published. (A huge `schwelleJeMerkmal` would suppress them
 * too, but suppressing a whole Merkmal made the pattern of the demo Kreis take over ten minutes.) Every role × route answer is scanned for them (digits and German format with thousands dot);
 * the Kreis, and Hattingen for its own, must see them (so the scan can fail). Besides, every JSON
 * object naming an area outside the raw scope with a value must equal what the `leser` is served.
 *
 * The route table must cover every documented /api path and method and every /bericht route: a new
 * route fails this test until it is added here.
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { AreaTree, parseAreaExchange } from '../../shared';
import type { Express } from 'express';
import { OPENAPI_FILE, createApp } from '../../sync-server/app';
import { seesRaw } from '../../sync-server/publication';
import type { Role } from '../../shared';
import { DemoServer, Layer, demoServer, registeredRoutes } from './helpers';

jest.setTimeout(600000);

const KREIS = '05954';
const WITTEN = '05954036';
const HATTINGEN = '05954016';
const PERIOD = '2024';
const YEARS = ['2024'];

type RoleName = 'none' | 'leser' | 'witten' | 'hattingen' | 'kreis';
const ROLES: Record<RoleName, { role: Role; label?: string }> = {
  none: { role: { rolle: 'leser' } },
  leser: { role: { rolle: 'leser' }, label: 'leser' },
  witten: { role: { rolle: 'kommune', ags: WITTEN }, label: `kommune:${WITTEN}` },
  hattingen: { role: { rolle: 'kommune', ags: HATTINGEN }, label: `kommune:${HATTINGEN}` },
  kreis: { role: { rolle: 'kreis' }, label: 'kreis' },
};

interface Probe {
  label: string;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** expected status per role, where it matters that the probe really reaches its answer kind */
  expect?: Partial<Record<RoleName, number>>;
}

interface Canary {
  value: number;
  /** the area whose raw value it is (who sees that area raw may see it) */
  area: string;
  what: string;
}

let demo: DemoServer;
/** the demo server's app, with the limiter of failed logins out of the way of the token-less probes */
let app: Express;
let tree: AreaTree;
/** Hattingen cells that get canaries, and a Witten cell the canary submission also touches */
let hBlocks: string[];
let wBlock: string;
let wBlock2: string;
/** the Witten cell's stored sterbefaelle: a 201 that changes nothing */
let wSterbe: number;
let canaries: Canary[] = [];

const auth = (who: RoleName): Record<string, string> => (ROLES[who].label ? demo.auth(ROLES[who].label!) : {});

/** digits, or German-formatted with thousands dots; not part of a longer number, code or hash */
function pattern(n: number): RegExp {
  const de = n.toLocaleString('de-DE');
  const alt = [String(n), de].map((s) => s.replace(/\./g, '\\.')).join('|');
  return new RegExp(`(?<![0-9A-Za-z.,])(?:${alt})(?![0-9A-Za-z])`);
}

async function send(p: Probe, who: RoleName): Promise<{ status: number; text: string; json?: unknown }> {
  let req = p.method === 'GET' ? request(app).get(p.url) : p.method === 'POST' ? request(app).post(p.url) : request(app).put(p.url);
  req = req.set(auth(who)).set(p.headers ?? {});
  if (p.url.includes('.xlsx') || p.url.includes('.pdf')) {
    const res = await req.buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    if (res.status !== 200) return { status: res.status, text: (res.body as Buffer).toString('utf8') };
    return { status: res.status, text: p.url.includes('.pdf') ? pdfText(res.body as Buffer) : await xlsxText(res.body as Buffer) };
  }
  const res = p.body !== undefined ? await req.send(p.body as object) : await req;
  return { status: res.status, text: res.text, json: res.type === 'application/json' ? res.body : undefined };
}

/** every cell of every sheet as text */
async function xlsxText(buf: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => out.push(String(cell.text)))));
  expect(out.length).toBeGreaterThan(10);
  return out.join('\n');
}

/** the text of a PDF, as pdftotext (poppler-utils, installed by scripts/system-deps.sh) reads it */
function pdfText(buf: Buffer): string {
  const text = execFileSync('pdftotext', ['-', '-'], { input: buf, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(text).toContain('Gemeinsamer Sozialbericht');
  return text;
}

/** The probes of each route (method + path as documented / registered). */
function routeTable(): Record<string, Probe[]> {
  const hGt = tree.get(hBlocks[0]!)!.parent!;
  const canaryAreas = [...new Set([...hBlocks, hGt, HATTINGEN, KREIS, wBlock])].join(',');
  const hSubtree = tree.subtree(HATTINGEN).join(',');
  const post = (label: string, body: unknown, expect?: Probe['expect'], headers?: Record<string, string>): Probe => ({ label, method: 'POST', url: '/api/submissions', body, expect, headers });
  return {
    'GET /api/health': [{ label: 'health', method: 'GET', url: '/api/health' }],
    'GET /api/openapi.json': [{ label: 'openapi', method: 'GET', url: '/api/openapi.json' }],
    'GET /api/catalogue': [
      { label: 'catalogue', method: 'GET', url: '/api/catalogue' },
      { label: 'catalogue unknown version', method: 'GET', url: '/api/catalogue?version=0.0', expect: { kreis: 404, witten: 404 } },
    ],
    'PUT /api/catalogue': [{ label: 'catalogue put invalid', method: 'PUT', url: '/api/catalogue', body: { version: 'x' }, expect: { kreis: 422, witten: 403 } }],
    'GET /api/areas': [
      { label: 'areas stadt', method: 'GET', url: '/api/areas?ebene=stadt' },
      { label: 'areas baublock of a Hattingen Gemeindeteil', method: 'GET', url: `/api/areas?parent=${hGt}` },
      { label: 'areas bad parent', method: 'GET', url: '/api/areas?parent=nirgends', expect: { witten: 400 } },
    ],
    'PUT /api/areas': [{ label: 'areas put invalid', method: 'PUT', url: '/api/areas', body: { type: 'FeatureCollection', features: [] }, expect: { kreis: 422, witten: 403 } }],
    'POST /api/submissions': [
      // rows naming the canary cells of another Stadt, on a stale base: 403 for a Kommune (409 for the Kreis)
      post('foreign canary cells, baseRevision 0', { period: PERIOD, baseRevision: 0, rows: [{ area: hGt, variable: 'sterbefaelle', value: 1 }, { area: HATTINGEN, variable: 'sterbefaelle', value: 1 }, { area: KREIS, variable: 'sterbefaelle', value: 1 }, { area: wBlock, variable: 'zuzuege', value: 1 }] }, { witten: 403, hattingen: 403, kreis: 422, leser: 403 }),
      post('own cell, baseRevision 0', { period: PERIOD, baseRevision: 0, rows: [{ area: wBlock, variable: 'zuzuege', value: 1 }] }, { witten: 409, hattingen: 403, kreis: 409 }),
      post('own Hattingen canary cell, baseRevision 0', { period: PERIOD, baseRevision: 0, rows: [{ area: HATTINGEN, variable: 'sterbefaelle', value: 13_579 }] }, { hattingen: 409, witten: 403, kreis: 409 }),
      post('own invalid cell, baseRevision 0', { period: PERIOD, baseRevision: 0, rows: [{ area: wBlock, variable: 'sterbefaelle', value: -1 }] }, { witten: 422, kreis: 422 }),
      // a Stadt sum pushed over the Kreis's raw canary total: a finding must not quote it
      post('sum over the Kreis total', { period: PERIOD, rows: [{ area: wBlock, variable: 'sterbefaelle', value: 19_999 }, { area: wBlock2, variable: 'geburten', value: -1 }] }, { witten: 422 }),
      // accepted (same value again): its warnings are checked against what Witten may see
      post('own cell, same value', { period: PERIOD, rows: [{ area: wBlock, variable: 'sterbefaelle', value: wSterbe }] }, { witten: 201, hattingen: 403, kreis: 201 }),
      post('not JSON', 'kein json', { witten: 400, none: 400 }, { 'Content-Type': 'application/json' }),
      post('bad baseRevision', { period: PERIOD, baseRevision: 'alt', rows: [] }, { witten: 422 }),
    ],
    'GET /api/submissions': [
      { label: 'history', method: 'GET', url: `/api/submissions?period=${PERIOD}`, expect: { witten: 200, hattingen: 200, kreis: 200 } },
      { label: 'history all periods', method: 'GET', url: '/api/submissions?limit=1000' },
      { label: 'history of a Hattingen canary cell', method: 'GET', url: `/api/submissions?area=${HATTINGEN}`, expect: { witten: 403, hattingen: 200, kreis: 200 } },
      { label: 'history of a Hattingen Gemeindeteil', method: 'GET', url: `/api/submissions?area=${hGt}&period=${PERIOD}` },
      { label: 'history of the Witten cell', method: 'GET', url: `/api/submissions?area=${wBlock}`, expect: { witten: 200 } },
      { label: 'history bad limit', method: 'GET', url: '/api/submissions?limit=0' },
    ],
    'GET /api/values': [
      { label: 'values', method: 'GET', url: `/api/values?period=${PERIOD}`, expect: { witten: 200, leser: 200 } },
      { label: 'values of the canary areas', method: 'GET', url: `/api/values?period=${PERIOD}&areas=${canaryAreas}` },
      { label: 'values of Hattingen, canary Merkmale', method: 'GET', url: `/api/values?period=${PERIOD}&variables=sterbefaelle,zuzuege&areas=${KREIS},${HATTINGEN},${hSubtree}` },
      { label: 'values bad area', method: 'GET', url: `/api/values?period=${PERIOD}&areas=${hBlocks[0]},nirgends`, expect: { witten: 400 } },
      // unter= (http/gebiete.ts): the canary areas as everything under Hattingen, and a level of it
      { label: 'values unter Hattingen', method: 'GET', url: `/api/values?period=${PERIOD}&unter=${HATTINGEN}`, expect: { witten: 200, leser: 200 } },
      { label: 'values unter the Kreis, Gemeindeteile', method: 'GET', url: `/api/values?period=${PERIOD}&variables=sterbefaelle&unter=${KREIS}&ebene=gemeindeteil`, expect: { witten: 200 } },
      { label: 'values unter unknown', method: 'GET', url: `/api/values?period=${PERIOD}&unter=05999`, expect: { witten: 400, kreis: 400 } },
      { label: 'values bad period', method: 'GET', url: '/api/values?period=zwanzig', expect: { witten: 400 } },
    ],
    'GET /api/indicators': [
      { label: 'indicators', method: 'GET', url: `/api/indicators?period=${PERIOD}` },
      { label: 'indicators baublock', method: 'GET', url: `/api/indicators?period=${PERIOD}&ebene=baublock&ids=natuerlicher_saldo,wanderungssaldo` },
      { label: 'indicators canary areas', method: 'GET', url: `/api/indicators?period=${PERIOD}&areas=${canaryAreas}` },
      { label: 'indicators unter Hattingen', method: 'GET', url: `/api/indicators?period=${PERIOD}&unter=${HATTINGEN}`, expect: { witten: 200, leser: 200 } },
      { label: 'indicators unter a Hattingen Gemeindeteil, Baublöcke', method: 'GET', url: `/api/indicators?period=${PERIOD}&unter=${hGt}&ebene=baublock&ids=natuerlicher_saldo,wanderungssaldo` },
      { label: 'indicators unter with areas', method: 'GET', url: `/api/indicators?period=${PERIOD}&unter=${HATTINGEN}&areas=${HATTINGEN}`, expect: { witten: 400 } },
      { label: 'indicators bad id', method: 'GET', url: '/api/indicators?ids=sterbefaelle', expect: { witten: 400 } },
    ],
    'GET /api/status': [
      { label: 'status', method: 'GET', url: `/api/status?period=${PERIOD}`, expect: { witten: 200, leser: 403 } },
      { label: 'status bad period', method: 'GET', url: '/api/status?period=x' },
    ],
    'GET /api/freigaben': [
      { label: 'freigaben', method: 'GET', url: `/api/freigaben?period=${PERIOD}`, expect: { kreis: 200, witten: 200, hattingen: 200, leser: 403 } },
      { label: 'freigaben bad period', method: 'GET', url: '/api/freigaben?period=zwanzig', expect: { kreis: 400, witten: 400 } },
    ],
    'POST /api/freigaben': [
      { label: 'freigabe invalid', method: 'POST', url: '/api/freigaben', body: { period: 'zwanzig' }, expect: { kreis: 400, witten: 403, leser: 403 } },
      { label: 'freigabe unknown Stadt', method: 'POST', url: '/api/freigaben', body: { period: PERIOD, stadt: '05954999' }, expect: { kreis: 422, witten: 403 } },
      // a real release of Witten (its canary row repeats the stored value: the published state stays)
      { label: 'freigabe Witten', method: 'POST', url: '/api/freigaben', body: { period: PERIOD, stadt: WITTEN }, expect: { witten: 403, leser: 403 } },
    ],
    'GET /api/whoami': [{ label: 'whoami', method: 'GET', url: '/api/whoami' }],
    'GET /api/sozialindex/settings': [{ label: 'sozialindex settings', method: 'GET', url: '/api/sozialindex/settings' }],
    'PUT /api/sozialindex/settings': [{ label: 'sozialindex put invalid', method: 'PUT', url: '/api/sozialindex/settings', body: { indikatoren: [] }, expect: { kreis: 422, witten: 403 } }],
    'GET /api/sozialindex/settings/versions': [{ label: 'sozialindex versions', method: 'GET', url: '/api/sozialindex/settings/versions' }],
    'GET /': [{ label: 'startseite', method: 'GET', url: '/', expect: { none: 200 } }],
    'GET /bericht/daten/meta': [{ label: 'bericht meta', method: 'GET', url: '/bericht/daten/meta' }],
    'GET /bericht/daten/gebiete': [
      { label: 'bericht gebiete', method: 'GET', url: '/bericht/daten/gebiete' },
      { label: 'bericht gebiete Hattingen blocks', method: 'GET', url: `/bericht/daten/gebiete?ebene=baublock&stadt=${HATTINGEN}` },
      { label: 'bericht gebiete bad stadt', method: 'GET', url: `/bericht/daten/gebiete?ebene=baublock&stadt=${KREIS}`, expect: { none: 400 } },
    ],
    'GET /bericht/daten/kennzahl/:id': [
      ...['natuerlicher_saldo', 'wanderungssaldo'].map((id): Probe => ({ label: `bericht kennzahl ${id}`, method: 'GET', url: `/bericht/daten/kennzahl/${id}`, expect: { none: 200 } })),
      { label: 'bericht kennzahl Hattingen blocks', method: 'GET', url: `/bericht/daten/kennzahl/natuerlicher_saldo?ebene=baublock&stadt=${HATTINGEN}&period=${PERIOD}` },
      { label: 'bericht kennzahl unknown', method: 'GET', url: '/bericht/daten/kennzahl/sterbefaelle', expect: { none: 404 } },
    ],
    'GET /bericht/daten/altersaufbau': YEARS.map((p) => ({ label: `bericht altersaufbau ${p}`, method: 'GET' as const, url: `/bericht/daten/altersaufbau?period=${p}` })),
    'GET /bericht/daten/sozialindex': [
      { label: 'bericht sozialindex', method: 'GET', url: `/bericht/daten/sozialindex?period=${PERIOD}` },
      { label: 'bericht sozialindex with canary Kennzahlen', method: 'GET', url: `/bericht/daten/sozialindex?period=${PERIOD}&indikatoren=natuerlicher_saldo:1:1,wanderungssaldo:-1:1` },
    ],
    'GET /bericht/export/:file': [
      ...['natuerlicher_saldo', 'wanderungssaldo'].map((id): Probe => ({ label: `xlsx ${id}`, method: 'GET', url: `/bericht/export/${id}.xlsx?period=${PERIOD}`, expect: { none: 200 } })),
      { label: 'xlsx unknown', method: 'GET', url: '/bericht/export/sterbefaelle.xlsx', expect: { none: 404 } },
    ],
    // the printed report: the same document for everyone (cached per released state), read back as text
    'GET /bericht/bericht.pdf': [
      { label: 'bericht pdf', method: 'GET', url: `/bericht/bericht.pdf?period=${PERIOD}`, expect: { none: 200, kreis: 200 } },
      { label: 'bericht pdf unknown parameter', method: 'GET', url: `/bericht/bericht.pdf?jahr=${PERIOD}`, expect: { none: 400 } },
    ],
    'GET /bericht/druck': [{ label: 'bericht druck', method: 'GET', url: `/bericht/druck?period=${PERIOD}`, expect: { none: 200, hattingen: 200 } }],
    // area profiles and the Sozialindex matrix: public, the leser's view for everyone (natuerlicher_saldo of the canary areas)
    'GET /bericht/gebiet': [{ label: 'gebiet list', method: 'GET', url: `/bericht/gebiet?period=${PERIOD}`, expect: { none: 200 } }],
    'GET /bericht/gebiet/:datei': [
      { label: 'profile Hattingen Gemeindeteil', method: 'GET', url: `/bericht/gebiet/${hGt}?period=${PERIOD}`, expect: { none: 200, hattingen: 200, kreis: 200 } },
      { label: 'profile Hattingen', method: 'GET', url: `/bericht/gebiet/${HATTINGEN}`, expect: { none: 200, hattingen: 200, kreis: 200 } },
      { label: 'profile pdf Hattingen Gemeindeteil', method: 'GET', url: `/bericht/gebiet/${hGt}.pdf?period=${PERIOD}`, expect: { none: 200, kreis: 200 } },
      { label: 'profile of a Baublock', method: 'GET', url: `/bericht/gebiet/${hBlocks[0]}`, expect: { none: 404, kreis: 404 } },
      { label: 'profile unknown parameter', method: 'GET', url: `/bericht/gebiet/${hGt}?jahr=${PERIOD}`, expect: { none: 400 } },
    ],
    'GET /bericht/sozialindex-matrix': [{ label: 'sozialindex matrix', method: 'GET', url: `/bericht/sozialindex-matrix?period=${PERIOD}`, expect: { none: 200, kreis: 200 } }],
    // every Kennzahl and Merkmal (incl. sterbefaelle and the Zähler of natuerlicher_saldo) of Kreis, Städte, Gemeindeteile
    'GET /bericht/export.xlsx': [
      { label: 'full export xlsx', method: 'GET', url: `/bericht/export.xlsx?period=${PERIOD}`, expect: { none: 200, kreis: 200 } },
      { label: 'full export xlsx bad period', method: 'GET', url: '/bericht/export.xlsx?period=zwanzig', expect: { none: 400 } },
    ],
    'GET /bericht/export.csv': [
      { label: 'full export csv', method: 'GET', url: `/bericht/export.csv?von=${PERIOD}&bis=${PERIOD}`, expect: { none: 200, kreis: 200 } },
      { label: 'full export csv bad range', method: 'GET', url: '/bericht/export.csv?von=2030&bis=2020', expect: { none: 400 } },
    ],
  };
}

/** Published rows the `leser` is served, per period: the only values allowed outside the raw scope. */
interface Published {
  values: Map<string, number | null>;
  indicators: Map<string, { value: unknown; numerator: unknown; denominator: unknown }>;
}
const published = new Map<string, Published>();

async function loadPublished(): Promise<void> {
  for (const period of YEARS) {
    const v = await request(app).get(`/api/values?period=${period}`).set(auth('leser')).expect(200);
    const i = await request(app).get(`/api/indicators?period=${period}`).set(auth('leser')).expect(200);
    published.set(period, {
      values: new Map(v.body.rows.map((r: { area: string; variable: string; value: number | null }) => [`${r.area}|${r.variable}`, r.value])),
      indicators: new Map(i.body.rows.map((r: { area: string; indicator: string; value: unknown; numerator: unknown; denominator: unknown }) => [`${r.area}|${r.indicator}`, r])),
    });
  }
}

/**
 * Every object with area + variable + value, or area + indicator + value/numerator/denominator, of an
 * area the role does not see raw: must equal the leser's row of that cell (period from the nearest
 * enclosing object that names one).
 */
function structuralLeaks(json: unknown, role: Role, where: string): string[] {
  const out: string[] = [];
  const walk = (x: unknown, period: string): void => {
    if (Array.isArray(x)) return x.forEach((y) => walk(y, period));
    if (typeof x !== 'object' || x === null) return;
    const o = x as Record<string, unknown>;
    const p = typeof o.period === 'string' ? o.period : period;
    if (typeof o.area === 'string' && tree.has(o.area) && !seesRaw(role, tree, o.area)) {
      const pub = published.get(p);
      if (typeof o.variable === 'string' && 'value' in o) {
        const allowed = pub?.values.has(`${o.area}|${o.variable}`) ? pub.values.get(`${o.area}|${o.variable}`) : null;
        if (o.value !== allowed) out.push(`${where}: ${o.area} ${o.variable} ${p} = ${String(o.value)}, veröffentlicht ${String(allowed)}`);
      }
      if (typeof o.indicator === 'string') {
        const row = pub?.indicators.get(`${o.area}|${o.indicator}`);
        for (const f of ['value', 'numerator', 'denominator'] as const) {
          if (f in o && o[f] !== (row ? row[f] : null)) out.push(`${where}: ${o.area} ${o.indicator} ${p} ${f} = ${String(o[f])}, veröffentlicht ${String(row?.[f])}`);
        }
      }
    }
    for (const v of Object.values(o)) walk(v, p);
  };
  walk(json, PERIOD);
  return out;
}

interface Scan {
  texts: string[];
  statusOf: Map<string, number>;
  leaks: string[];
}

async function scan(who: RoleName, only?: (p: Probe) => boolean): Promise<Scan> {
  const role = ROLES[who].role;
  const result: Scan = { texts: [], statusOf: new Map(), leaks: [] };
  for (const [route, probes] of Object.entries(routeTable())) {
    for (const p of probes) {
      if (only && !only(p)) continue;
      const res = await send(p, who);
      const where = `${who} ${route} (${p.label}) → ${res.status}`;
      result.statusOf.set(p.label, res.status);
      result.texts.push(res.text);
      for (const c of canaries) {
        if (!seesRaw(role, tree, c.area) && pattern(c.value).test(res.text)) result.leaks.push(`${where}: ${c.what} ${c.value}`);
      }
      if (res.json !== undefined) result.leaks.push(...structuralLeaks(res.json, role, where));
    }
  }
  return result;
}

/** the whole database's current values, raw, as the Kreis reads them */
async function rawValues(period: string): Promise<{ area: string; variable: string; value: number }[]> {
  return (await request(app).get(`/api/values?period=${period}`).set(auth('kreis')).expect(200)).body.rows;
}

beforeAll(async () => {
  demo = await demoServer(YEARS, 'vertraulich');
  app = createApp(demo.storage, { log: () => undefined, authFailureLimit: 1_000_000 });
  tree = AreaTree.build(parseAreaExchange((await request(app).get('/api/areas').set(auth('kreis')).expect(200)).body).areas);
  const blocksOf = (stadt: string) => tree.subtree(stadt).filter((c) => tree.get(c)!.ebene === 'baublock').sort();
  hBlocks = blocksOf(HATTINGEN).slice(0, 3);
  [wBlock, wBlock2] = blocksOf(WITTEN) as [string, string];
  const hGt = tree.get(hBlocks[0]!)!.parent!;

  // sterbefaelle has no catalogue relation and at most 20,000 per area; each canary must be at least
  // the sum below it (else the Kreis's own submission fails the hierarchy check).
  const before = await rawValues(PERIOD);
  wSterbe = before.find((r) => r.area === wBlock && r.variable === 'sterbefaelle')!.value;
  const blockSum = (area: string) => before.filter((r) => r.variable === 'sterbefaelle' && tree.get(r.area)?.ebene === 'baublock' && tree.subtree(area).includes(r.area)).reduce((sum, r) => sum + r.value, 0);
  const planned: Canary[] = [
    { value: 12_468, area: hGt, what: `sterbefaelle des Hattinger Gemeindeteils ${hGt}` },
    { value: 13_579, area: HATTINGEN, what: 'sterbefaelle der Stadt Hattingen' },
    { value: 19_436, area: KREIS, what: 'sterbefaelle des Kreises (Kreiszeile)' },
  ];
  expect(blockSum(hGt)).toBeLessThan(12_468);
  expect(12_468 + blockSum(HATTINGEN) - blockSum(hGt)).toBeLessThan(13_579);
  expect(13_579 + blockSum(KREIS) - blockSum(HATTINGEN)).toBeLessThan(19_436);
  // Verified unique: no answer to the Kreis (who sees everything) contains any of them yet.
  canaries = planned;
  const baseline = await scan('kreis');
  for (const c of planned) expect([c.what, baseline.texts.filter((t) => pattern(c.value).test(t)).length]).toEqual([c.what, 0]);

  const rows = [
    ...planned.map((c) => ({ area: c.area, variable: 'sterbefaelle', value: c.value })),
    // the submission also touches Witten (unchanged value), so it is in Witten's history and revisions
    { area: wBlock, variable: 'sterbefaelle', value: wSterbe },
  ];
  const res = await request(app).post('/api/submissions').set(auth('kreis')).set('Idempotency-Key', 'kanarienvogel').send({ period: PERIOD, rows });
  expect([res.status, res.body.errors ?? []]).toEqual([201, []]);
  await loadPublished();
});
afterAll(async () => {
  await demo?.close();
});

test('the route table covers every documented /api route and every /bericht route, and nothing else', () => {
  const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as { servers: { url: string }[]; paths: Record<string, Record<string, unknown>> };
  const base = doc.servers[0]!.url;
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${base}${path}`));
  const registered = registeredRoutes((app as unknown as { router: { stack: Layer[] } }).router.stack);
  const expected = [...new Set([...documented, ...registered])].sort();
  expect(Object.keys(routeTable()).sort()).toEqual(expected);
});

test('the canaries are raw only: the leser is served the sum of the parts instead', () => {
  const pub = published.get(PERIOD)!;
  for (const c of canaries) {
    expect(pub.values.has(`${c.area}|sterbefaelle`)).toBe(true);
    expect(pub.values.get(`${c.area}|sterbefaelle`)).not.toBe(c.value);
  }
});

describe.each(Object.keys(ROLES) as RoleName[])('as %s', (who) => {
  let result: Scan;
  beforeAll(async () => {
    result = await scan(who);
  });

  test('no answer of any route carries a value outside the raw scope other than the published one', () => {
    expect(result.leaks).toEqual([]);
  });

  test('the probes reach their answer kinds', () => {
    const wrong: string[] = [];
    for (const probes of Object.values(routeTable())) {
      for (const p of probes) {
        const want = p.expect?.[who] ?? (who === 'none' && p.url.startsWith('/api/') && !/^\/api\/(health|openapi)/.test(p.url) ? 401 : undefined);
        if (want !== undefined && result.statusOf.get(p.label) !== want) wrong.push(`${p.label}: ${result.statusOf.get(p.label)} statt ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('whoever sees a canary raw is shown it somewhere (so the scan can fail)', () => {
    const role = ROLES[who].role;
    const visible = canaries.filter((c) => seesRaw(role, tree, c.area));
    if (who === 'kreis') expect(visible).toHaveLength(canaries.length);
    if (who === 'hattingen') expect(visible).toHaveLength(2);
    for (const c of visible) expect([c.what, result.texts.some((t) => pattern(c.value).test(t))]).toEqual([c.what, true]);
  });
});

test('an Idempotency-Key used by the Kreis gets Witten its own answer, never the Kreis’s', async () => {
  const body = { period: PERIOD, rows: [{ area: wBlock, variable: 'sterbefaelle', value: wSterbe }] };
  const res = await request(app).post('/api/submissions').set(auth('witten')).set('Idempotency-Key', 'kanarienvogel').send(body).expect(201);
  expect(res.headers['idempotent-replayed']).toBeUndefined();
  expect(Object.keys(res.body.revisions)).toEqual([WITTEN]);
});
