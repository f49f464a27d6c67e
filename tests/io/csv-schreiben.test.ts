import { csvCell, csvLine } from '../../shared/io/csv-schreiben';
import { formatAbgleichCsv, formatBefundeCsv } from '../../shared/register';
import type { RegisterReport } from '../../shared/register/aggregate';

describe('CSV for spreadsheets: one writer with the formula guard', () => {
  test('text a spreadsheet would take for a formula gets a leading apostrophe; numbers stay numbers', () => {
    expect(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx', 'Witten'].map(csvCell)).toEqual([`"'=HYPERLINK(""x"")"`, "'+1", "'-2", "'@SUM(A1)", "'\tx", 'Witten']);
    expect([-3.5, 0, 1234.5, null, undefined].map(csvCell)).toEqual(['-3,5', '0', '1234,5', '', '']);
    expect(csvLine(['a;b', 'Zeile\nzwei', 'Anführung "x"'])).toBe('"a;b";"Zeile\nzwei";"Anführung ""x"""');
  });

  test('the register’s lists for the clerk: a street or message from the file cannot become a formula', () => {
    const report = {
      befunde: [{ severity: 'fehler', code: 'X', file: 'melde.csv', line: 7, column: 'strasse', message: '=cmd|\' /C calc\'!A0; Zeile 7' }],
      nichtZugeordnet: [{ gemeindeschluessel: '05954036', strassenschluessel: '00123', hausnummer: '4', hausnummerzusatz: '=1+1', personen: 3, ereignisse: 0, art: 'strasse', gemeindeteil: '05954036-01' }],
    } as unknown as RegisterReport;
    expect(formatBefundeCsv(report).split('\n')[1]).toBe(`melde.csv;7;strasse;X;fehler;"'=cmd|' /C calc'!A0; Zeile 7"`);
    expect(formatAbgleichCsv(report).split('\n')[1]).toBe("05954036;00123;4;'=1+1;3;0;gemeindeteil_ueber_strasse;05954036-01");
  });
});
