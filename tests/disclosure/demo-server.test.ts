/**
 * The demo Kreis through the real server (bootstrap with demo data, real SQLite): the leser role
 * gets a whole-Kreis answer with gesperrt rows, the Kreis none. (The pattern itself is attacked in
 * attack.test.ts; the published HTTP output of a small Kreis in server.test.ts.)
 */
import request from 'supertest';
import { DemoServer, demoServer } from '../server/helpers';
import { bootstrap } from '../../sync-server/bootstrap';
import { SqliteStorage } from '../../sync-server/storage/sqlite';

jest.setTimeout(90000);

let demo: DemoServer;
let dir: string;
let storage: SqliteStorage;
let tokens: DemoServer['tokens'];
let app: DemoServer['app'];

beforeAll(async () => {
  demo = await demoServer(['2024'], 'disclosure-demo');
  ({ dir, storage, tokens, app } = demo);
});
afterAll(() => demo.close());

const auth = (label: string) => ({ Authorization: `Bearer ${tokens.find((t) => t.label.startsWith(label))!.token}` });

test('whole-Kreis indicators: leser sees gesperrt rows with reasons, the Kreis sees raw values', async () => {
  const leserLabel = tokens.find((t) => /leser/i.test(t.label))!.label;
  const kreisLabel = tokens.find((t) => /kreis/i.test(t.label) && !/leser/i.test(t.label))!.label;
  const leser = await request(app).get('/api/indicators?period=2024&ebene=baublock&ids=sgb12_quote,anteil_65plus').set(auth(leserLabel)).expect(200);
  const gesperrt = leser.body.rows.filter((r: { status: string }) => r.status === 'gesperrt');
  expect(gesperrt.length).toBeGreaterThan(100);
  for (const r of gesperrt) {
    expect(r).toMatchObject({ value: null, numerator: null, denominator: null });
    expect(['primaer', 'sekundaer']).toContain(r.sperre);
    expect(typeof r.grund).toBe('string');
  }
  const kreis = await request(app).get('/api/indicators?period=2024&ebene=baublock&ids=sgb12_quote,anteil_65plus').set(auth(kreisLabel)).expect(200);
  expect(kreis.body.rows.filter((r: { status: string }) => r.status === 'gesperrt')).toEqual([]);
  expect(kreis.body.rows).toHaveLength(leser.body.rows.length);
});
