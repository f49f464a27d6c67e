import { aggregateRegister, readZuordnung, RegisterError, type RegisterResult } from '../../shared/register';
import { CsvFormatError } from '../../shared/io/werte-csv';
import { B1, B4, S1 } from '../helpers/core-fixtures';
import { BESTAND_HEADER, PERSONEN, STICHTAG, ZUORDNUNG_CSV, bestandCsv, personLine, type P } from './fixture';

async function run(bestand: string, opts: { streng?: boolean; bewegungen?: string } = {}): Promise<RegisterResult> {
  const zuordnung = await readZuordnung([ZUORDNUNG_CSV], 'zuordnung.csv');
  return aggregateRegister(
    { bestand, bestandDatei: 'ew.csv', ...(opts.bewegungen ? { bewegungen: opts.bewegungen, bewegungenDatei: 'bew.csv' } : {}) },
    { stichtag: STICHTAG, zuordnung, streng: opts.streng ?? false },
  );
}
const value = (res: RegisterResult, area: string, variable: string) => res.rows.find((r) => r.area === area && r.variable === variable)?.value;

/** The good register plus bad rows appended (lines 22 ff.), each at an address in B1. */
const BAD: (P | string)[] = [
  { om: '40', geb: '29.02.2023', g: 'w', str: '100', hnr: '1', einzug: '01.01.2024' }, // line 22: impossible date
  { om: '41', geb: '01.01.2000', g: 'q', str: '100', hnr: '1', einzug: '01.01.2024' }, // 23: unknown Geschlecht
  { om: '42', geb: '01.01.2000', g: 'm', sa: 'QQ', str: '100', hnr: '1', einzug: '01.01.2024' }, // 24: unknown nationality
  { om: '1', geb: '01.01.2000', g: 'm', str: '100', hnr: '1', einzug: '01.01.2024' }, // 25: duplicate key of person 1
  { om: '43', geb: '01.01.2000', g: 'm', str: '100', hnr: 'x12', einzug: '01.01.2024' }, // 26: house number
  '44;01.01.2000;m;DE', // 27: too few fields
  { om: '45', geb: '01.01.2000', g: 'm', st: 'X', str: '100', hnr: '1', einzug: '01.01.2024' }, // 28: Wohnungsstatus
  { om: '46', geb: '01.01.2000', g: 'm', str: '100', hnr: '1', einzug: '01.01.1999' }, // 29: moved in before birth
  { om: '47', geb: '01.01.2030', g: 'm', str: '100', hnr: '1', einzug: '01.01.2030' }, // 30: born after the Stichtag
];

describe('bad input: reported with line and column, skipped, never counted', () => {
  const text = bestandCsv() + BAD.map((b) => (typeof b === 'string' ? b : personLine(b))).join('\n') + '\n';

  test('each faulty row is named with file, line and column, and the counts equal those of the clean register', async () => {
    const clean = await run(bestandCsv());
    const res = await run(text);
    expect(res.rows).toEqual(clean.rows);
    const msgs = res.report.befunde.filter((f) => f.severity === 'fehler').map((f) => [f.code, f.line, f.column]);
    expect(msgs).toEqual([
      ['DATUM_UNGUELTIG', 22, 'geburtsdatum'],
      ['WERT_UNGUELTIG', 23, 'geschlecht'],
      ['WERT_UNGUELTIG', 24, 'staatsangehoerigkeit'],
      ['ADRESSE_UNGUELTIG', 26, 'hausnummer'],
      ['ZEILE_SPALTENZAHL', 27, null],
      ['WERT_UNGUELTIG', 28, 'wohnungsstatus'],
      ['DATUM_UNGUELTIG', 29, 'einzugsdatum'],
      ['DATUM_UNGUELTIG', 30, 'geburtsdatum'],
      ['DOPPELTER_SCHLUESSEL', 25, 'ordnungsmerkmal'],
    ]);
    const byLine = (l: number) => res.report.befunde.find((f) => f.line === l)!.message;
    expect(byLine(22)).toBe('ew.csv, Zeile 22, Spalte „geburtsdatum“ (2. Spalte): „29.02.2023“ ist kein gültiges Kalenderdatum – Person nicht gezählt');
    expect(byLine(23)).toMatch(/Spalte „geschlecht“ \(3\. Spalte\): „q“ ist kein Geschlechtsschlüssel; erlaubt: m, w, d, x/);
    expect(byLine(25)).toMatch(/Ordnungsmerkmal 1 steht schon in Zeile 2/);
    expect(byLine(27)).toMatch(/^ew\.csv, Zeile 27: Die Zeile hat 4 Felder, die Kopfzeile 16/);
    expect(res.report.bestand).toMatchObject({ zeilen: 29, gezaehlt: 19, uebersprungen: 9 });
    expect(res.report.fehler).toBe(9);
  });

  test('duplicate keys are named as written (leading zeros kept, letters too)', async () => {
    const extra = [
      { om: '0012', geb: '01.01.2000', g: 'm', str: '100', hnr: '1', einzug: '01.01.2024' },
      { om: '0012', geb: '01.01.2001', g: 'w', str: '100', hnr: '2', einzug: '01.01.2024' },
      { om: 'X-1', geb: '01.01.2000', g: 'm', str: '100', hnr: '1', einzug: '01.01.2024' },
      { om: 'X-1', geb: '01.01.2001', g: 'w', str: '100', hnr: '2', einzug: '01.01.2024' },
    ];
    const res = await run(bestandCsv([...PERSONEN, ...extra]));
    expect(res.report.befunde.map((f) => f.message.replace(/^.*Spalte „ordnungsmerkmal“ \(1\. Spalte\): /, ''))).toEqual([
      'Ordnungsmerkmal 0012 steht schon in Zeile 22 – diese Zeile wird nicht gezählt, Verweise gelten der ersten',
      'Ordnungsmerkmal X-1 steht schon in Zeile 24 – diese Zeile wird nicht gezählt, Verweise gelten der ersten',
    ]);
    expect(res.report.bestand.gezaehlt).toBe(21);
  });

  test('strict mode stops at the first faulty row, naming it', async () => {
    await expect(run(text, { streng: true })).rejects.toThrow(RegisterError);
    await expect(run(text, { streng: true })).rejects.toThrow(/^ew\.csv, Zeile 22, Spalte „geburtsdatum“.*Abbruch, strenger Modus/);
  });

  test('a spouse or parent reference to a missing person is a warning: the person counts, the link does not', async () => {
    const persons = PERSONEN.map((p) => (p.om === '12' ? { ...p, ehe: '999' } : p.om === '6' ? { ...p, eltern: '5,998' } : p));
    // 5 and her child 7 stay linked; 6 links to 5 as well; 998 is unknown
    const res = await run(bestandCsv(persons));
    const warn = res.report.befunde.filter((f) => f.severity === 'warnung').map((f) => [f.code, f.line, f.column]);
    expect(warn).toEqual([
      ['ELTERNTEIL_FEHLT', 7, 'elternteil_om'],
      ['EHEGATTE_FEHLT', 13, 'ehegatte_om'],
    ]);
    expect(value(res, B1, 'bevoelkerung')).toBe(7);
    expect(value(res, B1, 'hh_alleinerziehend')).toBe(1);
  });

  test('spouses at different addresses are separate households', async () => {
    // person 18 (grandmother in B4) declares person 19 (another address) as spouse
    const persons = PERSONEN.map((p) => (p.om === '18' ? { ...p, ehe: '19' } : p));
    const res = await run(bestandCsv(persons));
    expect(value(res, B4, 'hh_gesamt')).toBe(2);
    expect(res.report.haushalte.ehegatteAndereAdresse).toBe(1);
  });

  test('missing columns stop the run before anything is counted', async () => {
    const noEinzug = bestandCsv().replace(';einzugsdatum;', ';einzug;');
    await expect(run(noEinzug)).rejects.toThrow(new CsvFormatError('ew.csv', 1, 'In der Kopfzeile fehlt die Spalte „einzugsdatum“; vorhanden: ' + BESTAND_HEADER.replace(';einzugsdatum;', ';einzug;')));
  });

  test('a faulty address table is refused as a whole, with every faulty line', async () => {
    const bad = ZUORDNUNG_CSV + `\n${S1};100;1;;${B4};\n05954036;abc;1;;${B1};\n`;
    await expect(readZuordnung([bad], 'z.csv')).rejects.toThrow(
      /z\.csv: 2 fehlerhafte Zeile\(n\).*\n.*z\.csv, Zeile 7, Spalte „baublock“ \(5\. Spalte\): Die Adresse ist schon 05954036-01-0001 zugeordnet, hier 05954036-02-0002\n.*Zeile 8, Spalte „strassenschluessel“/,
    );
  });

  test('movements: unknown event, bad date and a move without its other half are reported and not counted', async () => {
    const bew = [
      'ordnungsmerkmal;ereignis;datum;gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz',
      `50;umzug;01.02.2024;${S1};100;1;`,
      `51;geburt;31.06.2024;${S1};100;1;`,
      `52;umzug_von;01.03.2024;${S1};100;1;`,
      `53;geburt;01.03.2024;${S1};100;1;`,
    ].join('\n');
    const res = await run(bestandCsv(), { bewegungen: bew });
    expect(res.report.befunde.map((f) => [f.code, f.line, f.column])).toEqual([
      ['WERT_UNGUELTIG', 2, 'ereignis'],
      ['DATUM_UNGUELTIG', 3, 'datum'],
      ['UMZUG_OHNE_GEGENSTUECK', 4, 'ereignis'],
    ]);
    expect(value(res, B1, 'geburten')).toBe(1);
    expect(value(res, B1, 'fortzuege')).toBe(0);
    expect(res.report.bewegungen).toMatchObject({ gezaehlt: 1, uebersprungen: 3 });
  });

  test('an impossible Stichtag is refused', async () => {
    const zuordnung = await readZuordnung([ZUORDNUNG_CSV], 'z.csv');
    await expect(aggregateRegister({ bestand: bestandCsv(), bestandDatei: 'ew.csv' }, { stichtag: '31.11.2024', zuordnung })).rejects.toThrow('Stichtag: „31.11.2024“ ist kein gültiges Kalenderdatum');
  });
});
