/**
 * The core subcommands of the real `sozialmonitor` command (built by `npm test` before jest runs),
 * on real files in a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feature } from '../helpers/gebiete-datei';

const BIN = join(__dirname, '..', '..', 'bin', 'sozialmonitor.js');
const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-cli-'));

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const gebiete = join(dir, 'gebiete.geojson');
writeFileSync(
  gebiete,
  JSON.stringify({
    type: 'FeatureCollection',
    features: [
      feature('05954', 'Ennepe-Ruhr-Kreis', 'kreis', ''),
      feature('05954036', 'Witten', 'stadt', '05954'),
      feature('05954036-01', 'Mitte', 'gemeindeteil', '05954036'),
      feature('05954036-02', 'Annen', 'gemeindeteil', '05954036'),
      feature('05954004', 'Breckerfeld', 'stadt', '05954'),
    ],
  }),
);

describe('sozialmonitor katalog pruefen', () => {
  it('accepts the shipped catalogue', () => {
    const r = run('katalog', 'pruefen');
    expect(r.code).toBe(0);
    expect(r.out).toContain('44 Merkmale');
    expect(r.out).toContain('28 Kennzahlen');
  });
  it('rejects a catalogue with a wrong formula, naming entry, field and problem, with exit code 1', () => {
    const file = join(dir, 'katalog.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 'test',
        gueltigAb: '2026-01-01',
        titel: 'Test',
        merkmale: [
          { id: 'a', name: 'A', handlungsfeld: 'Demografie', einheit: 'Personen', definition: 'd', quelle: 'BA', tiefsteEbene: 'baublock', maximum: 100 },
        ],
        kennzahlen: [
          { id: 'k', name: 'K', handlungsfeld: 'Demografie', einheit: '%', definition: 'd', formel: 'a / b * 100', definitionsquelle: 'x' },
        ],
      }),
    );
    const r = run('katalog', 'pruefen', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain('kennzahlen[0] („k“), Feld „formel“: unbekannte Kennung „b“');
  });
  it('names a file that does not exist', () => {
    const r = run('katalog', 'pruefen', 'gibtsnicht.json');
    expect(r.code).toBe(1);
    expect(r.err).toContain('gibtsnicht.json kann nicht gelesen werden: sie existiert nicht');
  });
});

describe('sozialmonitor gebiete pruefen', () => {
  it('counts the areas per level', () => {
    const r = run('gebiete', 'pruefen', gebiete);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ist in Ordnung: 1 kreis, 2 stadt, 2 gemeindeteil.');
  });
  it('checks real outlines (Berlin: Land, Stadt, Bezirke, Planungsräume) and refuses overlapping ones by name', () => {
    const real = join(__dirname, '..', 'fixtures', 'real', 'berlin-lor', 'gebiete.geojson');
    const ok = run('gebiete', 'pruefen', real);
    expect(ok.err).toBe('');
    expect(ok.out).toContain('ist in Ordnung: 1 land, 1 stadt, 2 stadtbezirk, 67 gemeindeteil.');
    const input = JSON.parse(readFileSync(real, 'utf8')) as { features: { properties: { code: string }; geometry: unknown }[] };
    const byCode = (c: string) => input.features.find((f) => f.properties.code === c)!;
    byCode('11000000-02-02010101').geometry = byCode('11000000-02-02010102').geometry;
    const file = join(dir, 'berlin-ueberlappend.geojson');
    writeFileSync(file, JSON.stringify(input));
    const bad = run('gebiete', 'pruefen', file);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Gemeindeteil .* \(11000000-02-02010101\) und Gemeindeteil .* \(11000000-02-02010102\) überlappen sich auf 100 %/);
  });
  it('names areas whose sub-areas are incomplete (their official total wins), refuses the flag on an area without sub-areas', () => {
    const flag = (code: string) => {
      const features = [feature('05954', 'Ennepe-Ruhr-Kreis', 'kreis', ''), feature('05954036', 'Witten', 'stadt', '05954'), feature('05954036-01', 'Mitte', 'gemeindeteil', '05954036')];
      Object.assign(features.find((f) => f.properties.code === code)!.properties, { teileUnvollstaendig: true, teileUnvollstaendigGrund: 'Personen ohne Stadtteilzuordnung' });
      const file = join(dir, `teile-${code}.geojson`);
      writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
      return run('gebiete', 'pruefen', file);
    };
    const ok = flag('05954036');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Teilgebiete unvollständig: Witten (05954036) – Personen ohne Stadtteilzuordnung; die gemeldete Gesamtzahl gilt vor der Summe der Teilgebiete.');
    const bad = flag('05954036-01');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Gebiet „05954036-01“ (Mitte): „teileUnvollstaendig“ ist gesetzt, das Gebiet hat aber keine Teilgebiete');
  });
  it('rejects a broken hierarchy naming the area', () => {
    const file = join(dir, 'kaputt.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [feature('05954', 'Kreis', 'kreis', ''), feature('05954036-01', 'Mitte', 'gemeindeteil', '05954036')],
      }),
    );
    const r = run('gebiete', 'pruefen', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Gebiet „05954036-01“: Das übergeordnete Gebiet „05954036“ ist nicht in der Liste');
  });
});

describe('sozialmonitor pruefen', () => {
  it('reports each faulty row with file line, area and variable, and fails', () => {
    const file = join(dir, 'werte.csv');
    writeFileSync(
      file,
      ['area;variable;value', '05954036-01;bevoelkerung;100', '05954036-01;bev_weiblich;120', '05954036-02;geburten;-1', '05954004;bevoelkerung;5'].join('\r\n'),
    );
    const r = run('pruefen', file, '--gebiete', gebiete, '--periode', '2024', '--rolle', 'kommune', '--ags', '05954036');
    expect(r.code).toBe(1);
    expect(r.out).toContain('FEHLER [TEIL_GROESSER_ALS_GANZES] ' + file + ', Zeile 3, Mitte (05954036-01), Bevölkerung weiblich (bev_weiblich): Bevölkerung weiblich (bev_weiblich) = 120');
    expect(r.out).toContain('FEHLER [WERT_NEGATIV] ' + file + ', Zeile 4');
    expect(r.out).toContain('FEHLER [NICHT_EIGENES_GEBIET] ' + file + ', Zeile 5');
    expect(r.out).toContain('4 Zeilen geprüft: 3 Fehler');
    // grouped by kind as in the add-in, each kind once with its count, the findings below it
    const lines = r.out.split('\n');
    expect(lines.filter((l) => /^Fehler: \d+ × /.test(l))).toEqual(['Fehler: 1 × Wert negativ', 'Fehler: 1 × Gebiet einer anderen Stadt', 'Fehler: 1 × Teil größer als das Ganze']);
    expect(lines[lines.indexOf('Fehler: 1 × Wert negativ') + 1]).toMatch(/^ {2}FEHLER \[WERT_NEGATIV\] .*, Zeile 4, /);
  });
  it('passes a clean file', () => {
    const file = join(dir, 'gut.csv');
    writeFileSync(file, 'area;variable;value\n05954036-01;bevoelkerung;100\n05954036-01;bev_weiblich;51\n');
    const r = run('pruefen', file, '--gebiete', gebiete, '--periode', '2024');
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 Zeilen geprüft: 0 Fehler, 0 Warnungen. Die Datei kann übermittelt werden.');
  });
  it('with --vorjahr warns about a strong change against the previous year, by the same rule as the server; a faulty or wrong-year file is refused', () => {
    const file = join(dir, 'gut.csv');
    const vorjahr = join(dir, 'vorjahr.csv');
    writeFileSync(vorjahr, 'area;variable;value\n05954036-01;bevoelkerung;1000\n05954036-01;bev_weiblich;52\n');
    const r = run('pruefen', file, '--gebiete', gebiete, '--periode', '2024', '--vorjahr', vorjahr);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`WARNUNG [VORJAHR_SPRUNG] ${file}, Zeile 2: Bevölkerung in Mitte (05954036-01): 100 statt 1.000 im Vorjahr 2023 (−90 %).`);
    expect(r.out).not.toContain('bev_weiblich):');
    expect(r.out).toContain('2 Zeilen geprüft: 0 Fehler, 1 Warnungen.');
    // without the option no comparison
    expect(run('pruefen', file, '--gebiete', gebiete, '--periode', '2024').out).not.toContain('VORJAHR_SPRUNG');
    const kaputt = join(dir, 'vorjahr-kaputt.csv');
    writeFileSync(kaputt, 'area;variable;value\n05954036-01;bevoelkerung;-5\n');
    const bad = run('pruefen', file, '--gebiete', gebiete, '--periode', '2024', '--vorjahr', kaputt);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('(Vorjahr) enthält 1 Fehler');
    const falschesJahr = join(dir, 'vorjahr-2022.json');
    writeFileSync(falschesJahr, JSON.stringify({ period: '2022', rows: [{ area: '05954036-01', variable: 'bevoelkerung', value: 1000 }] }));
    const wrong = run('pruefen', file, '--gebiete', gebiete, '--periode', '2024', '--vorjahr', falschesJahr);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('enthält Werte des Jahres 2022; für den Vergleich mit 2024 wird das Vorjahr 2023 gebraucht');
  });
  it('needs the period for a CSV file', () => {
    const r = run('pruefen', join(dir, 'gut.csv'), '--gebiete', gebiete);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bitte das Berichtsjahr mit --periode angeben');
  });
});

describe('sozialmonitor berechnen', () => {
  it('sums the Gemeindeteile before dividing and explains missing values', () => {
    const file = join(dir, 'quote.csv');
    // Mitte: 2 of 50 foreign (4 %), Annen: 30 of 150 (20 %): Witten is 32/200 = 16 %, not the mean 12 %.
    writeFileSync(
      file,
      [
        'area;variable;value',
        '05954036-01;bevoelkerung;50',
        '05954036-01;bev_auslaendisch;2',
        '05954036-01;bev_migrationshintergrund;10',
        '05954036-02;bevoelkerung;150',
        '05954036-02;bev_auslaendisch;30',
        '05954036-02;bev_migrationshintergrund;40',
      ].join('\n'),
    );
    const r = run('berechnen', file, '--gebiete', gebiete, '--periode', '2024', '--kennzahlen', 'anteil_auslaendisch', '--ebene', 'stadt');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('gebiet;name;kennzahl;periode;wert;zaehler;nenner;status;grund');
    expect(lines).toContain('05954036;Witten;anteil_auslaendisch;2024;16;32;200;ok;');
    const breckerfeld = lines.find((l) => l.startsWith('05954004;'));
    // the reason contains ';' and is therefore quoted as CSV requires
    expect(breckerfeld).toBe(
      '05954004;Breckerfeld;anteil_auslaendisch;2024;;;;fehlende_werte;"Es fehlen Werte: bev_auslaendisch für 05954004 (2024): nicht gemeldet; bevoelkerung für 05954004 (2024): nicht gemeldet"',
    );
  });
  describe('each file with its own Berichtsjahr', () => {
    const werte = (name: string, zeilen: string[]): string => {
      const p = join(dir, name);
      writeFileSync(p, zeilen.join('\n') + '\n');
      return p;
    };
    // Witten 2019: 100 + 100 = 200; 2024: 110 + 120 = 230, i.e. +15 % over five years
    const a2024 = werte('a-2024.csv', ['area;variable;value', '05954036-01;bevoelkerung;110', '05954036-02;bevoelkerung;120']);
    const b2019 = werte('b-2019.csv', ['area;variable;value', '05954036-01;bevoelkerung;100', '05954036-02;bevoelkerung;100']);

    it('refuses one --periode for two CSV files instead of filing 2019 values under 2024', () => {
      const r = run('berechnen', a2024, b2019, '--gebiete', gebiete, '--periode', '2024', '--kennzahlen', 'bevoelkerungsentwicklung_5j');
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toContain('2 Dateien ohne eigenes Berichtsjahr');
      expect(r.err).toContain('--periode 2024 --periode 2019');
    });
    it('computes the 5-year Kennzahl from two CSV files with one --periode each', () => {
      const r = run('berechnen', a2024, b2019, '--gebiete', gebiete, '--periode', '2024', '--periode', '2019', '--kennzahlen', 'bevoelkerungsentwicklung_5j');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out.split('\n')).toContain('05954036;Witten;bevoelkerungsentwicklung_5j;2024;15;30;200;ok;');
    });
    it('takes the year from a column period; a file mixing years or contradicting --periode is refused', () => {
      const mitSpalte = werte('c.csv', ['area;variable;value;period', '05954036-01;bevoelkerung;100;2019', '05954036-02;bevoelkerung;100;2019']);
      const ok = run('berechnen', a2024, mitSpalte, '--gebiete', gebiete, '--periode', '2024', '--kennzahlen', 'bevoelkerungsentwicklung_5j');
      expect(ok.code).toBe(0);
      expect(ok.out.split('\n')).toContain('05954036;Witten;bevoelkerungsentwicklung_5j;2024;15;30;200;ok;');
      const gemischt = werte('d.csv', ['area;variable;value;period', '05954036-01;bevoelkerung;100;2019', '05954036-02;bevoelkerung;100;2024']);
      const r = run('berechnen', gemischt, '--gebiete', gebiete, '--kennzahlen', 'bevoelkerungsentwicklung_5j');
      expect(r.code).toBe(1);
      expect(r.err).toContain('d.csv, Zeile 3: Die Datei enthält mehrere Berichtsjahre (2019, 2024');
      const widerspruch = run('berechnen', mitSpalte, '--gebiete', gebiete, '--periode', '2024');
      expect(widerspruch.code).toBe(1);
      expect(widerspruch.err).toContain('Laut Spalte period gehören die Werte zum Berichtsjahr 2019, angegeben ist --periode 2024');
    });
    it('two files with different values for the same area, Merkmal and year: refused', () => {
      const r = run('berechnen', a2024, b2019, '--gebiete', gebiete, '--periode', '2024', '--periode', '2024');
      expect(r.code).toBe(1);
      expect(r.err).toContain('bevoelkerung für 05954036-01 (2024) steht in');
    });
    it('ends quietly when the reader stops early (| head)', () => {
      // more output than a pipe buffers (64 KiB): 99 Gemeindeteile × all Kennzahlen
      const gross = join(dir, 'gross.geojson');
      const teile = Array.from({ length: 99 }, (_, i) => feature(`05954036-${String(i + 1).padStart(2, '0')}`, `Teil ${i + 1}`, 'gemeindeteil', '05954036'));
      writeFileSync(gross, JSON.stringify({ type: 'FeatureCollection', features: [feature('05954', 'Ennepe-Ruhr-Kreis', 'kreis', ''), feature('05954036', 'Witten', 'stadt', '05954'), ...teile] }));
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" berechnen "${a2024}" --gebiete "${gross}" --periode 2024 --ebene gemeindeteil | head -1`], { encoding: 'utf8', cwd: dir });
      expect(r.stdout).toBe('gebiet;name;kennzahl;periode;wert;zaehler;nenner;status;grund\n');
      expect(r.stderr).toBe('');
    });
  });
  it('refuses a file with errors', () => {
    const file = join(dir, 'fehler.csv');
    writeFileSync(file, 'area;variable;value\n05954036-01;bevoelkerung;zehn\n');
    const r = run('berechnen', file, '--gebiete', gebiete, '--periode', '2024');
    expect(r.code).toBe(1);
    expect(r.err).toContain('enthält 1 Fehler');
  });
});
