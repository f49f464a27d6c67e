/**
 * Entry templates with age bands in other cuts than the catalogue's 14 (issue 14, add-in):
 *  - the cuts typed in the Erfassen picker become band ids and German column headers, refused with the
 *    server's rule when they overlap, their gaps named (the pane asks before writing such a template);
 *  - the real Regionalstatistik table 12411-02-03-5 (tests/fixtures/real/regionalstatistik, SOURCE.md
 *    there) as Excel shows it fills Witten's template with all 17 bands, written through the pane's
 *    one path (writeTemplateSheet, in-memory workbook), read back, checked with the shared validation
 *    and accepted by the real server over HTTP, which computes anteil_u18 from the bands.
 * No browser: the picker's logic is plans/altersgrenzen.ts.
 */
import { join } from 'node:path';
import { ALTERSGRUPPEN } from '../../shared/catalogue/altersgruppen';
import { altersIdProbleme } from '../../shared/catalogue/altersintervalle';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { ValueTable } from '../../shared/indicators/values';
import type { Zelle } from '../../shared/io/tabelle-import';
import { eigeneAltersgruppen, lueckenText, vorlagenMerkmale } from '../../addin/src/plans/altersgrenzen';
import { checkEntry, readEntrySheet } from '../../addin/src/plans/entry';
import { datumAlsText } from '../../addin/src/plans/excel-datum';
import { amtlicheTabelleUebernehmen } from '../../addin/src/plans/quelltabelle-amtlich';
import { buildTemplatePlan, merkmaleForLevel } from '../../addin/src/plans/template';
import { bodyRowOf } from '../../addin/src/plans/types';
import { MemoryGateway } from '../../addin/src/excel/memory-gateway';
import { connect } from '../../addin/src/ui/ConnectPanel';
import { WorkbookStore } from '../../addin/src/workbook/store';
import { writeTemplateSheet } from '../../addin/src/workbook/template-sheet';
import { HttpTestServer, WITTEN, httpTestServer } from '../server/helpers';
import { wieExcel } from './wie-excel';

const catalogue = standardCatalogue();
const GRENZEN = '0, 3, 6, 10, 15, 18, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 75';
/** the 17 bands of Regionalstatistik: the catalogue's id where one of its 14 has the same ages */
const SIEBZEHN = [
  'bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29',
  'bev_alter_30_34', 'bev_alter_35_39', 'bev_alter_40_44', 'bev_alter_45_49', 'bev_alter_50_54', 'bev_alter_55_59',
  'bev_60_64', 'bev_65_74', 'bev_alter_75_plus',
];

describe('own age cuts in the Merkmal picker', () => {
  test('the typed cuts give 17 bands, the last open; catalogue ages keep their ids; no gap', () => {
    const g = eigeneAltersgruppen(GRENZEN, catalogue);
    if (!g.ok) throw new Error(g.grund);
    expect(g.ids).toEqual(SIEBZEHN);
    expect(g.luecken).toEqual([]);
    // the same with words, dashes and semicolons
    const w = eigeneAltersgruppen('0 bis 17; 18–64 ;65 und älter', catalogue);
    expect(w).toEqual({ ok: true, ids: ['bev_alter_0_17', 'bev_alter_18_64', 'bev_alter_65_plus'], luecken: [] });
  });

  test('gaps are found and named (asked about in the pane), not refused', () => {
    const g = eigeneAltersgruppen('0-17, 65+', catalogue);
    expect(g).toEqual({ ok: true, ids: ['bev_alter_0_17', 'bev_alter_65_plus'], luecken: [{ von: 18, bis: 64 }] });
    const ab18 = eigeneAltersgruppen('18, 25, 65', catalogue);
    if (!ab18.ok) throw new Error(ab18.grund);
    expect(lueckenText(ab18.luecken)).toBe('unter 18 Jahre');
  });

  test('refused in words: overlap (the server\'s own message), not ascending, no age, too old, twice, empty, one band for all', () => {
    const grund = (s: string) => {
      const g = eigeneAltersgruppen(s, catalogue);
      if (g.ok) throw new Error(`angenommen: ${s}`);
      return g.grund;
    };
    expect(grund('0-17, 15-20')).toBe(`${altersIdProbleme(['bev_alter_0_17', 'bev_alter_15_20'])[0]}.`);
    expect(grund('0-17, 15-20')).toContain('überschneiden sich');
    expect(grund('0, 6, 3')).toBe('Die Altersgrenzen müssen aufsteigend sein: nach „6“ kommt „3“.');
    expect(grund('0, 6, 6')).toContain('aufsteigend');
    expect(grund('0, drei')).toContain('„drei“ ist keine Altersgrenze');
    expect(grund('0, 130')).toContain('ganze Jahre von 0 bis 120');
    expect(grund('0-5, 0-5')).toContain('steht zweimal');
    expect(grund('  ')).toContain('Bitte Altersgrenzen eingeben');
    expect(grund('0')).toContain('ist die Bevölkerung');
  });

  test('own bands replace the catalogue\'s 14 in the template (even ticked ones), where the first of them stood', () => {
    const offered = merkmaleForLevel(catalogue, 'gemeindeteil');
    const selected = new Set(['bevoelkerung', 'bev_0_2', 'bev_30_44', 'bev_weiblich']);
    const eigene = ['bev_alter_0_17', 'bev_alter_18_64', 'bev_alter_65_plus'];
    const ids = vorlagenMerkmale(offered, selected, eigene);
    expect(ids.filter((id) => (ALTERSGRUPPEN as readonly string[]).includes(id))).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining([...eigene, 'bevoelkerung', 'bev_weiblich']));
    expect(ids).toHaveLength(5);
    const erster = offered.findIndex((m) => m.id === 'bev_0_2');
    const davor = offered.slice(0, erster).filter((m) => selected.has(m.id)).length;
    expect(ids.slice(davor, davor + 3)).toEqual(eigene);
    // the catalogue choice is the picker's selection in the offered order
    expect(vorlagenMerkmale(offered, selected, null)).toEqual(offered.filter((m) => selected.has(m.id)).map((m) => m.id));
  });

  test('the template: German headers from the catalogue\'s naming, whole-number validation like the other counts', () => {
    const g = eigeneAltersgruppen(GRENZEN, catalogue);
    if (!g.ok) throw new Error(g.grund);
    const info = { sheet: 'Erfassung', period: '2024', stadt: WITTEN, ebene: 'gemeindeteil' as const, merkmale: g.ids, baseRevision: 0, catalogueVersion: catalogue.version };
    const plan = buildTemplatePlan(info, [{ code: `${WITTEN}-01`, name: 'Annen', ebene: 'gemeindeteil' }], catalogue, 'Witten');
    const namen = plan.header[plan.header.length - 1]!.slice(2);
    expect(namen[0]).toBe('Bevölkerung 0 bis 2 Jahre (Personen)');
    expect(namen[8]).toBe('Bevölkerung 30 bis 34 Jahre (Personen)');
    expect(namen[16]).toBe('Bevölkerung 75 Jahre und älter (Personen)');
    expect(plan.columns.slice(2).map((c) => c.title)).toEqual(SIEBZEHN);
    const max = catalogue.merkmale.get('bev_0_2')!.maximum;
    expect(plan.validations).toHaveLength(17);
    expect(plan.validations[16]).toMatchObject({ col: 18, firstRow: bodyRowOf(plan), min: 0, max });
    expect(plan.validations[16]!.promptTitle.length).toBeLessThanOrEqual(32);
  });
});

describe('Witten from the real Regionalstatistik table into a template, checked and accepted by the server', () => {
  let ts: HttpTestServer;
  beforeAll(async () => {
    ts = await httpTestServer();
  });
  afterAll(() => ts.close());

  test('all 17 bands, nothing left out; their sum is the Bevölkerung 96,700; the server computes anteil_u18 from them', async () => {
    const session = await connect(ts.url, ts.tokens.witten);
    const { values, texts } = wieExcel(join(__dirname, '..', 'fixtures', 'real', 'regionalstatistik', '12411-02-03-5-ennepe-ruhr-2015.csv'));
    const grid = datumAlsText(values, texts) as Zelle[][];
    const u = amtlicheTabelleUebernehmen(grid, { datei: 'Diese Arbeitsmappe', blatt: 'Tabelle1' }, { tree: session.tree, catalogue: session.catalogue, stadt: WITTEN });
    if ('grund' in u) throw new Error(u.grund);
    expect(u.ebene).toBe('stadt');
    expect(u.werte!.leftOut).toEqual([]); // the pane's "Nicht in die Vorlage" line is gone
    expect(u.merkmale).toEqual([...SIEBZEHN, 'bevoelkerung', 'bev_weiblich']);

    const wb = new MemoryGateway();
    const store = new WorkbookStore(wb.settings, { getItem: () => null, setItem: () => undefined, removeItem: () => undefined });
    const out = await writeTemplateSheet(
      { ...session, gateway: wb, store, chooseSheet: async (s) => s },
      { sheet: 'QT 2015 Stadt Witten', period: '2015', stadt: WITTEN, ebene: 'stadt', merkmale: u.merkmale, values: u.werte!.values },
    );
    expect(out!.written).toBe(19);
    const sheet = await wb.readSheet(out!.info.sheet);
    const kopf = sheet.findIndex((r) => r[0] === 'Gebietscode');
    expect(sheet[kopf - 1]!.slice(2, 19)).toContain('Bevölkerung 75 Jahre und älter (Personen)');
    const zeile = sheet[kopf + 1]!;
    const baender = zeile.slice(2, 19) as number[];
    expect(baender.reduce((s, n) => s + n, 0)).toBe(96700);
    expect(zeile[19]).toBe(96700);

    const dataset = readEntrySheet(sheet, out!.info);
    const check = checkEntry(dataset, { catalogue: session.catalogue, tree: session.tree, submitter: session.who });
    expect(check.items.filter((i) => i.finding.severity === 'fehler').map((i) => i.finding.message)).toEqual([]);
    expect(check.ok).toBe(true);
    // a band typed wrong in the sheet: the check names the rule and the cell, before anything is sent
    const falsch = sheet.map((r) => [...r]);
    falsch[kopf + 1]![18] = 11621;
    const f = checkEntry(readEntrySheet(falsch, out!.info), { catalogue: session.catalogue, tree: session.tree, submitter: session.who });
    expect(f.ok).toBe(false);
    expect(f.items.map((i) => i.finding.detail).join('\n')).toContain('75 Jahre und älter');

    const receipt = await session.api.submit({ period: '2015', baseRevision: out!.info.baseRevision, rows: dataset.rows }, 'altersvorlage-1');
    expect(receipt.rowsAccepted).toBe(19);
    const [u18] = await session.api.indicators('2015', ['anteil_u18'], [WITTEN]);
    // 2,397 + 2,348 + 3,112 + 3,985 + 2,756 = 14,598 of 96,700
    expect(u18).toMatchObject({ status: 'ok', numerator: 14598, denominator: 96700 });

    // a later template in the catalogue's bands meets the stored 30–34, 35–39, 40–44: the check before
    // sending (with the server's values, as the pane runs it) refuses the overlap as the server would
    const context = new ValueTable();
    for (const v of await session.api.values('2015')) context.set(v.area, v.variable, '2015', v.value);
    const katalog = checkEntry(
      { period: '2015', rows: [{ area: WITTEN, variable: 'bev_30_44', value: 16675 }], cells: [{ row: 4, col: 2 }] },
      { catalogue: session.catalogue, tree: session.tree, submitter: session.who, context },
    );
    expect(katalog.ok).toBe(false);
    expect(katalog.items.map((i) => i.finding.code)).toContain('ALTERSGRUPPEN_UEBERSCHNEIDUNG');
  });
});
