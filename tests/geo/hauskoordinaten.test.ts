import { parseHauskoordinate, readAllHauskoordinaten, parseKoordinate } from '../../shared/geo/hauskoordinaten';
import { CsvFormatError } from '../../shared/io/werte-csv';

const HEAD = 'NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;EAST;NORTH;STN;PLZ;ONM;ZON';
const row = (o: Partial<Record<string, string>> = {}) => {
  const d: Record<string, string> = { NBA: 'N', OI: 'DENW1', QUA: 'A', LAN: '05', RBZ: '9', KRS: '54', GMD: '036', OTT: '', SSS: '00123', HNR: '12', ADZ: 'a', EAST: '385123,45', NORTH: '5690123.5', STN: 'Hauptstraße', PLZ: '58452', ONM: 'Witten', ZON: '' };
  return HEAD.split(';').map((c) => o[c] ?? d[c]).join(';');
};

test('reads HK-DE rows: AGS from LAN+RBZ+KRS+GMD, decimal comma, suffix', async () => {
  const text = `${HEAD}\r\n${row()}\r\n${row({ HNR: '14', ADZ: '', EAST: '385200', QUA: 'B' })}\r\n`;
  const all = await readAllHauskoordinaten([new TextEncoder().encode(text)], 'hk.csv');
  expect(all).toHaveLength(2);
  expect(all[0]).toEqual({ line: 2, ags: '05954036', strasse: '00123', hausnummer: '12', zusatz: 'a', east: 385123.45, north: 5690123.5, qualitaet: 'A', einwohner: null });
  expect(all[1]!.east).toBe(385200);
  expect(all[1]!.qualitaet).toBe('B');
});

test('optional column einwohner', async () => {
  const text = `${HEAD};einwohner\n${row()};7\n${row({ HNR: '3' })};\n`;
  const all = await readAllHauskoordinaten([text], 'hk.csv');
  expect(all.map((h) => h.einwohner)).toEqual([7, 0]);
  await expect(readAllHauskoordinaten([`${HEAD};einwohner\n${row()};x\n`], 'hk.csv')).rejects.toThrow(/hk.csv, Zeile 2, Spalte „einwohner“.*„x“/);
});

test.each([
  ['EAST', 'abc', /Zeile 3, Spalte „EAST“ \(12\. Spalte\).*Rechtswert „abc“/],
  ['NORTH', '51.4', /Spalte „NORTH“.*Hochwert „51.4“/],
  ['EAST', '7.35', /Rechtswert „7.35“.*EPSG:25832/],
  // Gauß-Krüger zone 2 and UTM with the zone number in front (ALKIS exports): the likely system is named
  ['EAST', '2585123,45', /Rechtswert „2585123,45“ ist keine UTM-32-Koordinate.*; vermutlich EPSG:31466 \(DHDN \/ Gauß-Krüger Zone 2\) – bitte nach EPSG:25832 umrechnen/],
  ['EAST', '32385123,45', /vermutlich EPSG:4647 \(ETRS89 \/ UTM Zone 32N mit Zonenkennung 32 vor dem Rechtswert\)/],
  ['SSS', '12a', /Spalte „SSS“.*Straßenschlüssel „12a“/],
  ['HNR', '', /Spalte „HNR“.*Hausnummer „“/],
  ['GMD', '36x', /Spalte „LAN“.*8-stelligen Gemeindeschlüssel/],
])('bad %s „%s“ names file, line and column', async (col, value, msg) => {
  const text = `${HEAD}\n${row()}\n${row({ [col]: value })}\n`;
  await expect(readAllHauskoordinaten([text], 'hk.csv')).rejects.toThrow(msg);
});

test('missing columns are named once', async () => {
  await expect(readAllHauskoordinaten(['LAN;RBZ;KRS;GMD;SSS;HNR\n05;9;54;036;1;1\n'], 'x.csv')).rejects.toThrow(CsvFormatError);
  await expect(readAllHauskoordinaten(['LAN;RBZ;KRS;GMD;SSS;HNR\n05;9;54;036;1;1\n'], 'x.csv')).rejects.toThrow(/„EAST“, „NORTH“/);
});

test('parseKoordinate', () => {
  expect(parseKoordinate('385123,45')).toBe(385123.45);
  expect(parseKoordinate(' 5690123 ')).toBe(5690123);
  expect(parseKoordinate('1e5')).toBeNaN();
  expect(parseKoordinate('')).toBeNaN();
  expect(typeof parseHauskoordinate).toBe('function');
});
