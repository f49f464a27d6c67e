/**
 * The register counted into own age cuts (issue 14): ages in completed years at the Stichtag, at the
 * boundaries of Berlin's planning-area bands; bad cuts refused in German; the output passes the shared
 * validation and is accepted by a real in-process server.
 */
import request from 'supertest';
import { ALTERSGRUPPEN } from '../../shared/catalogue/altersgruppen';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { validateDataset } from '../../shared/validation/validate';
import { RegisterError, aggregateRegister, readZuordnung, registerAltersgrenzen, type RegisterResult } from '../../shared/register';
import { B1, S1, fixtureTree } from '../helpers/core-fixtures';
import { testServer } from '../server/helpers';
import { BEWEGUNGEN_CSV, PERSONEN, STICHTAG, ZUORDNUNG_CSV, bestandCsv, type P } from './fixture';

/** Berlin's planning areas: unter 6, 6–14, 15–17, 18–26, 27–44, 45–54, 55–64, 65 und älter */
const BERLIN = '6,15,18,27,45,55,65';
const BERLIN_IDS = ['bev_alter_0_5', 'bev_alter_6_14', 'bev_15_17', 'bev_alter_18_26', 'bev_alter_27_44', 'bev_alter_45_54', 'bev_alter_55_64', 'bev_alter_65_plus'];

const ids = (eingabe: string): string[] => {
  const g = registerAltersgrenzen(eingabe);
  if (!g.ok) throw new Error(g.grund);
  return g.ids;
};

async function run(bestand: string, altersgruppen?: readonly string[], bewegungen?: string): Promise<RegisterResult> {
  return aggregateRegister(
    { bestand, bestandDatei: 'ew.csv', ...(bewegungen ? { bewegungen, bewegungenDatei: 'bew.csv' } : {}) },
    { stichtag: STICHTAG, zuordnung: await readZuordnung([ZUORDNUNG_CSV], 'zuordnung.csv'), ...(altersgruppen ? { altersgruppen } : {}) },
  );
}

const valuesOf = (res: RegisterResult, area: string): Record<string, number> =>
  Object.fromEntries(res.rows.filter((r) => r.area === area).map((r) => [r.variable, r.value]));

// all at 100/1 (Baublock B1); Stichtag 31.12.2024: who has a birthday on the Stichtag is a year older
const person = (om: string, geb: string): P => ({ om, geb, g: 'w', str: '100', hnr: '1', einzug: geb });
const RAND = [
  person('a', '31.12.2024'), // 0, born on the Stichtag
  person('b', '01.01.2019'), // 5
  person('c', '31.12.2018'), // 6 on the Stichtag
  person('d', '01.01.2007'), // 17: turns 18 the day after
  person('e', '31.12.2006'), // 18 on the Stichtag
  person('f', '01.01.1960'), // 64
  person('g', '31.12.1959'), // 65 on the Stichtag
  person('h', '01.06.1924'), // 100
];

describe('typed cuts for the register', () => {
  test('Berlin\'s cuts: the first band begins at 0 whether or not 0 is typed; catalogue ids where a band is one of the 14', () => {
    expect(ids(BERLIN)).toEqual(BERLIN_IDS);
    expect(ids(`0, ${BERLIN}`)).toEqual(BERLIN_IDS);
    expect(ids('18 bis 64, 0-17; 65 und älter')).toEqual(['bev_alter_0_17', 'bev_alter_18_64', 'bev_alter_65_plus']);
  });

  test('refused with the reason: ages left out, not ascending, no age, overlap, empty', () => {
    const grund = (s: string) => {
      const g = registerAltersgrenzen(s);
      if (g.ok) throw new Error(`angenommen: ${s}`);
      return g.grund;
    };
    expect(grund('0-17, 65+')).toBe('Diese Alter stehen in keiner Gruppe: 18 bis 64 Jahre. Gezählt wird jede Person; die Gruppen müssen darum alle Alter abdecken (eine Liste von Grenzen wie „6, 15, 65“ tut das).');
    expect(grund('18-64, 65+')).toContain('in keiner Gruppe: unter 18 Jahre');
    expect(grund('6, 18, 15')).toBe('Die Altersgrenzen müssen aufsteigend sein: nach „18“ kommt „15“.');
    expect(grund('6, sechzehn')).toContain('„sechzehn“ ist keine Altersgrenze');
    expect(grund('0-17, 15+')).toContain('überschneiden sich');
    expect(grund('')).toContain('Bitte Altersgrenzen eingeben');
  });

  test('the aggregation refuses bands that leave ages out or overlap before reading a line', async () => {
    await expect(run(bestandCsv(), ['bev_0_2'])).rejects.toThrow(new RegisterError('Altersgruppen: Diese Alter stehen in keiner Gruppe: 3 Jahre und älter. Gezählt wird jede Person; die Gruppen müssen darum alle Alter abdecken (eine Liste von Grenzen wie „6, 15, 65“ tut das).'));
    await expect(run(bestandCsv(), ['bev_alter_0_17', 'bev_15_17', 'bev_alter_18_plus'])).rejects.toThrow(/Altersgruppen: Die Altersgruppen „bev_alter_0_17“ \(unter 18 Jahre\) und „bev_15_17“ \(15 bis 17 Jahre\) überschneiden sich/);
    await expect(run(bestandCsv(), ['bev_alter_0_17', 'bevoelkerung'])).rejects.toThrow(/„bevoelkerung“ ist keine Altersgruppe/);
  });
});

describe('counting into own cuts', () => {
  test('ages at the Stichtag at the band boundaries: 5 | 6, 17 | 18, 64 | 65, and 100 in the open band', async () => {
    const res = await run(bestandCsv(RAND), BERLIN_IDS);
    expect(valuesOf(res, B1)).toMatchObject({
      bevoelkerung: 8,
      bev_alter_0_5: 2,
      bev_alter_6_14: 1,
      bev_15_17: 1,
      bev_alter_18_26: 1,
      bev_alter_27_44: 0,
      bev_alter_45_54: 0,
      bev_alter_55_64: 1,
      bev_alter_65_plus: 2,
    });
    // the catalogue's default on the same persons
    const katalog = valuesOf(await run(bestandCsv(RAND)), B1);
    expect(katalog).toMatchObject({ bev_0_2: 1, bev_3_5: 1, bev_6_9: 1, bev_15_17: 1, bev_18_19: 1, bev_60_64: 1, bev_65_74: 1, bev_80_plus: 1 });
  });

  test('own bands replace the 14 where they stood; every area\'s bands sum to its Bevölkerung; the rest is unchanged', async () => {
    const eigen = await run(bestandCsv(), BERLIN_IDS, BEWEGUNGEN_CSV);
    const katalog = await run(bestandCsv(), undefined, BEWEGUNGEN_CSV);
    const variables = [...new Set(eigen.rows.map((r) => r.variable))];
    const k = [...new Set(katalog.rows.map((r) => r.variable))];
    expect(variables).toEqual([...k.slice(0, k.indexOf(ALTERSGRUPPEN[0])), ...BERLIN_IDS, ...k.slice(k.indexOf('bev_80_plus') + 1)]);
    const nichtAlter = (r: { variable: string }) => !r.variable.startsWith('bev_alter_') && !(ALTERSGRUPPEN as readonly string[]).includes(r.variable);
    expect(eigen.rows.filter(nichtAlter)).toEqual(katalog.rows.filter(nichtAlter));
    for (const area of new Set(eigen.rows.map((r) => r.area))) {
      const v = valuesOf(eigen, area);
      expect({ area, summe: BERLIN_IDS.reduce((s, id) => s + v[id]!, 0) }).toEqual({ area, summe: v.bevoelkerung });
    }
    // u18 from the catalogue bands = u18 from Berlin's
    const s = valuesOf(eigen, S1);
    const ks = valuesOf(katalog, S1);
    expect(s.bev_alter_0_5! + s.bev_alter_6_14! + s.bev_15_17!).toBe(ks.bev_0_2! + ks.bev_3_5! + ks.bev_6_9! + ks.bev_10_14! + ks.bev_15_17!);
    expect(PERSONEN.length).toBe(20);
  });

  test('the output passes the shared validation and is accepted by a real server, which computes anteil_u18 from the bands', async () => {
    const res = await run(bestandCsv(), BERLIN_IDS, BEWEGUNGEN_CSV);
    const v = validateDataset({ period: '2024', rows: res.rows }, { catalogue: standardCatalogue(), tree: fixtureTree(), submitter: { rolle: 'kommune', ags: S1 } });
    expect(v.errors).toEqual([]);
    const t = await testServer();
    try {
      const post = await request(t.app)
        .post('/api/submissions')
        .set(t.auth(t.tokens.witten))
        .set('Content-Type', 'application/json')
        .set('Idempotency-Key', 'register-berlin-1')
        .send(JSON.stringify({ period: '2024', rows: res.rows }));
      expect({ status: post.status, errors: post.body.errors }).toEqual({ status: 201, errors: undefined });
      expect(post.body.rowsAccepted).toBe(res.rows.length);
      const stored = await t.storage.currentValues('2024', [S1]);
      expect(stored.find((x) => x.area === S1 && x.variable === 'bev_alter_65_plus')?.value).toBe(valuesOf(res, S1).bev_alter_65_plus);
      const s = valuesOf(res, S1);
      const ind = await request(t.app).get(`/api/indicators?period=2024&ids=anteil_u18&areas=${S1}`).set(t.auth(t.tokens.witten));
      // (the denominator is the server's own Bevölkerung of the Stadt, not asserted here)
      expect(ind.body.rows[0]).toMatchObject({ status: 'ok', numerator: s.bev_alter_0_5! + s.bev_alter_6_14! + s.bev_15_17! });
    } finally {
      await t.close();
    }
  });
});
