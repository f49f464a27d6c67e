/** Thresholds from SOZIALMONITOR_GEHEIMHALTUNG: parsed, checked with a German message, applied over HTTP. */
import request from 'supertest';
import { disclosureNote, disclosureOptions } from '../../sync-server/publication';
import { WITTEN, baublockeOf, testServer } from '../server/helpers';

test('the setting is parsed; wrong settings are refused with a German message', () => {
  expect(disclosureOptions({})).toEqual({});
  expect(disclosureOptions({ SOZIALMONITOR_GEHEIMHALTUNG: '{"schwelle":5,"schwelleJeMerkmal":{"hlu":4},"mindestNenner":100}' })).toEqual({
    schwelle: 5,
    schwelleJeMerkmal: { hlu: 4 },
    mindestNenner: 100,
  });
  expect(() => disclosureOptions({ SOZIALMONITOR_GEHEIMHALTUNG: '{schwelle:5' })).toThrow(/kein gültiges JSON/);
  expect(() => disclosureOptions({ SOZIALMONITOR_GEHEIMHALTUNG: '{"schwelle":0}' })).toThrow(/"schwelle": ganze Zahl ab 1/);
  expect(() => disclosureOptions({ SOZIALMONITOR_GEHEIMHALTUNG: '{"schwelleJeMerkmal":{"hlu":2.5}}' })).toThrow(/schwelleJeMerkmal/);
  expect(disclosureNote({ schwelle: 5, schwelleJeMerkmal: { hlu: 4 }, mindestNenner: 100 })).toMatch(/Fallzahlen unter 5 \(abweichend hlu: 4\).*kleiner als 100/);
});

test('a threshold set for the server applies to its answers; a wrong one stops the app from starting', async () => {
  const before = process.env.SOZIALMONITOR_GEHEIMHALTUNG;
  try {
    process.env.SOZIALMONITOR_GEHEIMHALTUNG = '{"schwelleJeMerkmal":{"hlu":5}}';
    const t = await testServer();
    try {
      const rows = baublockeOf(WITTEN).map((area, i) => ({ area, variable: 'hlu', value: [4, 9, 9, 9][i]! }));
      await request(t.app).post('/api/submissions').set(t.auth(t.tokens.witten)).set('Content-Type', 'application/json').send(JSON.stringify({ period: '2024', rows })).expect(201);
      const res = await request(t.app).get(`/api/values?period=2024&areas=${rows[0]!.area}&variables=hlu`).set(t.auth(t.tokens.leser)).expect(200);
      expect(res.body.rows[0]).toEqual({ area: rows[0]!.area, variable: 'hlu', value: null, status: 'gesperrt' });
      const kreis = await request(t.app).get(`/api/values?period=2024&areas=${rows[0]!.area}&variables=hlu`).set(t.auth(t.tokens.kreis)).expect(200);
      expect(kreis.body.rows[0]).toMatchObject({ value: 4, geheimhaltung: { sperre: 'primaer', grund: 'weniger als 5 Fälle' } });
      expect(res.body.disclosureControl).toMatch(/abweichend hlu: 5/);
    } finally {
      await t.close();
    }
    process.env.SOZIALMONITOR_GEHEIMHALTUNG = '{"schwelle":-1}';
    await expect(testServer()).rejects.toThrow(/SOZIALMONITOR_GEHEIMHALTUNG/);
  } finally {
    if (before === undefined) delete process.env.SOZIALMONITOR_GEHEIMHALTUNG;
    else process.env.SOZIALMONITOR_GEHEIMHALTUNG = before;
  }
});
