/**
 * Data and exports of the joint social report (/bericht). Everything here is public and shows the
 * `leser` view: every number comes from the readers' snapshots of the released state (reader-view.ts,
 * computed by publishedIndicators/publishedValues with the Geheimhaltung), so nothing here is ever
 * raw, and a finished answer is kept until a release changes it (ETag, 304). The Kreis's completeness view uses /api/status with its token.
 *  GET /bericht/daten/meta                  periods, Kennzahlen by Handlungsfeld, areas, rules in force
 *  GET /bericht/daten/gebiete               GeoJSON of Kreis, Städte, Gemeindeteile
 *  GET /bericht/daten/gebiete?ebene=baublock&stadt=<AGS>
 *                                           GeoJSON of the Baublöcke of one Stadt (coordinates on a 1 m grid)
 *  GET /bericht/daten/kennzahl/:id          published rows of all periods (Kreis, Städte, Gemeindeteile)
 *  GET /bericht/daten/kennzahl/:id?ebene=baublock&stadt=<AGS>&period=
 *                                           published rows of one Stadt's Baublöcke for one period, or
 *                                           `verfuegbar: false` when the catalogue computes the Kennzahl
 *                                           only down to a coarser level (e.g. BA data per Gemeindeteil)
 *  GET /bericht/daten/altersaufbau?period=  published age-group counts of Kreis and Städte
 *  GET /bericht/daten/sozialindex?period=&von=&indikatoren=id:richtung:gewicht,...
 *      without `indikatoren` and `von`: the Kreis's agreed setting (GET/PUT /api/sozialindex/settings),
 *      with its Vergleichsjahr; other Kennzahlen or another `von` are a what-if view marked
 *      `einstellung.art: "probe"`
 *  GET /bericht/export/:id.xlsx?period=     table + definitions and sources (exceljs)
 * The report shows the released state (Freigabe): its years are those the Kreis released, and every
 * data answer names its `datenstand` (time of the newest release of the year shown).
 */
import ExcelJS from 'exceljs';
import { Request, Router } from 'express';
import { EBENE_NAMEN, HANDLUNGSFELDER, Role, clipText, ebeneDepth, toAreaExchange } from '../../shared';
import type { AreaGeometry, AreaTree, AreaWithGeometry, Catalogue } from '../../shared';
import { SozialindexIndicator, dynamikindex, gewichtProblem, sameIndikatoren, sozialindex } from '../../shared/sozialindex';
import { DomainState, probeBasis } from '../domain';
import { SozialindexInForce, sozialindexInForce } from './sozialindex';
import { ApiError, badRequest } from '../http/errors';
import { queryString } from '../http/query';
import { disclosureNote, indicatorCacheOf } from '../publication';
import { sendAnswer } from '../http/answer';
import { readerAnswer } from '../reader-view';
import { indexInput } from '../bericht-pdf/sozialindex-daten';
import { datenstand } from '../freigabe';
import { LEGENDE_GESPERRT } from '../../shared/disclosure/zeichen';
import { excelFormat, nachkommastellenOf } from '../../shared/format/zahlen';

const JSON_TYPE = 'application/json; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// every level down to the Gemeindeteil (Baublöcke only on the map); a tree may skip levels
const REPORT_LEVELS = new Set(['land', 'kreis', 'stadt', 'stadtbezirk', 'gemeindeteil']);
export const AGE_GROUPS = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64', 'bev_65_74', 'bev_75_79', 'bev_80_plus'];

/**
 * "arbeitslosendichte:1:2,sgb2_quote:1:1" -> configuration (undefined when absent: the agreed
 * setting applies); German message naming the bad part.
 */
export function parseIndikatoren(raw: string | undefined, known: (id: string) => boolean): SozialindexIndicator[] | undefined {
  if (!raw) return undefined;
  const seen = new Set<string>();
  return raw.split(',').map((part, i) => {
    const [id = '', r = '1', g = '1'] = part.trim().split(':');
    if (!known(id)) throw badRequest('indikatoren', `Eintrag ${i + 1} („${clipText(part)}“): Kennzahl „${clipText(id)}“ gibt es im Katalog nicht`);
    if (seen.has(id)) throw badRequest('indikatoren', `Eintrag ${i + 1} („${clipText(part)}“): Kennzahl „${id}“ ist doppelt angegeben`);
    seen.add(id);
    if (r !== '1' && r !== '-1') throw badRequest('indikatoren', `Eintrag ${i + 1} („${clipText(part)}“): Richtung muss 1 oder -1 sein`);
    // an empty weight ("id:1:") is not 0 but no number
    const gewicht = g.trim() === '' ? NaN : Number(g);
    const problem = gewichtProblem(gewicht);
    if (problem) throw badRequest('indikatoren', `Eintrag ${i + 1} („${clipText(part)}“): Gewicht ${problem}`);
    return { id, richtung: Number(r) as 1 | -1, gewicht };
  });
}

/** Map levels of the report: Gemeindeteile of the whole Kreis, or the Baublöcke of one Stadt. */
const MAP_LEVELS = ['gemeindeteil', 'baublock'] as const;
type MapLevel = (typeof MAP_LEVELS)[number];

/**
 * `ebene` and `stadt` of a map request. Baublöcke come for one Stadt only: a Kreis has thousands
 * (the demo 1,578, a real one more, each with dozens of vertices), which on a 640-pixel map are
 * specks of a pixel or two; a Stadt's blocks are what a planner reads, and the answer stays small.
 */
export function mapLevelOf(req: Request, tree: AreaTree): { ebene: MapLevel; stadt?: string } {
  const ebene = queryString(req, 'ebene') ?? 'gemeindeteil';
  if (!(MAP_LEVELS as readonly string[]).includes(ebene)) throw badRequest('ebene', `„${ebene}“ gibt es hier nicht; erlaubt sind ${MAP_LEVELS.join(', ')} (Vorgabe: gemeindeteil)`);
  const stadt = queryString(req, 'stadt');
  const staedte = () => tree.atLevel('stadt').map((a) => `${a.code} (${a.name})`).join(', ');
  if (ebene === 'gemeindeteil') {
    if (stadt !== undefined) throw badRequest('stadt', 'gilt nur mit ebene=baublock (die Karte der Gemeindeteile zeigt den ganzen Kreis)');
    return { ebene };
  }
  if (stadt === undefined) throw badRequest('stadt', `fehlt: Baublöcke gibt es je Stadt, z. B. stadt=${tree.atLevel('stadt')[0]?.code ?? '05954036'}; vorhanden: ${staedte()}`);
  if (tree.get(stadt)?.ebene !== 'stadt') throw badRequest('stadt', `„${stadt}“ ist keine Stadt der Gebietsgliederung; vorhanden: ${staedte()}`);
  return { ebene: 'baublock', stadt };
}

/** The Baublöcke of a Stadt, in code order. */
export function baubloeckeOf(tree: AreaTree, stadt: string): string[] {
  return tree.subtree(stadt).filter((c) => tree.get(c)!.ebene === 'baublock').sort();
}

/** Why a Kennzahl has no values at block level (undefined when it has). */
export function baublockHinweis(catalogue: Catalogue, id: string): string | undefined {
  const k = catalogue.kennzahlen.get(id)!;
  if (ebeneDepth(k.tiefsteEbene) >= ebeneDepth('baublock')) return undefined;
  const coarse = k.merkmale.map((m) => catalogue.merkmale.get(m)).filter((m) => m && ebeneDepth(m.tiefsteEbene) < ebeneDepth('baublock'));
  const quellen = [...new Set(coarse.map((m) => m!.quelle))].join(', ');
  return `„${k.name}“ gibt es nicht je Baublock: ${coarse.length === 1 ? 'das Merkmal' : 'die Merkmale'} ${coarse.map((m) => `„${m!.name}“`).join(', ')} ${coarse.length === 1 ? 'liegt' : 'liegen'} laut Katalog${quellen ? ` (Quelle ${quellen})` : ''} nur bis zur Ebene ${EBENE_NAMEN[k.tiefsteEbene]} vor. Die Karte der Gemeindeteile zeigt die Kennzahl.`;
}

/**
 * Coordinates on a grid of 1e-5 degrees (about 1 m; a pixel of a Stadt's map is 10 m and more), with
 * points that fall together dropped. A ring that would collapse keeps its points unrounded, so no
 * block ever loses its shape.
 */
export function roundGeometry(g: AreaGeometry | null, digits = 5): AreaGeometry | null {
  if (!g) return g;
  const f = 10 ** digits;
  const ring = (r: number[][]): number[][] => {
    const out: number[][] = [];
    for (const p of r) {
      const q = [Math.round(p[0]! * f) / f, Math.round(p[1]! * f) / f];
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    return out.length >= 4 ? out : r;
  };
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(ring) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

/**
 * Which Kennzahlen and which Vergleichsjahr a Sozialindex request computes with, and how that is
 * labelled. Without `von` the agreed Vergleichsjahr applies if it lies before the report's year,
 * else the first year with data (as before the year could be stored). Kennzahlen from the request
 * that differ from the agreed ones, or a `von` that differs from an agreed Vergleichsjahr, make it
 * a what-if view (`probe`); while no year is agreed any `von` is simply the reader's choice.
 */
export function sozialindexBasisOf(agreed: SozialindexInForce, own: SozialindexIndicator[] | undefined, vonAsked: string | undefined, period: string, periods: string[]): { von: string | undefined; basis: SozialindexInForce } {
  const stored = agreed.vergleichsjahr;
  const storedUsable = stored !== null && periods.includes(stored) && stored < period;
  const von = vonAsked ?? (storedUsable ? stored : periods[0]);
  const otherKennzahlen = own !== undefined && !sameIndikatoren(own, agreed.indikatoren);
  const otherJahr = vonAsked !== undefined && stored !== null && vonAsked !== stored;
  if (!otherKennzahlen && !otherJahr) {
    const fallback = stored !== null && !storedUsable && vonAsked === undefined ? ` Das vereinbarte Vergleichsjahr ${stored} liegt nicht vor ${period}; verglichen wird mit ${von ?? 'keinem Jahr'}.` : '';
    return { von, basis: fallback ? { ...agreed, hinweis: agreed.hinweis + fallback } : agreed };
  }
  const probe = probeBasis(otherKennzahlen ? own! : agreed.indikatoren, agreed);
  const was = [otherKennzahlen ? 'Kennzahlen und Gewichten' : '', otherJahr ? `dem Vergleichsjahr ${vonAsked}` : ''].filter(Boolean).join(' und ');
  const ref = agreed.version === null ? 'Vorgabe der Software' : `Version ${agreed.version}${stored ? `, Vergleichsjahr ${stored}` : ''}`;
  return {
    von,
    basis: { ...probe, vergleichsjahr: vonAsked ?? stored, hinweis: `Probeberechnung mit ${was} aus der Anfrage – nicht die vereinbarte Einstellung des Kreises (${ref}).` },
  };
}

/** "freigegeben am 04.12.2026" for people (date in Germany's time zone). */
export function datenstandText(at: string | undefined): string {
  if (!at) return 'nicht freigegeben';
  return `vom Kreis freigegebener Stand vom ${new Date(at).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' })}`;
}

export function berichtRoutes(state: DomainState): Router {
  const r = Router();
  const context = async () => {
    // only released years: a year with submissions but no release has nothing public yet
    const [{ areas, tree }, catalogue, periods] = await Promise.all([state.areas(), state.catalogue(), state.storage.releasedPeriods()]);
    if (!tree || !catalogue) throw new ApiError(503, 'KEINE_GEBIETE', 'Es ist noch keine Gebietsgliederung oder kein Katalog hinterlegt.');
    const reportAreas = areas.filter((a) => REPORT_LEVELS.has(a.ebene));
    return { areas, tree, catalogue, periods, reportAreas };
  };
  const periodOf = (q: unknown, periods: string[]): string => {
    const p = typeof q === 'string' && q ? q : periods[periods.length - 1];
    if (!p || !periods.includes(p)) throw badRequest('period', `Für das Jahr „${String(q)}“ liegen keine Daten vor; vorhanden: ${periods.join(', ') || 'keine'}`);
    return p;
  };

  r.get('/daten/meta', async (_req, res) => {
    const { areas, tree, catalogue, periods, reportAreas } = await context();
    const kennzahlen = [...catalogue.kennzahlen.values()].map((k) => ({ id: k.id, name: k.name, handlungsfeld: k.handlungsfeld, einheit: k.einheit, definition: k.definition, definitionsquelle: k.definitionsquelle, hinweis: k.hinweis, tiefsteEbene: k.tiefsteEbene, nachkommastellen: nachkommastellenOf(k) }));
    // Baublöcke per Stadt, for the map's level switch
    const baubloecke: Record<string, number> = {};
    for (const a of areas) if (a.ebene === 'baublock') baubloecke[tree.stadtOf(a.code)!] = (baubloecke[tree.stadtOf(a.code)!] ?? 0) + 1;
    const sozialindexEinstellung = await sozialindexInForce(state);
    res.json({
      periods,
      // per year: when the state shown was released
      datenstand: await datenstand(state),
      demo: await state.isDemo(),
      handlungsfelder: HANDLUNGSFELDER,
      kennzahlen,
      areas: reportAreas.map(({ code, name, ebene, parent }) => ({ code, name, ebene, parent })),
      baubloecke,
      // the setting in force (agreed by the Kreis, else the shipped default), with version, who and when
      sozialindexStandard: sozialindexEinstellung.indikatoren,
      sozialindexEinstellung,
      geheimhaltung: disclosureNote(indicatorCacheOf(state).options),
    });
  });

  r.get('/daten/gebiete', async (req, res) => {
    const { areas, tree, reportAreas } = await context();
    const level = mapLevelOf(req, tree);
    if (level.ebene === 'gemeindeteil') return res.json(toAreaExchange(reportAreas));
    const want = new Set(baubloeckeOf(tree, level.stadt!));
    const blocks: AreaWithGeometry[] = areas.filter((a) => want.has(a.code)).sort((a, b) => a.code.localeCompare(b.code)).map((a) => ({ ...a, geometry: roundGeometry(a.geometry) }));
    res.json({ ...toAreaExchange(blocks), stadt: level.stadt });
  });

  r.get('/daten/kennzahl/:id', async (req, res) => {
    const { tree, catalogue, periods, reportAreas } = await context();
    if (!catalogue.kennzahlen.has(req.params.id)) throw new ApiError(404, 'UNBEKANNTE_KENNZAHL', `Die Kennzahl „${req.params.id}“ gibt es im Katalog nicht.`);
    const level = mapLevelOf(req, tree);
    const id = req.params.id;
    if (level.ebene === 'baublock') {
      // one period only: a Stadt's blocks times every year would be large and the map shows one year
      const period = periodOf(req.query.period, periods);
      const hinweis = baublockHinweis(catalogue, id);
      const blocks = baubloeckeOf(tree, level.stadt!);
      return sendAnswer(req, res, await readerAnswer(state, req, JSON_TYPE, async (view) => {
        const rows = hinweis ? [] : await view.indicators(period, blocks, [id]);
        return JSON.stringify({ id, ebene: 'baublock', stadt: level.stadt, period, datenstand: (await view.datenstand(period)) ?? null, tiefsteEbene: catalogue.kennzahlen.get(id)!.tiefsteEbene, verfuegbar: !hinweis, ...(hinweis ? { hinweis } : {}), baubloecke: blocks.length, rows });
      }));
    }
    if (req.query.period !== undefined) throw badRequest('period', 'gilt nur mit ebene=baublock; ohne sie kommen alle Jahre');
    const codes = reportAreas.map((a) => a.code);
    sendAnswer(req, res, await readerAnswer(state, req, JSON_TYPE, async (view) => {
      const rows = [];
      const stand: Record<string, string> = {};
      for (const period of periods) {
        rows.push(...(await view.indicators(period, codes, [id])));
        const at = await view.datenstand(period);
        if (at) stand[period] = at;
      }
      return JSON.stringify({ id, datenstand: stand, rows });
    }));
  });

  r.get('/daten/altersaufbau', async (req, res) => {
    const { periods, reportAreas } = await context();
    const period = periodOf(req.query.period, periods);
    const codes = reportAreas.filter((a) => a.ebene !== 'gemeindeteil').map((a) => a.code);
    sendAnswer(req, res, await readerAnswer(state, req, JSON_TYPE, async (view) => JSON.stringify({ period, datenstand: (await view.datenstand(period)) ?? null, groups: AGE_GROUPS, rows: await view.values(period, codes, AGE_GROUPS) })));
  });

  r.get('/daten/sozialindex', async (req, res) => {
    const { catalogue, periods, reportAreas } = await context();
    const period = periodOf(req.query.period, periods);
    const own = parseIndikatoren(typeof req.query.indikatoren === 'string' ? req.query.indikatoren : undefined, (id) => catalogue.kennzahlen.has(id));
    const agreed = await sozialindexInForce(state);
    const { von, basis } = sozialindexBasisOf(agreed, own, req.query.von ? periodOf(req.query.von, periods) : undefined, period, periods);
    const gone = basis.indikatoren.filter((c) => !catalogue.kennzahlen.has(c.id)).map((c) => c.id);
    if (gone.length) {
      throw new ApiError(409, 'SOZIALINDEX_EINSTELLUNG_VERALTET', `${basis.art === 'vorgabe' ? 'Die Vorgabe des Sozialindex' : `Die vereinbarte Sozialindex-Einstellung (Version ${basis.version})`} nennt Kennzahl(en) ${gone.join(', ')}, die der Katalog ${catalogue.version} nicht mehr hat. Bitte eine Einstellung mit Kennzahlen des Katalogs speichern (PUT /api/sozialindex/settings).`);
    }
    const config = basis.indikatoren;
    const gts = reportAreas.filter((a) => a.ebene === 'gemeindeteil').map((a) => a.code);
    const ids = config.map((c) => c.id);
    sendAnswer(req, res, await readerAnswer(state, req, JSON_TYPE, async (view) => {
      // a suppressed Kennzahl is only "gesperrt", never why (the reader's view has no reasons)
      const now = indexInput(await view.indicators(period, gts, ids));
      const status = sozialindex(gts, now, config);
      const dynamik = von && von !== period ? dynamikindex(gts, indexInput(await view.indicators(von, gts, ids)), now, config) : null;
      return JSON.stringify({ period, datenstand: (await view.datenstand(period)) ?? null, von: dynamik ? von : null, einstellung: basis, indikatoren: config, status, dynamik });
    }));
  });

  r.get('/export/:file', async (req, res) => {
    const m = /^([a-z0-9_]+)\.xlsx$/.exec(req.params.file);
    if (!m) throw new ApiError(404, 'NICHT_GEFUNDEN', `Export „${req.params.file}“: erwartet wird „<Kennzahl>.xlsx“.`);
    const id = m[1]!;
    const { catalogue, periods, reportAreas } = await context();
    const k = catalogue.kennzahlen.get(id);
    if (!k) throw new ApiError(404, 'UNBEKANNTE_KENNZAHL', `Die Kennzahl „${id}“ gibt es im Katalog nicht.`);
    const period = periodOf(req.query.period, periods);
    res.attachment(`${id}_${period}.xlsx`);
    sendAnswer(req, res, await readerAnswer(state, req, XLSX_TYPE, async (view) => {
      const rows = await view.indicators(period, reportAreas.map((a) => a.code), [id]);
      const byCode = new Map(reportAreas.map((a) => [a.code, a]));
      const wb = new ExcelJS.Workbook();
      wb.creator = 'Sozialmonitor';
      const sheet = wb.addWorksheet('Tabelle');
      sheet.addRow(['Gebiet', 'Name', 'Ebene', `${k.name} (${k.einheit}) ${period}`, 'Zähler', 'Nenner', 'Hinweis']);
      sheet.getRow(1).font = { bold: true };
      for (const row of rows) {
        const a = byCode.get(row.area)!;
        // The official sign for a suppressed cell is "." (Statistisches Bundesamt, Zeichenerklärung);
        // every suppressed row reads the same, without a reason.
        const added = sheet.addRow([a.code, a.name, a.ebene, row.value ?? '.', row.numerator ?? '.', row.denominator ?? '.', row.status === 'gesperrt' ? 'gesperrt' : (row.reason ?? '')]);
        // shown with the Kennzahl's decimals (shared/format/zahlen.ts), the full value in the cell
        if (row.value !== null) added.getCell(4).numFmt = excelFormat(nachkommastellenOf(k));
      }
      sheet.columns.forEach((c) => (c.width = 18));
      const def = wb.addWorksheet('Definitionen und Quellen');
      for (const line of [
        ['Kennzahl', `${k.name} (${k.id})`],
        ['Handlungsfeld', k.handlungsfeld],
        ['Einheit', k.einheit],
        ['Definition', k.definition],
        ['Formel', k.formel],
        ['Quelle der Definition', k.definitionsquelle],
        ['Hinweis', k.hinweis ?? ''],
        ['Jahr (Stichtag 31.12.)', period],
        ['Datenstand', datenstandText(await view.datenstand(period))],
        ['Geheimhaltung', disclosureNote(indicatorCacheOf(state).options)],
        ['Zeichen', `${LEGENDE_GESPERRT} (Hinweis „gesperrt“); ein „.“ mit anderem Hinweis: kein Wert, der Hinweis sagt, warum`],
        ['Demodaten', (await state.isDemo()) ? 'ja: erfundene Zahlen eines Demo-Kreises' : 'nein'],
      ]) def.addRow(line);
      def.getColumn(1).width = 24;
      def.getColumn(2).width = 100;
      return Buffer.from(await wb.xlsx.writeBuffer());
    }));
  });
  return r;
}
