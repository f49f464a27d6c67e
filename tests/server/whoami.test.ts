/**
 * GET /api/whoami over real HTTP: the role of each token, the Stadt of a Kommune, the token's name
 * and number, never the token or its hash; 401 without, with a malformed, wrong or revoked token.
 */
import request from 'supertest';
import { createApp } from '../../sync-server/app';
import { OPERATOR, createToken, hashToken } from '../../sync-server/tokens';
import { HATTINGEN, TestServer, WITTEN, testServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(() => t.close());

test('Kreis, Kommune and leser tokens each get their role; a Kommune also its Stadt', async () => {
  const kreis = await request(t.app).get('/api/whoami').set(t.auth(t.tokens.kreis)).expect(200);
  expect(kreis.body).toEqual({ rolle: 'kreis', tokenId: expect.any(Number), tokenName: 'kreis', tokenCreatedAt: expect.any(String), perioden: [] });
  const witten = await request(t.app).get('/api/whoami').set(t.auth(t.tokens.witten)).expect(200);
  expect(witten.body).toMatchObject({ rolle: 'kommune', ags: WITTEN, stadt: 'Witten', tokenName: `kommune:${WITTEN}` });
  const hattingen = await request(t.app).get('/api/whoami').set(t.auth(t.tokens.hattingen)).expect(200);
  expect(hattingen.body).toMatchObject({ rolle: 'kommune', ags: HATTINGEN, stadt: 'Hattingen' });
  const leser = await request(t.app).get('/api/whoami').set(t.auth(t.tokens.leser)).expect(200);
  expect(leser.body).toEqual({ rolle: 'leser', tokenId: expect.any(Number), tokenName: 'leser', tokenCreatedAt: expect.any(String), perioden: [] });
  // four different tokens, four different numbers
  expect(new Set([kreis, witten, hattingen, leser].map((r) => r.body.tokenId)).size).toBe(4);
});

test('the token’s name and number as `token list` shows them, never the token or its hash', async () => {
  const { id, token } = await createToken(t.storage, { rolle: 'kommune', ags: WITTEN }, OPERATOR, 'Statistikstelle Witten');
  const res = await request(t.app).get('/api/whoami').set(t.auth(token)).expect(200);
  expect(res.body).toMatchObject({ rolle: 'kommune', ags: WITTEN, stadt: 'Witten', tokenId: id, tokenName: 'Statistikstelle Witten' });
  expect(res.text).not.toContain(token);
  expect(res.text).not.toContain(token.slice(4));
  expect(res.text).not.toContain(hashToken(token));
  const listed = (await t.storage.tokens()).find((x) => x.id === id)!;
  expect(res.body.tokenCreatedAt).toBe(listed.createdAt);
});

test('a Kommune whose Stadt is not in the area hierarchy: stadt null, the role still told', async () => {
  const { token } = await createToken(t.storage, { rolle: 'kommune', ags: '05954008' }, OPERATOR);
  const res = await request(t.app).get('/api/whoami').set(t.auth(token)).expect(200);
  expect(res.body).toMatchObject({ rolle: 'kommune', ags: '05954008', stadt: null });
  // and on a server without any hierarchy yet
  const empty = await testServer({ withAreas: false });
  try {
    const r = await request(empty.app).get('/api/whoami').set(empty.auth(empty.tokens.witten)).expect(200);
    expect(r.body).toMatchObject({ rolle: 'kommune', ags: WITTEN, stadt: null });
  } finally {
    await empty.close();
  }
});

test('401 like every other route: no header, malformed header, wrong token, revoked token', async () => {
  const none = await request(t.app).get('/api/whoami').expect(401);
  expect(none.body).toMatchObject({ error: 'ANMELDUNG_FEHLT', message: expect.stringContaining('Authorization') });
  const malformed = await request(t.app).get('/api/whoami').set({ Authorization: t.tokens.kreis }).expect(401);
  expect(malformed.body.error).toBe('ANMELDUNG_UNGUELTIG');
  const wrong = await request(t.app).get('/api/whoami').set(t.auth(`${t.tokens.kreis}x`)).expect(401);
  expect(wrong.body).toMatchObject({ error: 'TOKEN_UNGUELTIG', message: expect.stringContaining('ungültig oder wurde widerrufen') });
  const { id, token } = await createToken(t.storage, { rolle: 'kreis' }, OPERATOR);
  await request(t.app).get('/api/whoami').set(t.auth(token)).expect(200);
  expect(await t.storage.revokeToken(id, OPERATOR)).toBe(true);
  const revoked = await request(t.app).get('/api/whoami').set(t.auth(token)).expect(401);
  expect(revoked.body.error).toBe('TOKEN_UNGUELTIG');
  // the same answers as another protected route
  const other = await request(t.app).get('/api/values?period=2024').set(t.auth(token)).expect(401);
  expect(other.body).toEqual(revoked.body);
});

test('wrong tokens count as failed logins (rate limit), right ones do not', async () => {
  const app = createApp(t.storage, { log: () => undefined, authFailureLimit: 2 });
  for (let i = 0; i < 5; i++) await request(app).get('/api/whoami').set(t.auth(t.tokens.leser)).expect(200);
  await request(app).get('/api/whoami').set(t.auth('falsch1')).expect(401);
  await request(app).get('/api/whoami').set(t.auth('falsch2')).expect(401);
  const limited = await request(app).get('/api/whoami').set(t.auth('falsch3')).expect(429);
  expect(limited.body.error).toBe('ZU_VIELE_FEHLVERSUCHE');
});
