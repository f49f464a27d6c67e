/**
 * HTTP hardening (issue 13 part 3): the limit on failed logins never refuses a valid token and
 * counts per address and credential, `trust proxy`, Cache-Control, German JSON syntax errors, 415
 * on every body route, strict query parameters.
 */
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import request from 'supertest';
import { trustProxyFromEnv } from '../../sync-server/config';
import { AuthFailureLimiter, authenticate } from '../../sync-server/http/auth';
import { errorHandler } from '../../sync-server/http/errors';
import { jsonErrorOffset, jsonSyntaxMessage, lineColumn } from '../../sync-server/http/json-syntax';
import { TestServer, WITTEN, testAreas, testServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(async () => {
  await t.close();
});

const LIMIT = 30;
const bad = (i: number) => ({ Authorization: `Bearer smt_geraten_${i}` });

/**
 * The scenario of issue 13: one address (a municipal NAT) sends 31 different wrong tokens, then a
 * clerk behind the same NAT sends a valid one. Returns the statuses of the guesses and of the clerk.
 */
async function natScenario(app: express.Express, valid: string): Promise<{ guesses: number[]; clerk: number }> {
  const guesses: number[] = [];
  for (let i = 0; i <= LIMIT; i++) guesses.push((await request(app).get('/api/whoami').set(bad(i))).status);
  const clerk = (await request(app).get('/api/whoami').set(t.auth(valid))).status;
  return { guesses, clerk };
}

describe('limit on failed logins', () => {
  test('after 30 different wrong tokens from one address a valid token from it still gets 200; further guesses get 429 with Retry-After', async () => {
    const { createApp } = await import('../../sync-server/app');
    const app = createApp(t.storage, { log: () => undefined });
    const { guesses, clerk } = await natScenario(app, t.tokens.witten);
    expect(guesses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(guesses[LIMIT]).toBe(429);
    expect(clerk).toBe(200);
    const refused = await request(app).get('/api/whoami').set(bad(999)).expect(429);
    expect(refused.body).toMatchObject({ error: 'ZU_VIELE_FEHLVERSUCHE', message: expect.stringContaining('ein gültiges Token funktioniert weiterhin') });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['cache-control']).toBe('no-store');
    // a wrong token already counted is answered as before: nothing new to learn, and a clerk with a revoked token sees why
    const again = await request(app).get('/api/whoami').set(bad(3)).expect(401);
    expect(again.body.error).toBe('TOKEN_UNGUELTIG');
  });

  test('the unprotected variant (express-rate-limit per address before the token check, as before) fails the same scenario', async () => {
    const app = express();
    app.use(rateLimit({ windowMs: 60_000, limit: LIMIT, skipSuccessfulRequests: true, requestWasSuccessful: (_q, r) => r.statusCode !== 401 }));
    app.use(authenticate(t.storage, new AuthFailureLimiter(1e9, 60_000)));
    app.get('/api/whoami', (_q, r) => void r.json({}));
    app.use(errorHandler(() => undefined, '1mb'));
    expect((await natScenario(app, t.tokens.witten)).clerk).toBe(429);
  });

  test('one client retrying the same stale token counts once, so it does not use up its colleagues’ failures', async () => {
    const { createApp } = await import('../../sync-server/app');
    const app = createApp(t.storage, { log: () => undefined, authFailureLimit: 3 });
    for (let i = 0; i < 10; i++) await request(app).get('/api/whoami').set(bad(0)).expect(401);
    await request(app).get('/api/whoami').set(bad(1)).expect(401);
    await request(app).get('/api/whoami').set(bad(2)).expect(401);
    await request(app).get('/api/whoami').set(bad(3)).expect(429);
    // a malformed header is a failure too (it is counted like a token)
    await request(app).get('/api/whoami').set('Authorization', 'Basic abc').expect(429);
  });

  test('the operator’s log names the address once when it reaches the limit', async () => {
    const { createApp } = await import('../../sync-server/app');
    const lines: string[] = [];
    const app = createApp(t.storage, { log: (l) => lines.push(l), authFailureLimit: 2 });
    for (let i = 0; i < 5; i++) await request(app).get('/api/whoami').set(bad(i));
    expect(lines.filter((l) => l.startsWith('Anmeldung:'))).toEqual([expect.stringMatching(/^Anmeldung: 2 verschiedene ungültige Tokens von Adresse .*127\.0\.0\.1.*429.*gültige Tokens nicht/)]);
  });

  test('the window ends, and memory stays bounded under addresses from everywhere', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter(2, 1000, () => now, 3);
    expect(limiter.failure('a', 'x')).toBeUndefined();
    expect(limiter.failure('a', 'y')).toBeUndefined();
    expect(limiter.failure('a', 'z')).toEqual({ retryAfterSeconds: 1, firstRefusal: true });
    expect(limiter.failure('a', 'w')).toEqual({ retryAfterSeconds: 1, firstRefusal: false });
    now = 1000;
    expect(limiter.failure('a', 'z')).toBeUndefined();
    for (let i = 0; i < 100; i++) limiter.failure(`addr${i}`, 'x');
    expect(limiter.size).toBe(3);
  });

  describe('X-Forwarded-For counts only when trust proxy is set', () => {
    const guessFrom = async (app: express.Express, address: string, n: number) => {
      const statuses: number[] = [];
      for (let i = 0; i < n; i++) statuses.push((await request(app).get('/api/whoami').set('X-Forwarded-For', address).set(bad(i + n * 1000))).status);
      return statuses;
    };
    test('trust proxy "loopback" (a reverse proxy on the same machine): one guesser does not block another address', async () => {
      const { createApp } = await import('../../sync-server/app');
      const app = createApp(t.storage, { log: () => undefined, authFailureLimit: 2, trustProxy: 'loopback' });
      expect(await guessFrom(app, '203.0.113.5', 3)).toEqual([401, 401, 429]);
      expect(await guessFrom(app, '203.0.113.6', 1)).toEqual([401]);
    });
    test('without trust proxy the header is ignored: a client cannot escape the limit by naming another address', async () => {
      const { createApp } = await import('../../sync-server/app');
      const app = createApp(t.storage, { log: () => undefined, authFailureLimit: 2 });
      expect(await guessFrom(app, '203.0.113.5', 3)).toEqual([401, 401, 429]);
      expect(await guessFrom(app, '203.0.113.6', 1)).toEqual([429]);
    });
  });

  test('SOZIALMONITOR_TRUST_PROXY: off by default; hops, names and networks; "true" and bad addresses refused in German', () => {
    expect(trustProxyFromEnv({})).toBe(false);
    expect(trustProxyFromEnv({ SOZIALMONITOR_TRUST_PROXY: '' })).toBe(false);
    expect(trustProxyFromEnv({ SOZIALMONITOR_TRUST_PROXY: '1' })).toBe(1);
    expect(trustProxyFromEnv({ SOZIALMONITOR_TRUST_PROXY: 'loopback, 10.0.0.0/8' })).toBe('loopback, 10.0.0.0/8');
    expect(() => trustProxyFromEnv({ SOZIALMONITOR_TRUST_PROXY: 'true' })).toThrow(/„true“ würde jedem Absender glauben/);
    expect(() => trustProxyFromEnv({ SOZIALMONITOR_TRUST_PROXY: '10.0.0.x' })).toThrow(/SOZIALMONITOR_TRUST_PROXY „10\.0\.0\.x“ ist ungültig; erlaubt sind/);
  });
});

describe('Cache-Control', () => {
  test.each([
    ['values of a Kommune', '/api/values?period=2024', 'witten'],
    ['indicators of the Kreis', '/api/indicators?period=2024', 'kreis'],
    ['status', '/api/status?period=2024', 'kreis'],
    ['history', '/api/submissions', 'witten'],
    ['published indicators of a reader', '/api/indicators?period=2024', 'leser'],
  ] as const)('%s: no-store', async (_name, path, who) => {
    const res = await request(t.app).get(path).set(t.auth(t.tokens[who])).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('errors are never stored, also on the public report', async () => {
    expect((await request(t.app).get('/api/values?period=2024')).headers['cache-control']).toBe('no-store');
    expect((await request(t.app).get('/api/values?period=20x4').set(t.auth(t.tokens.kreis)).expect(400)).headers['cache-control']).toBe('no-store');
    expect((await request(t.app).get('/bericht/daten/kennzahl/gibtsnicht').expect(404)).headers['cache-control']).toBe('no-store');
  });

  test('the report’s published data may be kept by caches, asked again each time (304 when unchanged)', async () => {
    const res = await request(t.app).get('/bericht/daten/meta').expect(200);
    expect(res.headers['cache-control']).toBe('public, no-cache');
    await request(t.app).get('/bericht/daten/meta').set('If-None-Match', res.headers.etag!).expect(304);
  });
});

describe('JSON syntax errors in German, with line and column', () => {
  test.each([
    ['ends early', '{"period": "2024", "rows": [', /endet vorzeitig \(Zeile 1, Spalte 29\)/],
    ['unquoted value on line 3', '{\n  "period": "2024",\n  "rows": x\n}', /unerwartetes Zeichen „x“ in Zeile 3, Spalte 11 \(Zeichen 33\)/],
    ['trailing comma', '{"rows": [1,]}', /unerwartetes Zeichen „\]“ in Zeile 1, Spalte 13/],
    ['single quotes', "{'period': 2024}", /unerwartetes Zeichen „'“ in Zeile 1, Spalte 2/],
    ['a bare value', '"2024"', /ein einzelner JSON-Wert; erwartet wird ein JSON-Objekt/],
  ])('%s', async (_name, body, message) => {
    const res = await request(t.app).post('/api/submissions').set(t.auth(t.tokens.witten)).set('Content-Type', 'application/json').send(body).expect(400);
    expect(res.body.error).toBe('JSON_UNGUELTIG');
    expect(res.body.message).toMatch(message);
    expect(res.body.message).not.toMatch(/Unexpected|position|is not valid|JSON input|Expected/);
  });

  test('the scanner agrees with JSON.parse on valid and invalid texts', () => {
    const texts = ['{}', '[]', ' 1 ', '-0.5e+3', '"a\\u00e4\\n"', '{"a":[1,{"b":null}],"c":true}', '', '{', '[1,]', '{"a" 1}', '01', '1.', '"\\x"', '"\u0001"', 'tru', '[1] 2', '{"a":1,}', '{,}', '"\\ud800"', 'nul', '[-]', '{"a":{"b":[]}}x'];
    for (const text of texts) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect([text, jsonErrorOffset(text) === -1]).toEqual([text, valid]);
    }
  });

  test('a body nested a million deep is described without overflowing the stack', () => {
    const deep = '['.repeat(1_000_000);
    expect(jsonErrorOffset(deep)).toBe(1_000_000);
    expect(jsonSyntaxMessage(deep)).toMatch(/endet vorzeitig/);
    expect(lineColumn('ab\ncd\ne', 7)).toEqual({ line: 3, column: 2 });
  });
});

describe('415 for every route that takes data, when it is not JSON', () => {
  test.each([
    ['PUT', '/api/catalogue'],
    ['PUT', '/api/areas'],
    ['PUT', '/api/sozialindex/settings'],
    ['POST', '/api/submissions'],
  ])('%s %s: text/plain, form data and no body at all', async (method, path) => {
    const req = () => (method === 'PUT' ? request(t.app).put(path) : request(t.app).post(path)).set(t.auth(t.tokens.kreis));
    const plain = await req().set('Content-Type', 'text/plain').send(JSON.stringify(testAreas())).expect(415);
    expect(plain.body).toMatchObject({ error: 'KEIN_JSON', message: expect.stringContaining('als JSON senden') });
    await req().type('form').send({ period: '2024' }).expect(415);
    await req().expect(415);
    // latin1 declared: the body parser refuses the character set
    const latin1 = await req().set('Content-Type', 'application/json; charset=latin1').send('{}').expect(415);
    expect(latin1.body.error).toBe('ZEICHENSATZ');
  });

  test('the role is checked first: a reader gets 403, not 415', async () => {
    await request(t.app).put('/api/catalogue').set(t.auth(t.tokens.leser)).set('Content-Type', 'text/plain').send('x').expect(403);
  });
});

describe('strict query parameters', () => {
  test('a repeated parameter: 400 naming it', async () => {
    const res = await request(t.app).get(`/api/values?period=2024&areas=${WITTEN}&areas=${WITTEN}-01`).set(t.auth(t.tokens.kreis)).expect(400);
    expect(res.body).toMatchObject({ error: 'PARAMETER_UNGUELTIG', parameter: 'areas', message: expect.stringMatching(/„areas“: darf nur einmal/) });
  });
  test('a bracketed parameter (areas[]=): 400 naming it, on the API and on the report', async () => {
    const res = await request(t.app).get(`/api/values?period=2024&areas[]=${WITTEN}`).set(t.auth(t.tokens.kreis)).expect(400);
    expect(res.body).toMatchObject({ parameter: 'areas[]', message: expect.stringMatching(/Eckige Klammern.*areas=a,b/) });
    const report = await request(t.app).get('/bericht/daten/meta?ids[]=x').expect(400);
    expect(report.body.parameter).toBe('ids[]');
  });
  test('a parameter the API description does not list: 400 naming it and the allowed ones', async () => {
    const res = await request(t.app).get(`/api/values?period=2024&area=${WITTEN}`).set(t.auth(t.tokens.kreis)).expect(400);
    expect(res.body.message).toBe('Parameter „area“: gibt es bei GET /api/values nicht; erlaubt: period, variables, areas, unter, ebene');
    const none = await request(t.app).get('/api/whoami?x=1').set(t.auth(t.tokens.kreis)).expect(400);
    expect(none.body.message).toMatch(/diese Adresse nimmt keine Parameter/);
    await request(t.app).get('/api/values?period=2024').set(t.auth(t.tokens.kreis)).expect(200);
  });
});
