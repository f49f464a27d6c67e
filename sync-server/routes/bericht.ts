/**
 * Data and exports of the joint social report (/bericht). Everything here is public and shows the
 * `leser` view: every number goes through publishedIndicators/publishedValues (Geheimhaltung), so
 * nothing here is ever raw. The Kreis's completeness view uses /api/status with its token.
 *  GET /bericht/daten/meta                  periods, Kennzahlen by Handlungsfeld, areas, rules in force
 *  GET /bericht/daten/gebiete               GeoJSON of Kreis, Städte, Gemeindeteile
 *  GET /bericht/daten/kennzahl/:id          published rows of all periods (Kreis, Städte, Gemeindeteile)
 *  GET /bericht/daten/altersaufbau?period=  published age-group counts of Kreis and Städte
 *  GET /bericht/daten/sozialindex?period=&von=&indikatoren=id:richtung:gewicht,...
 *      without `indikatoren`: the Kreis's agreed setting (GET/PUT /api/sozialindex/settings); with it,
 *      a what-if view marked `einstellung.art: "probe"`
 *  GET /bericht/export/:id.xlsx?period=     table + definitions and sources (exceljs)
 */
import ExcelJS from 'exceljs';
import { Router } from 'express';
import { HANDLUNGSFELDER, Role, toAreaExchange } from '../../shared';
import { GEWICHT_MAX, SozialindexIndicator, dynamikindex, sameIndikatoren, sozialindex } from '../../shared/sozialindex';
import { DomainState, probeBasis } from '../domain';
import { ApiError, badRequest } from '../http/errors';
import { disclosureNote, indicatorCacheOf, publishedIndicators, publishedValues } from '../publication';

const LESER: Role = { rolle: 'leser' };
const REPORT_LEVELS = new Set(['kreis', 'stadt', 'gemeindeteil']);
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
    if (!known(id)) throw badRequest('indikatoren', `Eintrag ${i + 1} („${part}“): Kennzahl „${id}“ gibt es im Katalog nicht`);
    if (seen.has(id)) throw badRequest('indikatoren', `Eintrag ${i + 1} („${part}“): Kennzahl „${id}“ ist doppelt angegeben`);
    seen.add(id);
    if (r !== '1' && r !== '-1') throw badRequest('indikatoren', `Eintrag ${i + 1} („${part}“): Richtung muss 1 oder -1 sein`);
    const gewicht = Number(g);
    if (!(Number.isFinite(gewicht) && gewicht > 0 && gewicht <= GEWICHT_MAX)) throw badRequest('indikatoren', `Eintrag ${i + 1} („${part}“): Gewicht muss eine Zahl größer 0 und höchstens ${GEWICHT_MAX} sein`);
    return { id, richtung: Number(r) as 1 | -1, gewicht };
  });
}

export function berichtRoutes(state: DomainState): Router {
  const r = Router();
  const context = async () => {
    const [{ areas, tree }, catalogue, periods] = await Promise.all([state.areas(), state.catalogue(), state.storage.periods()]);
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
    const { catalogue, periods, reportAreas } = await context();
    const kennzahlen = [...catalogue.kennzahlen.values()].map((k) => ({ id: k.id, name: k.name, handlungsfeld: k.handlungsfeld, einheit: k.einheit, definition: k.definition, definitionsquelle: k.definitionsquelle, hinweis: k.hinweis }));
    const sozialindexEinstellung = await state.sozialindexSetting();
    res.json({
      periods,
      demo: await state.isDemo(),
      handlungsfelder: HANDLUNGSFELDER,
      kennzahlen,
      areas: reportAreas.map(({ code, name, ebene, parent }) => ({ code, name, ebene, parent })),
      // the setting in force (agreed by the Kreis, else the shipped default), with version, who and when
      sozialindexStandard: sozialindexEinstellung.indikatoren,
      sozialindexEinstellung,
      geheimhaltung: disclosureNote(indicatorCacheOf(state).options),
    });
  });

  r.get('/daten/gebiete', async (_req, res) => {
    const { reportAreas } = await context();
    res.json(toAreaExchange(reportAreas));
  });

  r.get('/daten/kennzahl/:id', async (req, res) => {
    const { catalogue, periods, reportAreas } = await context();
    if (!catalogue.kennzahlen.has(req.params.id)) throw new ApiError(404, 'UNBEKANNTE_KENNZAHL', `Die Kennzahl „${req.params.id}“ gibt es im Katalog nicht.`);
    const codes = reportAreas.map((a) => a.code);
    const rows = [];
    for (const period of periods) rows.push(...(await publishedIndicators(state, { period, role: LESER, ids: [req.params.id], areas: codes })));
    res.json({ id: req.params.id, rows });
  });

  r.get('/daten/altersaufbau', async (req, res) => {
    const { periods, reportAreas } = await context();
    const period = periodOf(req.query.period, periods);
    const codes = reportAreas.filter((a) => a.ebene !== 'gemeindeteil').map((a) => a.code);
    res.json({ period, groups: AGE_GROUPS, rows: await publishedValues(state, { period, role: LESER, areas: codes, variables: AGE_GROUPS }) });
  });

  r.get('/daten/sozialindex', async (req, res) => {
    const { catalogue, periods, reportAreas } = await context();
    const period = periodOf(req.query.period, periods);
    const von = req.query.von ? periodOf(req.query.von, periods) : periods[0];
    const own = parseIndikatoren(typeof req.query.indikatoren === 'string' ? req.query.indikatoren : undefined, (id) => catalogue.kennzahlen.has(id));
    const agreed = await state.sozialindexSetting();
    // Kennzahlen from the request are a what-if view, unless they are exactly the agreed setting.
    const basis = own && !sameIndikatoren(own, agreed.indikatoren) ? probeBasis(own, agreed) : agreed;
    const gone = basis.indikatoren.filter((c) => !catalogue.kennzahlen.has(c.id)).map((c) => c.id);
    if (gone.length) {
      throw new ApiError(409, 'SOZIALINDEX_EINSTELLUNG_VERALTET', `${basis.art === 'vorgabe' ? 'Die Vorgabe des Sozialindex' : `Die vereinbarte Sozialindex-Einstellung (Version ${basis.version})`} nennt Kennzahl(en) ${gone.join(', ')}, die der Katalog ${catalogue.version} nicht mehr hat. Bitte eine Einstellung mit Kennzahlen des Katalogs speichern (PUT /api/sozialindex/settings).`);
    }
    const config = basis.indikatoren;
    const gts = reportAreas.filter((a) => a.ebene === 'gemeindeteil').map((a) => a.code);
    const ids = config.map((c) => c.id);
    const toInput = (rows: Awaited<ReturnType<typeof publishedIndicators>>) =>
      rows.map((x) => ({ area: x.area, indicator: x.indicator, value: x.value, grund: x.status === 'gesperrt' ? `gesperrt (${x.grund})` : x.reason }));
    const now = toInput(await publishedIndicators(state, { period, role: LESER, ids, areas: gts }));
    const status = sozialindex(gts, now, config);
    const dynamik = von && von !== period ? dynamikindex(gts, toInput(await publishedIndicators(state, { period: von, role: LESER, ids, areas: gts })), now, config) : null;
    res.json({ period, von: dynamik ? von : null, einstellung: basis, indikatoren: config, status, dynamik });
  });

  r.get('/export/:file', async (req, res) => {
    const m = /^([a-z0-9_]+)\.xlsx$/.exec(req.params.file);
    if (!m) throw new ApiError(404, 'NICHT_GEFUNDEN', `Export „${req.params.file}“: erwartet wird „<Kennzahl>.xlsx“.`);
    const id = m[1]!;
    const { catalogue, periods, reportAreas } = await context();
    const k = catalogue.kennzahlen.get(id);
    if (!k) throw new ApiError(404, 'UNBEKANNTE_KENNZAHL', `Die Kennzahl „${id}“ gibt es im Katalog nicht.`);
    const period = periodOf(req.query.period, periods);
    const rows = await publishedIndicators(state, { period, role: LESER, ids: [id], areas: reportAreas.map((a) => a.code) });
    const byCode = new Map(reportAreas.map((a) => [a.code, a]));
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Sozialmonitor';
    const sheet = wb.addWorksheet('Tabelle');
    sheet.addRow(['Gebiet', 'Name', 'Ebene', `${k.name} (${k.einheit}) ${period}`, 'Zähler', 'Nenner', 'Hinweis']);
    sheet.getRow(1).font = { bold: true };
    for (const row of rows) {
      const a = byCode.get(row.area)!;
      // The official sign for a suppressed cell is "." (Statistisches Bundesamt, Zeichenerklärung).
      sheet.addRow([a.code, a.name, a.ebene, row.value ?? '.', row.numerator ?? '.', row.denominator ?? '.', row.status === 'gesperrt' ? `gesperrt: ${row.grund}` : (row.reason ?? '')]);
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
      ['Geheimhaltung', disclosureNote(indicatorCacheOf(state).options)],
      ['Zeichen', '. = Zahlenwert unbekannt oder geheim zu halten'],
      ['Demodaten', (await state.isDemo()) ? 'ja: erfundene Zahlen eines Demo-Kreises' : 'nein'],
    ]) def.addRow(line);
    def.getColumn(1).width = 24;
    def.getColumn(2).width = 100;
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.attachment(`${id}_${period}.xlsx`);
    res.send(Buffer.from(await wb.xlsx.writeBuffer()));
  });
  return r;
}
