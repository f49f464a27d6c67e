/**
 * `unter=<code>` (with or without `ebene=`) on /api/indicators and /api/values: the same answer as
 * the equivalent explicit `areas=` list, for the reader, a Kommune and the Kreis, suppressed rows
 * (".") included; bad combinations are refused with the parameter and the code named.
 */
import request from 'supertest';
import { AreaTree, parseAreaExchange, type Ebene } from '../../shared';
import { DemoServer, HATTINGEN, KREIS, WITTEN, demoServer } from './helpers';

jest.setTimeout(300000);

const PERIOD = '2024';
let demo: DemoServer;
let tree: AreaTree;

beforeAll(async () => {
  demo = await demoServer([PERIOD], 'unter');
  tree = AreaTree.build(parseAreaExchange((await request(demo.app).get('/api/areas').set(demo.auth('kreis')).expect(200)).body).areas);
});
afterAll(async () => {
  await demo?.close();
});

const ROLES = { leser: 'leser', witten: `kommune:${WITTEN}`, kreis: 'kreis' } as const;
const list = (unter: string, ebene?: Ebene) => tree.subtree(unter).filter((c) => !ebene || tree.get(c)!.ebene === ebene);

interface Row { area: string; status?: string; value: unknown }
async function rows(who: keyof typeof ROLES, url: string): Promise<Row[]> {
  const res = await request(demo.app).get(url).set(demo.auth(ROLES[who]));
  expect([url, res.status]).toEqual([url, 200]);
  return res.body.rows as Row[];
}

// Hattingen is raw for nobody here but the Kreis, Witten raw for itself: each role meets both kinds
const CASES: [string, Ebene | undefined][] = [
  [HATTINGEN, 'baublock'],
  [WITTEN, 'baublock'],
  [HATTINGEN, undefined],
  [KREIS, 'gemeindeteil'],
];

describe.each(Object.keys(ROLES) as (keyof typeof ROLES)[])('as %s', (who) => {
  test.each(CASES)('unter=%s ebene=%s equals the explicit areas= list on /api/indicators and /api/values', async (unter, ebene) => {
    const codes = list(unter, ebene);
    expect(codes.length).toBeGreaterThan(ebene ? 10 : 50);
    const e = ebene ? `&ebene=${ebene}` : '';
    // twice: a reader's first answer may be computed, the second comes from the snapshot
    for (let round = 0; round < (who === 'leser' ? 2 : 1); round++) {
      const byList = await rows(who, `/api/indicators?period=${PERIOD}&areas=${codes.join(',')}`);
      const byUnter = await rows(who, `/api/indicators?period=${PERIOD}&unter=${unter}${e}`);
      expect(byUnter).toEqual(byList);
      expect(new Set(byUnter.map((r) => r.area))).toEqual(new Set(codes));
      const vList = await rows(who, `/api/values?period=${PERIOD}&areas=${codes.join(',')}`);
      const vUnter = await rows(who, `/api/values?period=${PERIOD}&unter=${unter}${e}`);
      expect(vUnter).toEqual(vList);
      expect(vUnter.length).toBeGreaterThan(0);
      if (who === 'leser' && ebene === 'baublock') {
        // the comparison covers suppressed cells too
        expect(byUnter.some((r) => r.status === 'gesperrt')).toBe(true);
      }
    }
  });
});

test('ebene= alone on /api/values: every area of the level; for a Kommune those of its own Stadt', async () => {
  const kreis = await rows('kreis', `/api/values?period=${PERIOD}&ebene=gemeindeteil`);
  expect(new Set(kreis.map((r) => r.area))).toEqual(new Set(tree.atLevel('gemeindeteil').map((a) => a.code)));
  const witten = await rows('witten', `/api/values?period=${PERIOD}&ebene=gemeindeteil`);
  const own = await rows('witten', `/api/values?period=${PERIOD}`);
  expect(witten).toEqual(own.filter((r) => tree.get(r.area)!.ebene === 'gemeindeteil'));
  expect(witten.length).toBeGreaterThan(0);
});

describe('refused with the parameter named', () => {
  const bad = async (url: string) => {
    const res = await request(demo.app).get(url).set(demo.auth('kreis'));
    expect([url, res.status, res.body.error]).toEqual([url, 400, 'PARAMETER_UNGUELTIG']);
    return res.body as { message: string; parameter: string };
  };
  test.each(['indicators', 'values'])('/api/%s', async (route) => {
    const unknown = await bad(`/api/${route}?period=${PERIOD}&unter=05999&ebene=baublock`);
    expect(unknown.parameter).toBe('unter');
    expect(unknown.message).toContain('Gebiet „05999“ gibt es in der Gebietsgliederung nicht');
    expect(unknown.message).toContain(KREIS);
    const both = await bad(`/api/${route}?period=${PERIOD}&unter=${WITTEN}&areas=${WITTEN}`);
    expect([both.parameter, both.message]).toEqual(['unter', expect.stringContaining('nicht zusammen mit „areas“')]);
    const two = await bad(`/api/${route}?period=${PERIOD}&unter=${WITTEN},${HATTINGEN}`);
    expect(two.message).toContain('genau ein Gebiet');
    // a level that is not below the area: said, not answered with an empty list
    const none = await bad(`/api/${route}?period=${PERIOD}&unter=${WITTEN}&ebene=kreis`);
    expect([none.parameter, none.message]).toEqual(['ebene', expect.stringContaining('keine Gebiete der Ebene Kreis')]);
    expect(none.message).toContain('baublock');
    const repeated = await bad(`/api/${route}?period=${PERIOD}&unter=${WITTEN}&unter=${WITTEN}`);
    expect(repeated.parameter).toBe('unter');
  });
});
