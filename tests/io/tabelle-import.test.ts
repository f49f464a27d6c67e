/**
 * Wide source table → long format (shared/io/tabelle-import.ts), on grids as the readers hand them
 * over. Areas: the hand-made Kreis of tests/helpers/core-fixtures.ts (Witten with Annen and Bommern,
 * Breckerfeld), plus two Baublöcke of the same name for the ambiguous-name case.
 */
import { AreaTree } from '../../shared/areas/areas';
import { standardCatalogue } from '../../shared/catalogue/standard';
import {
  ZuordnungFehler,
  Zelle,
  adresse,
  formatLangformat,
  importTabelle,
  leseWert,
  parseZuordnung,
  type Tabelle,
  type Zuordnung,
} from '../../shared/io/tabelle-import';
import { parseWerteCsv } from '../../shared/io/werte-csv';
import { validateDataset } from '../../shared/validation/validate';
import { AREAS, GT1, GT2, S1, S2 } from '../helpers/core-fixtures';

const catalogue = standardCatalogue();
const tree = AreaTree.build([
  ...AREAS,
  { code: '05954036-01-0009', name: 'Annen Süd', ebene: 'baublock', parent: GT1 },
  { code: '05954036-02-0009', name: 'annen  süd', ebene: 'baublock', parent: GT2 },
]);
const ctx = { catalogue, tree };

const zuordnung = (extra: Record<string, unknown> = {}): Zuordnung =>
  parseZuordnung(
    { gebietsspalte: 'Gemeindeteil', stadt: S1, spalten: { 'Arbeitslose insgesamt': 'arbeitslose', 'SGB II eLb': 'elb' }, ...extra },
    'zuordnung.json',
    catalogue,
    tree,
  );

/** A BA-like sheet: title block, two-row header with merged cells, column numbers, footer. */
function baSheet(data: Zelle[][]): Tabelle {
  return {
    datei: 'ba.xlsx',
    blatt: 'Gemeindeteile',
    zellen: [
      ['Arbeitsmarkt in Zahlen – kleinräumige Daten'],
      ['Stadt Witten, Berichtsmonat Dezember 2024'],
      [],
      ['Gemeindeteil', 'Schlüssel', 'Arbeitslose', null, 'SGB II'],
      [null, null, 'insgesamt', 'darunter Frauen', 'eLb'],
      ['1', '2', '3', '4', '5'],
      ...data,
      [],
      ['Quelle: Statistik der Bundesagentur für Arbeit'],
      ['Zeichenerklärung: * Zahlenwert anonymisiert; - nichts vorhanden'],
    ],
    verbunde: [
      { top: 3, left: 0, bottom: 4, right: 0 }, // A4:A5 Gemeindeteil
      { top: 3, left: 1, bottom: 4, right: 1 }, // B4:B5
      { top: 3, left: 2, bottom: 3, right: 3 }, // C4:D4 Arbeitslose
    ],
  };
}

describe('importTabelle: a BA-like sheet', () => {
  it('finds the header below the title block, reads merged headers, signs, thousands separators and stops at the footer', () => {
    const res = importTabelle(
      baSheet([
        ['Annen', GT1, '1.234', 600, 2345],
        ['bommern ', GT2, '*', '-', '-'],
      ]),
      zuordnung(),
      ctx,
    );
    expect(res.fehler).toEqual([]);
    expect(res.kopfzeile).toBe(4);
    expect(res.zeilen).toEqual([
      { area: GT1, variable: 'arbeitslose', value: 1234, zelle: 'C7' },
      { area: GT1, variable: 'elb', value: 2345, zelle: 'E7' },
      { area: GT2, variable: 'elb', value: 0, zelle: 'E8' },
    ]);
    expect(res.warnungen.map((w) => w.meldung)).toEqual([
      'ba.xlsx, Blatt „Gemeindeteile“, Zelle C8 (Bommern (05954036-02), Arbeitslose (arbeitslose)): Quelle hat keinen Wert geliefert: „*“ = von der Quelle anonymisiert (kleine Fallzahl). Für dieses Gebiet wird kein Wert übernommen',
    ]);
    expect(res.warnungen[0]!.art).toBe('QUELLE_OHNE_WERT');
    expect(res.zusammenfassung).toBe('ba.xlsx, Blatt „Gemeindeteile“: 2 Gebiete gelesen, 3 Werte, 0 Fehler, 1 Warnung (Kopfzeile 4)');
    // the long format reads back as `pruefen` reads it and passes the validation
    const rows = parseWerteCsv(formatLangformat(res.zeilen), 'werte.csv');
    expect(rows.map((r) => [r.area, r.variable, r.value])).toEqual(res.zeilen.map((z) => [z.area, z.variable, z.value]));
    expect(validateDataset({ period: '2024', rows }, { catalogue, tree, submitter: { rolle: 'kommune', ags: S1 } }).ok).toBe(true);
  });

  it('resolves areas by code (also an AGS that Excel stored as a number) and by name, case- and space-insensitively', () => {
    const t: Tabelle = {
      datei: 'k.csv',
      blatt: null,
      zellen: [
        ['Gebiet', 'Arbeitslose'],
        [5954008, 7],
        ['  BOMMERN', 3],
      ],
    };
    const res = importTabelle(t, parseZuordnung({ gebietsspalte: 'gebiet', spalten: { arbeitslose: 'arbeitslose' } }, 'z.json', catalogue, tree), ctx);
    expect(res.fehler).toEqual([]);
    expect(res.zeilen.map((z) => [z.area, z.value, z.zelle])).toEqual([
      [S2, 7, 'B2'],
      [GT2, 3, 'B3'],
    ]);
  });

  it('"Insgesamt" and the Stadt name give the Stadt when the mapping allows it, else the sum row is skipped with a warning', () => {
    const rows = (): Zelle[][] => [['Annen', null, 10, 1, 5], ['Insgesamt', null, 10, 1, 5]];
    const mit = importTabelle(baSheet(rows()), zuordnung({ stadtzeile: true }), ctx);
    expect(mit.fehler).toEqual([]);
    expect(mit.zeilen.filter((z) => z.area === S1).map((z) => z.zelle)).toEqual(['C8', 'E8']);
    const ohne = importTabelle(baSheet(rows()), zuordnung(), ctx);
    expect(ohne.zeilen.some((z) => z.area === S1)).toBe(false);
    expect(ohne.warnungen.map((w) => [w.art, w.zelle])).toEqual([['SUMMENZEILE', 'A8']]);
    const name = importTabelle(baSheet([['Witten', null, 10, 1, 5]]), zuordnung({ stadtzeile: true }), ctx);
    expect(name.zeilen.map((z) => z.area)).toEqual([S1, S1]);
  });

  it('skips a units row under the header; warns about data after an empty row instead of dropping it silently', () => {
    const t = baSheet([['Annen', null, 1, 0, 2]]);
    (t.zellen as Zelle[][]).splice(6, 0, [null, null, 'Anzahl', 'Anzahl', 'Anzahl']); // row 7: units
    (t.zellen as Zelle[][]).splice(8, 0, [], ['Bommern', null, 3, 0, 4]); // row 9 empty, row 10 data
    const res = importTabelle(t, zuordnung(), ctx);
    expect(res.zeilen.map((z) => [z.area, z.zelle])).toEqual([
      [GT1, 'C8'],
      [GT1, 'E8'],
    ]);
    expect(res.warnungen.map((w) => w.meldung)).toEqual([
      'ba.xlsx, Blatt „Gemeindeteile“, Zelle A10: Die Tabelle endet in Zeile 9 (leere Gebietszelle); „Bommern“ in Zeile 10 sieht nach einer Datenzeile aus und wird nicht übernommen. Bitte leere Zeilen innerhalb der Tabelle entfernen',
    ]);
  });

  it('without a Stadt: a table of Städte with a Kreis sum row; a formula result off by floating point is whole', () => {
    const t: Tabelle = {
      datei: 'it-nrw.csv',
      blatt: null,
      zellen: [
        ['Gemeinde', 'Arbeitslose'],
        ['Witten', 0.1 * 3 * 10],
        ['Breckerfeld', '12'],
        ['Ennepe-Ruhr-Kreis', '15'],
        ['Insgesamt', '15'],
      ],
    };
    const res = importTabelle(t, parseZuordnung({ gebietsspalte: 'Gemeinde', spalten: { Arbeitslose: 'arbeitslose' } }, 'z.json', catalogue, tree), ctx);
    expect(res.fehler).toEqual([]);
    expect(res.zeilen.map((z) => [z.area, z.value])).toEqual([
      [S1, 3],
      [S2, 12],
    ]);
    expect(res.warnungen.map((w) => w.meldung)).toEqual([
      'it-nrw.csv, Zelle A4: Die Summenzeile „Ennepe-Ruhr-Kreis“ wird nicht übernommen',
      'it-nrw.csv, Zelle A5: Die Summenzeile „Insgesamt“ wird nicht übernommen',
    ]);
  });

  it('names how a skipped sum row could count for the Stadt only where the caller offers a way', () => {
    const t: Tabelle = { datei: 'ba.csv', blatt: null, zellen: [['Gemeindeteil', 'Arbeitslose'], ['Annen', '7'], ['Insgesamt', '7']] };
    const z = zuordnung({ spalten: { Arbeitslose: 'arbeitslose' } });
    const ohne = importTabelle(t, z, ctx).warnungen.map((w) => w.meldung);
    expect(ohne).toEqual(['ba.csv, Zelle A3: Die Summenzeile „Insgesamt“ wird nicht übernommen']);
    const mit = importTabelle(t, z, { ...ctx, stadtzeileHinweis: 'so und so gilt sie als Wert der Stadt' }).warnungen.map((w) => w.meldung);
    expect(mit).toEqual(['ba.csv, Zelle A3: Die Summenzeile „Insgesamt“ wird nicht übernommen; so und so gilt sie als Wert der Stadt']);
  });

  it('takes the header row from the mapping', () => {
    const t: Tabelle = { datei: 't.csv', blatt: null, zellen: [['Gemeindeteil', 'x'], ['egal'], ['Gemeindeteil', 'SGB II eLb'], ['Annen', '12']] };
    const res = importTabelle(t, zuordnung({ kopfzeile: 3, spalten: { 'SGB II eLb': 'elb' } }), ctx);
    expect(res.zeilen).toEqual([{ area: GT1, variable: 'elb', value: 12, zelle: 'B4' }]);
    const falsch = importTabelle(t, zuordnung({ kopfzeile: 2, spalten: { 'SGB II eLb': 'elb' } }), ctx);
    expect(falsch.fehler.map((f) => f.meldung)).toEqual([
      't.csv: In der Kopfzeile 2 (laut Zuordnung) steht keine Spalte „Gemeindeteil“; dort stehen: „egal“',
    ]);
  });
});

describe('importTabelle: every bad cell named by its address', () => {
  const one = (cells: Zelle[], extra: Record<string, unknown> = {}) => importTabelle(baSheet([cells]), zuordnung(extra), ctx);

  it.each<[string, Zelle, string, string]>([
    ['decimal', '12,5', 'WERT_NICHT_GANZZAHLIG', 'Der Wert 12,5 ist keine ganze Zahl; gezählt werden Personen'],
    ['decimal number', 12.5, 'WERT_NICHT_GANZZAHLIG', 'Der Wert 12,5 ist keine ganze Zahl; gezählt werden Personen'],
    ['negative', '-3', 'WERT_NEGATIV', 'Der Wert -3 ist negativ; eine Anzahl ist 0 oder größer'],
    ['above maximum', 200001, 'WERT_ZU_GROSS', 'Der Wert 200.001 ist für ein Gebiet der Ebene Gemeindeteil nicht plausibel; erlaubt sind höchstens 200.000 Personen'],
    ['text', 'k.A.', 'WERT_KEINE_ZAHL', '„k.A.“ ist keine Zahl und kein Zeichen der amtlichen Statistik (-, *, ., x, /).'],
    ['decimal point', '1.5', 'WERT_KEINE_ZAHL', '„1.5“ ist keine Zahl und kein Zeichen der amtlichen Statistik (-, *, ., x, /). Der Punkt ist in deutschen Tabellen das Tausendertrennzeichen (1.234); Dezimalzahlen schreiben sich mit Komma'],
    ['empty', null, 'WERT_LEER', 'Die Zelle ist leer; erwartet wird eine Zahl oder ein Zeichen der amtlichen Statistik (- für nichts, *, ., x, /)'],
  ])('%s', (_name, cell, art, grund) => {
    const res = one(['Annen', null, cell, 0, 5]);
    expect(res.ok).toBe(false);
    expect(res.zeilen).toEqual([]); // nothing half-done
    expect(res.fehler.map((f) => [f.art, f.meldung])).toEqual([
      [art, `ba.xlsx, Blatt „Gemeindeteile“, Zelle C7 (Annen (${GT1}), Arbeitslose (arbeitslose)): ${grund}`],
    ]);
  });

  it('signs that give no value are warnings with their meaning', () => {
    for (const [zeichen, bedeutung] of <[string, string][]>[
      ['.', 'Zahlenwert unbekannt oder geheim zu halten'],
      ['x', 'Tabellenfach gesperrt, weil Aussage nicht sinnvoll'],
      ['/', 'keine Angabe, da Zahlenwert nicht sicher genug'],
    ]) {
      const res = one(['Annen', null, 4, 0, zeichen]);
      expect(res.ok).toBe(true);
      expect(res.zeilen.map((z) => z.variable)).toEqual(['arbeitslose']);
      expect(res.warnungen.map((w) => w.meldung)).toEqual([
        `ba.xlsx, Blatt „Gemeindeteile“, Zelle E7 (Annen (${GT1}), Erwerbsfähige Leistungsberechtigte (SGB II) (elb)): Quelle hat keinen Wert geliefert: „${zeichen}“ = ${bedeutung}. Für dieses Gebiet wird kein Wert übernommen`,
      ]);
    }
  });

  it('an unknown area, an area of another Stadt, an ambiguous name, a duplicate row', () => {
    const res = importTabelle(
      baSheet([
        ['Annen Süd', null, 1, 0, 1],
        ['Heven', null, 1, 0, 1],
        [S2, null, 1, 0, 1],
        ['Bommern', null, 1, 0, 1],
        [GT2, null, 1, 0, 1],
      ]),
      zuordnung(),
      ctx,
    );
    expect(res.fehler.map((f) => f.meldung)).toEqual([
      'ba.xlsx, Blatt „Gemeindeteile“, Zelle A7: Der Name „Annen Süd“ passt auf mehrere Gebiete: 05954036-01-0009 (Annen Süd, Baublock), 05954036-02-0009 (annen  süd, Baublock); bitte den Gebietscode statt des Namens verwenden. Die Zeile wird nicht übernommen',
      'ba.xlsx, Blatt „Gemeindeteile“, Zelle A8: „Heven“ ist weder ein Gebietscode noch der Name eines Gebiets der Stadt 05954036 (Witten) in der Gebietsgliederung. Die Zeile wird nicht übernommen',
      'ba.xlsx, Blatt „Gemeindeteile“, Zelle A9: Das Gebiet „05954008“ (Breckerfeld) gehört nicht zur Stadt 05954036 (Witten), für die die Zuordnung gilt. Die Zeile wird nicht übernommen',
      'ba.xlsx, Blatt „Gemeindeteile“, Zelle A11 (Bommern (05954036-02)): Das Gebiet 05954036-02 (Bommern) steht schon in Zelle A10; jedes Gebiet nur einmal',
    ]);
    expect(res.fehler.map((f) => f.art)).toEqual(['GEBIET_MEHRDEUTIG', 'GEBIET_UNBEKANNT', 'GEBIET_AUSSERHALB', 'GEBIET_DOPPELT']);
    expect(res.zeilen).toEqual([]);
  });

  it('a name close to a known one gets „Meinten Sie …?“; a subtotal row is skipped with „auslassen“; „ebene“ restricts names to one level', () => {
    const res = importTabelle(baSheet([['Bomern', null, 1, 0, 1], ['Bezirk Süd', null, 5, 0, 5], ['Annen', null, 1, 0, 1]]), zuordnung(), { ...ctx, optionenHinweis: true });
    expect(res.fehler.map((f) => f.meldung)).toEqual([
      'ba.xlsx, Blatt „Gemeindeteile“, Zelle A7: „Bomern“ ist weder ein Gebietscode noch der Name eines Gebiets der Stadt 05954036 (Witten) in der Gebietsgliederung. Meinten Sie „Bommern“ (05954036-02)? Die Zeile wird nicht übernommen',
      'ba.xlsx, Blatt „Gemeindeteile“, Zelle A8: „Bezirk Süd“ ist weder ein Gebietscode noch der Name eines Gebiets der Stadt 05954036 (Witten) in der Gebietsgliederung. Eine Zwischensumme (z. B. eines Bezirks) lässt sich mit „auslassen“ in der Zuordnung überspringen. Die Zeile wird nicht übernommen',
    ]);
    // skipped by its text and by its row number
    for (const auslassen of [['bezirk  süd', 'Bomern'], [7, 8]]) {
      const ok = importTabelle(baSheet([['Bomern', null, 1, 0, 1], ['Bezirk Süd', null, 5, 0, 5], ['Annen', null, 1, 0, 1]]), zuordnung({ auslassen }), ctx);
      expect(ok.fehler).toEqual([]);
      expect(ok.zeilen.map((z) => z.area)).toEqual([GT1, GT1]);
    }
    // „Annen Süd“ is a Baublock twice; restricted to Gemeindeteile it is unknown, not ambiguous
    const nurGt = importTabelle(baSheet([['Annen Süd', null, 1, 0, 1]]), zuordnung({ ebene: 'gemeindeteil' }), ctx);
    expect(nurGt.fehler.map((f) => f.art)).toEqual(['GEBIET_UNBEKANNT']);
    expect(nurGt.fehler[0]!.grund).toContain('auf der Ebene Gemeindeteil');
    expect(() => zuordnung({ ebene: 'ortsteil' })).toThrow(/Feld „ebene“/);
    // a city total written „Stadt Witten“ is a sum row, not an unknown area
    const stadtZeile = importTabelle(baSheet([['Annen', null, 1, 0, 1], ['Stadt Witten', null, 1, 0, 1]]), zuordnung(), ctx);
    expect(stadtZeile.fehler).toEqual([]);
    expect(stadtZeile.warnungen.map((w) => [w.art, w.zelle])).toEqual([['SUMMENZEILE', 'A8']]);
  });

  it('a value below the Merkmal\'s finest level', () => {
    const res = one(['05954036-01-0001', null, 1, 0, 1]);
    expect(res.fehler.map((f) => [f.zelle, f.art])).toEqual([
      ['C7', 'EBENE_ZU_FEIN'],
      ['E7', 'EBENE_ZU_FEIN'],
    ]);
    expect(res.fehler[0]!.grund).toBe('Arbeitslose gibt es laut Katalog nur bis zur Ebene Gemeindeteil (Quelle: BA), nicht je Baublock');
  });

  it('a mapped header missing from the table names the header rows and what is there', () => {
    const res = importTabelle(baSheet([['Annen', null, 1, 0, 1]]), zuordnung({ spalten: { 'Arbeitslose insgesamt': 'arbeitslose', 'SGB II LB': 'lb_sgb2' } }), ctx);
    expect(res.fehler.map((f) => f.meldung)).toEqual([
      'ba.xlsx, Blatt „Gemeindeteile“ (Leistungsberechtigte nach SGB II (lb_sgb2)): Die Spalte „SGB II LB“ aus der Zuordnung steht nicht in den Kopfzeilen 4–5; vorhanden: „Schlüssel“, „Arbeitslose insgesamt“, „Arbeitslose darunter Frauen“, „SGB II eLb“',
    ]);
  });

  it('a header that fits several columns is ambiguous', () => {
    const t = baSheet([['Annen', null, 1, 0, 1]]);
    (t.zellen[4] as Zelle[])[4] = 'insgesamt'; // E5: „SGB II“ over „insgesamt“
    const res = importTabelle(t, zuordnung({ spalten: { insgesamt: 'arbeitslose' } }), ctx);
    expect(res.fehler.map((f) => [f.art, f.grund])).toEqual([
      ['SPALTE_MEHRDEUTIG', 'Die Überschrift „insgesamt“ steht über mehreren Spalten (C5, E5); bitte in der Zuordnung die vollständige Überschrift angeben'],
    ]);
  });

  it('no area column, no data rows', () => {
    const t: Tabelle = { datei: 'a.csv', blatt: null, zellen: [['Bezirk', 'Arbeitslose insgesamt'], ['Annen', '1']] };
    expect(importTabelle(t, zuordnung(), ctx).fehler.map((f) => f.art)).toEqual(['KOPFZEILE_FEHLT']);
    const leer = importTabelle(baSheet([]), zuordnung(), ctx);
    expect(leer.fehler.map((f) => f.meldung)).toEqual(['ba.xlsx, Blatt „Gemeindeteile“: Unter den Kopfzeilen 4–5 steht keine Datenzeile']);
  });
});

describe('leseWert: cell conventions', () => {
  it.each<[Zelle, unknown]>([
    [17, { art: 'zahl', wert: 17 }],
    ['1.234.567', { art: 'zahl', wert: 1234567 }],
    ['1 234', { art: 'zahl', wert: 1234 }],
    ['-', { art: 'zahl', wert: 0 }],
    ['–', { art: 'zahl', wert: 0 }],
    ['12,5', { art: 'zahl', wert: 12.5 }],
    ['*', { art: 'zeichen', zeichen: '*', bedeutung: 'von der Quelle anonymisiert (kleine Fallzahl)' }],
    ['X', { art: 'zeichen', zeichen: 'X', bedeutung: 'Tabellenfach gesperrt, weil Aussage nicht sinnvoll' }],
    ['12.34', expect.objectContaining({ art: 'text' })],
    ['1.2345', expect.objectContaining({ art: 'text' })],
    ['  ', { art: 'leer' }],
  ])('%p', (cell, expected) => {
    expect(leseWert(cell)).toEqual(expected);
  });
  it('A1 addresses past Z', () => {
    expect([adresse(0, 0), adresse(16, 3), adresse(0, 25), adresse(0, 26), adresse(9, 701), adresse(0, 702)]).toEqual(['A1', 'D17', 'Z1', 'AA1', 'ZZ10', 'AAA1']);
  });
});

describe('parseZuordnung', () => {
  const fehler = (data: unknown): string[] => {
    try {
      parseZuordnung(data, 'zuordnung.json', catalogue, tree);
    } catch (e) {
      expect(e).toBeInstanceOf(ZuordnungFehler);
      return (e as ZuordnungFehler).probleme;
    }
    throw new Error('keine Ablehnung');
  };
  it('names unknown and computed Merkmal ids by their entry, and a Merkmal mapped twice', () => {
    expect(fehler({ gebietsspalte: 'Gemeindeteil', spalten: { 'Arbeitslose insg.': 'arbeitslos', Quote: 'sgb2_quote', A: 'elb', B: 'elb' } })).toEqual([
      'Feld „spalten“, Eintrag „Arbeitslose insg.“: „arbeitslos“ ist kein Merkmal des Kennzahlenkatalogs ' + catalogue.version,
      expect.stringMatching(/^Feld „spalten“, Eintrag „Quote“: „sgb2_quote“ (wird aus Merkmalen berechnet|ist kein Merkmal)/),
      'Feld „spalten“, Eintrag „B“: Das Merkmal „elb“ ist schon der Spalte „A“ zugeordnet; jedes Merkmal nur einmal',
    ]);
  });
  it('names wrong fields in German', () => {
    const p = fehler({ gebietsspalte: '', stadt: '5954036', spalten: {}, kopfzeile: 0, spalte: 'x' });
    expect(p).toEqual(
      expect.arrayContaining([
        'Feld „gebietsspalte“: darf nicht leer sein',
        'Feld „stadt“: erwartet wird der 8-stellige Gemeindeschlüssel der Stadt, z. B. „05954036“',
        'Feld „spalten“: mindestens eine Spalte muss einem Merkmal zugeordnet sein',
        'Feld „kopfzeile“: Zeilen zählen ab 1',
      ]),
    );
    expect(p.some((m) => m.includes('spalte') && /unbekannt|Unerkannt|nicht erkannt/i.test(m))).toBe(true);
  });
  it('a Stadt that is not in the areas', () => {
    expect(fehler({ gebietsspalte: 'G', stadt: '05954099', spalten: { a: 'elb' } })).toEqual(['Feld „stadt“: Die Stadt „05954099“ gibt es in der Gebietsgliederung nicht']);
  });
});
