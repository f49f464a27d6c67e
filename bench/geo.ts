/**
 * Benchmark of the small-area geography (`sozialmonitor geo`), on synthetic cities
 * (shared/geo/synthetisch.ts):
 *  - Baublöcke + Gemeindeteile for a city of about 100,000 inhabitants, noding included: target < 10 s;
 *  - address → Baublock for 150,000 addresses (a Kreis) and 2 million (a large city region), in
 *    process, next to two peers on the same data in the same run:
 *      PostGIS 3 (PostgreSQL 15): `ST_Contains` join with a GiST index (throw-away cluster started by
 *        scripts/bench-geo-peers.sh; loading and indexing not timed, only the join);
 *      GeoPandas `sjoin(predicate='within')` under /usr/bin/python3 (Debian python3-geopandas; its
 *        STRtree build is part of sjoin and timed);
 *    target: at least 5× PostGIS;
 *  - `geo zuordnen` end to end (HK-DE CSV in, CSV out, child process) for 2 million: target < 10 s.
 * A peer that cannot run is skipped with a message. BENCH_GEO_BIG=0 skips the 2-million part.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createBlockAssigner } from '../shared/geo/assign';
import { buildBloecke, Block } from '../shared/geo/bloecke';
import { buildGebiete } from '../shared/geo/gebiete';
import { Geos, GeosApi, multiPolygonWkt } from '../shared/geo/geos';
import { toAreaExchange } from '../shared/areas/exchange';
import { mulberry32, synthStadt, SynthStadt } from '../shared/geo/synthetisch';

const ROOT = join(__dirname, '..', '..');
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

async function loadGeos(): Promise<Geos> {
  const mod = (await import('geos-wasm')) as unknown as { default: () => Promise<GeosApi> };
  return new Geos(await mod.default());
}

const linienOf = (c: SynthStadt) => c.linien.map((l, i) => ({ feature: i + 1, art: l.art === 'strasse' ? l.klasse! : l.art, name: l.name, coords: l.coords }));

/** Random points in the city's bounding box (some fall outside: all engines must say so). */
function randomPoints(c: SynthStadt, n: number, seed: number): Float64Array {
  const rnd = mulberry32(seed);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of c.grenze[0]!) { minX = Math.min(minX, x!); maxX = Math.max(maxX, x!); minY = Math.min(minY, y!); maxY = Math.max(maxY, y!); }
  const p = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    p[2 * i] = Math.round((minX + rnd() * (maxX - minX)) * 100) / 100;
    p[2 * i + 1] = Math.round((minY + rnd() * (maxY - minY)) * 100) / 100;
  }
  return p;
}

async function writeLines(file: string, n: number, line: (i: number) => string, head?: string): Promise<void> {
  const out = createWriteStream(file);
  if (head) out.write(head + '\n');
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 20) { if (!out.write(buf)) await once(out, 'drain'); buf = ''; }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
}

/** wall time and, where measurable, CPU time of the timed part (on a shared machine both matter) */
interface Peer { ms: number; cpuMs?: number; assigned: number }

async function postgis(dir: string, blocksCsv: string, pointsCsvs: string[]): Promise<(Peer | string)[]> {
  const port = 54329 + (process.pid % 200);
  const pgdir = join(dir, 'pg');
  const start = spawnSync('bash', [join(ROOT, 'scripts/bench-geo-peers.sh'), 'start', pgdir, String(port)], { encoding: 'utf8' });
  if (start.status !== 0) return pointsCsvs.map(() => `PostGIS übersprungen: ${(start.stderr || start.error?.message || '').trim().split('\n').pop()}`);
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  try {
    await client.connect();
    await client.query('CREATE EXTENSION postgis');
    await client.query('CREATE TABLE b (code text, geom geometry(MultiPolygon, 25832))');
    await client.query(`CREATE TEMP TABLE bw (code text, wkt text); COPY bw FROM '${blocksCsv}' (FORMAT csv, DELIMITER ';')`);
    await client.query("INSERT INTO b SELECT code, ST_GeomFromText(wkt, 25832) FROM bw");
    await client.query('CREATE INDEX ON b USING gist (geom); ANALYZE b');
    const out: Peer[] = [];
    for (const [k, csv] of pointsCsvs.entries()) {
      await client.query(`CREATE TABLE p${k} (id int, x float8, y float8); COPY p${k} FROM '${csv}' (FORMAT csv, DELIMITER ';')`);
      await client.query(`CREATE TABLE g${k} AS SELECT id, ST_SetSRID(ST_MakePoint(x, y), 25832) AS geom FROM p${k}; ANALYZE g${k}`);
      const t0 = performance.now();
      await client.query(`CREATE TABLE r${k} AS SELECT g.id, b.code FROM g${k} g LEFT JOIN b ON ST_Contains(b.geom, g.geom)`);
      const ms = performance.now() - t0;
      const r = await client.query(`SELECT count(code)::int AS n FROM r${k}`);
      out.push({ ms, assigned: r.rows[0].n });
    }
    return out;
  } catch (e) {
    return pointsCsvs.map(() => `PostGIS übersprungen: ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
    spawnSync('bash', [join(ROOT, 'scripts/bench-geo-peers.sh'), 'stop', pgdir]);
  }
}

function geopandas(blocksCsv: string, pointsCsv: string): Peer | string {
  const py = `
import json, sys, time, warnings
warnings.simplefilter('ignore')
import pandas as pd, geopandas as gpd
b = pd.read_csv(sys.argv[1], sep=';', header=None, names=['code', 'wkt'])
bg = gpd.GeoDataFrame({'code': b.code}, geometry=gpd.GeoSeries.from_wkt(b.wkt), crs=25832)
p = pd.read_csv(sys.argv[2], sep=';', header=None, names=['id', 'x', 'y'])
pg = gpd.GeoDataFrame({'id': p.id}, geometry=gpd.points_from_xy(p.x, p.y), crs=25832)
t, c = time.perf_counter(), time.process_time()
j = gpd.sjoin(pg, bg, how='left', predicate='within')
dt, dc = time.perf_counter() - t, time.process_time() - c
print(json.dumps({'ms': dt * 1000, 'cpuMs': dc * 1000, 'assigned': int(j['code'].notna().sum())}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, blocksCsv, pointsCsv], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) return `GeoPandas übersprungen: ${(r.stderr || r.error?.message || 'python3 fehlt').trim().split('\n').pop()}`;
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Peer;
}

function ours(blocks: readonly Block[], points: Float64Array): Peer {
  const assigner = createBlockAssigner(blocks.map((b) => ({ code: String(b.nr), name: '', ebene: 'baublock' as const, parent: null, geometry: b.geometry })), { metric: true });
  let best = Infinity, cpu = Infinity, assigned = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    let n = 0;
    for (let i = 0; i < points.length; i += 2) if (assigner.assignIndex(points[i]!, points[i + 1]!) >= 0) n++;
    best = Math.min(best, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
    assigned = n;
  }
  return { ms: best, cpuMs: cpu, assigned };
}

function report(label: string, n: number, o: Peer, peers: [string, Peer | string][]): void {
  const cpu = (p: Peer) => (p.cpuMs !== undefined ? `, CPU ${fmt(p.cpuMs)}` : '');
  console.log(`  ${label}: ${n.toLocaleString('de-DE')} Adressen, Punkt-in-Baublock ${fmt(o.ms)}${cpu(o)} (${o.assigned.toLocaleString('de-DE')} zugeordnet)`);
  for (const [name, p] of peers) {
    if (typeof p === 'string') { console.log(`    ${p}`); continue; }
    const agree = p.assigned === o.assigned ? 'gleiche Zahl zugeordnet' : `${p.assigned.toLocaleString('de-DE')} zugeordnet`;
    const cpuRatio = p.cpuMs !== undefined && o.cpuMs ? `; nach CPU-Zeit ${fmt(p.cpuMs)}, ${(p.cpuMs / o.cpuMs).toFixed(1)}×` : '';
    console.log(`    ${name}: ${fmt(p.ms)} → wir sind ${(p.ms / o.ms).toFixed(1)}× so schnell${cpuRatio} (${agree})`);
  }
}

function blocksCsvFile(file: string, blocks: readonly Block[]): void {
  const lines = blocks.map((b) => `${b.nr};"${multiPolygonWkt(b.geometry.type === 'Polygon' ? [b.geometry.coordinates] : b.geometry.coordinates)}"`);
  writeFileSync(file, lines.join('\n') + '\n');
}

export async function benchGeo(): Promise<void> {
  console.log('\nKleinräumige Gliederung (sozialmonitor geo)');
  const dir = mkdtempSync(join(tmpdir(), 'bench-geo-'));
  chmodSync(dir, 0o755);
  try {
    const geos = await loadGeos();
    // 1. blocks and districts for a city of about 100,000 inhabitants
    const city = synthStadt({ seed: 1, radius: 2300, abstand: 100, hausabstand: 36 });
    const einwohner = city.adressen.reduce((s, a) => s + a.einwohner, 0);
    let t0 = performance.now();
    const blocks = buildBloecke(geos, [city.grenze], linienOf(city));
    const tb = performance.now() - t0;
    const punkte = city.adressen.map((a) => ({ east: a.east, north: a.north, einwohner: a.einwohner }));
    t0 = performance.now();
    const g = buildGebiete(geos, blocks, punkte, { ags: city.ags, min: 3000, max: 8000, nachEinwohnern: true });
    const tg = performance.now() - t0;
    t0 = performance.now();
    buildGebiete(geos, blocks, punkte, { ags: city.ags, min: 3000, max: 8000, nachEinwohnern: true, lokaleSuche: false });
    const tTree = performance.now() - t0;
    console.log(`  Stadt mit ${einwohner.toLocaleString('de-DE')} Einwohnern, ${city.adressen.length.toLocaleString('de-DE')} Adressen, ${city.linien.length} Linien:`);
    console.log(`    Baublöcke ${fmt(tb)} (${blocks.length} Blöcke, Knotenbildung eingeschlossen), Gemeindeteile ${fmt(tg)} (${g.gemeindeteile.length}); zusammen ${fmt(tb + tg)} (Ziel < 10 s)`);
    if (g.suche) {
      const s = g.suche;
      console.log(`    Nachoptimierung (AZP): ${s.verschoben} Blöcke verschoben in ${s.durchlaeufe} Durchläufen; Fluss/Bahn innen ${s.vorher.barriereInnen.toFixed(0)} → ${s.nachher.barriereInnen.toFixed(0)} m; gewichtete Grenzlänge ${s.vorher.grenzkosten.toFixed(0)} → ${s.nachher.grenzkosten.toFixed(0)} m; Polsby-Popper im Mittel ${s.vorher.polsbyPopper?.toFixed(3)} → ${s.nachher.polsbyPopper?.toFixed(3)}; Gemeindeteile ohne Nachoptimierung ${fmt(tTree)}`);
    }

    // 2. assignment, Kreis size: 150,000 addresses on this city's blocks
    const kreisBlocks = join(dir, 'bloecke-kreis.csv');
    blocksCsvFile(kreisBlocks, blocks);
    const pk = randomPoints(city, 150_000, 2);
    const pkCsv = join(dir, 'punkte-kreis.csv');
    await writeLines(pkCsv, pk.length / 2, (i) => `${i};${pk[2 * i]};${pk[2 * i + 1]}`);

    const big = process.env.BENCH_GEO_BIG !== '0';
    let region: SynthStadt | null = null, regionBlocks: Block[] = [], pr: Float64Array = new Float64Array(0);
    const prCsv = join(dir, 'punkte-region.csv'), regionBlocksCsv = join(dir, 'bloecke-region.csv');
    if (big) {
      region = synthStadt({ seed: 3, radius: 7000, abstand: 110 });
      t0 = performance.now();
      regionBlocks = buildBloecke(geos, [region.grenze], linienOf(region));
      console.log(`  Stadtregion: ${regionBlocks.length.toLocaleString('de-DE')} Baublöcke in ${fmt(performance.now() - t0)}`);
      blocksCsvFile(regionBlocksCsv, regionBlocks);
      pr = randomPoints(region, 2_000_000, 4);
      await writeLines(prCsv, pr.length / 2, (i) => `${i};${pr[2 * i]};${pr[2 * i + 1]}`);
    }
    const okK = ours(blocks, pk);
    const gpK = geopandas(kreisBlocks, pkCsv);
    const pgK = await postgis(dir, kreisBlocks, [pkCsv]);
    report('Kreis', 150_000, okK, [['PostGIS ST_Contains + GiST', pgK[0]!], ['GeoPandas sjoin', gpK]]);
    if (big && region) {
      const okR = ours(regionBlocks, pr);
      const gpR = geopandas(regionBlocksCsv, prCsv);
      const pgR = await postgis(join(dir, 'r'), regionBlocksCsv, [prCsv]);
      report('Stadtregion', 2_000_000, okR, [['PostGIS ST_Contains + GiST', pgR[0]!], ['GeoPandas sjoin', gpR]]);

      // 3. `geo zuordnen` end to end: HK-DE CSV in, CSV out
      const gebiete = buildGebiete(geos, regionBlocks, [], { ags: region.ags, min: 0, max: 1e9, nachEinwohnern: false });
      const gebieteFile = join(dir, 'gebiete.geojson');
      writeFileSync(gebieteFile, JSON.stringify(toAreaExchange(gebiete.areas)));
      const hk = join(dir, 'hk.csv');
      await writeLines(hk, pr.length / 2, (i) => `N;X${i};A;05;9;54;036;;${String(1 + (i % 900)).padStart(5, '0')};${1 + ((i / 900) | 0)};${i % 7 === 0 ? 'a' : ''};${pr[2 * i]!.toFixed(2).replace('.', ',')};${pr[2 * i + 1]!.toFixed(2).replace('.', ',')};Straße;58452;Stadt;`, 'NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;EAST;NORTH;STN;PLZ;ONM;ZON');
      t0 = performance.now();
      const run = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'geo', 'zuordnen', '--adressen', hk, '--gebiete', gebieteFile, '--out', join(dir, 'zuordnung.csv')], { encoding: 'utf8' });
      const te = performance.now() - t0;
      if (run.status !== 0) console.log(`  geo zuordnen fehlgeschlagen: ${run.stderr}`);
      else {
        const pgJoin = typeof pgR[0] === 'string' ? '' : `; PostGIS braucht für den Join allein (ohne Laden und Index) ${fmt(pgR[0]!.ms)}, ${(pgR[0]!.ms / te).toFixed(1)}× so lange`;
        console.log(`  geo zuordnen, 2 Mio. Adressen (${(statSync(hk).size / 1048576).toFixed(0)} MB HK-DE-CSV, ${regionBlocks.length.toLocaleString('de-DE')} Baublöcke) Ende zu Ende: ${fmt(te)} (Ziel < 10 s)${pgJoin}`);
      }
    } else {
      console.log('  Stadtregion (2 Mio. Adressen) übersprungen: BENCH_GEO_BIG=0');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
