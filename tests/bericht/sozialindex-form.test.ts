/**
 * The pure parts of the report's Sozialindex form (sync-server/bericht/sozialindex-form.ts): the
 * parameters said by name with the direction in words, the what-if link's parameter read and written,
 * and the server's messages (made here by the real check, shared/sozialindex/einstellung.ts) placed
 * next to the field they name, with the Kennzahl's name. The form itself runs in tests/bericht/browser.test.ts.
 */
import { beschreibeIndikator, indikatorenParam, ordneFehler, parseIndikatorenParam } from '../../sync-server/bericht/sozialindex-form';
import { parseSozialindexEinstellung } from '../../shared/sozialindex';

const NAMES: Record<string, string> = { sgb2_quote: 'SGB-II-Quote', arbeitslosendichte: 'Arbeitslosendichte' };
const nameOf = (id: string) => NAMES[id];

test('a Kennzahl by name, its id in brackets, the direction in words, a German decimal weight', () => {
  expect(beschreibeIndikator({ id: 'sgb2_quote', richtung: 1, gewicht: 0.5 }, nameOf)).toBe('SGB-II-Quote (sgb2_quote): höherer Wert = mehr Handlungsbedarf, Gewicht 0,5');
  expect(beschreibeIndikator({ id: 'arbeitslosendichte', richtung: -1, gewicht: 3 }, nameOf)).toBe('Arbeitslosendichte (arbeitslosendichte): höherer Wert = weniger Handlungsbedarf, Gewicht 3');
  // not in the catalogue (an old link): the id alone, not a made-up name
  expect(beschreibeIndikator({ id: 'alt', richtung: 1, gewicht: NaN }, nameOf)).toBe('alt: höherer Wert = mehr Handlungsbedarf, Gewicht (keine Zahl)');
});

test('the what-if parameter: read from a link, written back the same; an unreadable weight stays unreadable', () => {
  const list = parseIndikatorenParam(' sgb2_quote:1:3, arbeitslosendichte:-1:0.5 ,');
  expect(list).toEqual([{ id: 'sgb2_quote', richtung: 1, gewicht: 3 }, { id: 'arbeitslosendichte', richtung: -1, gewicht: 0.5 }]);
  expect(indikatorenParam(list)).toBe('sgb2_quote:1:3,arbeitslosendichte:-1:0.5');
  const bad = parseIndikatorenParam('sgb2_quote:1:,arbeitslosendichte:1:x');
  expect(bad.map((c) => c.gewicht)).toEqual([NaN, NaN]);
  // the server then names it (GET /bericht/daten/sozialindex answers 400 with the entry)
  expect(indikatorenParam(bad)).toBe('sgb2_quote:1:,arbeitslosendichte:1:');
});

test('the server’s messages go next to the row or field they name, with the name instead of the path', () => {
  const sent = [{ id: 'sgb2_quote', richtung: 1, gewicht: 0 }, { id: 'arbeitslosendichte', richtung: 1, gewicht: 1 }];
  const r = parseSozialindexEinstellung({ indikatoren: sent, kommentar: 'x'.repeat(501), vergleichsjahr: '2030' }, (id) => id in NAMES, ['2023', '2024']);
  expect(r.ok).toBe(false);
  const placed = (r.ok ? [] : r.errors).map((m) => ordneFehler(m, sent, nameOf));
  expect(placed).toEqual(expect.arrayContaining([
    { ort: { row: 0, feld: 'gewicht' }, text: expect.stringMatching(/^Gewicht von „SGB-II-Quote“ \(sgb2_quote\): muss größer als 0 sein/) },
    { ort: { feld: 'kommentar' }, text: 'Anmerkung: höchstens 500 Zeichen' },
    { ort: { feld: 'vergleichsjahr' }, text: expect.stringMatching(/^Vergleichsjahr: für 2030 liegen keine Daten vor/) },
  ]));
  expect(placed).toHaveLength(3);
  // a duplicate names the row of the second entry
  const dup = [sent[1]!, sent[1]!];
  const d = parseSozialindexEinstellung({ indikatoren: dup, kommentar: 'Test' }, (id) => id in NAMES);
  expect((d.ok ? [] : d.errors).map((m) => ordneFehler(m, dup, nameOf))).toEqual([{ ort: { row: 1, feld: 'id' }, text: 'Kennzahl von „Arbeitslosendichte“ (arbeitslosendichte): die Kennzahl „arbeitslosendichte“ steht schon in indikatoren[0]; jede Kennzahl nur einmal' }]);
  // anything else is shown as it came, not dropped
  expect(ordneFehler('Einstellung: erwartet wird ein JSON-Objekt', sent, nameOf)).toEqual({ ort: { allgemein: true }, text: 'Einstellung: erwartet wird ein JSON-Objekt' });
});
