/** The OpenAPI file is valid (real validator) and documents exactly the registered routes. */
import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { OPENAPI_FILE } from '../../sync-server/app';
import { Layer, TestServer, registeredRoutes, testServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(async () => {
  await t.close();
});

test('the OpenAPI file passes a real OpenAPI 3 validator', async () => {
  const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
  await expect(SwaggerParser.validate(doc)).resolves.toBeDefined();
});

test('the OpenAPI file and the registered /api routes match exactly; outside /api only the report’s page data', () => {
  const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as { servers: { url: string }[]; paths: Record<string, Record<string, unknown>> };
  const base = doc.servers[0]!.url;
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${base}${path}`));
  const registered = registeredRoutes((t.app as unknown as { router: { stack: Layer[] } }).router.stack);
  expect(registered.length).toBeGreaterThanOrEqual(10);
  const underBase = (r: string) => r.split(' ')[1]!.startsWith(`${base}/`);
  expect([...new Set(registered.filter(underBase))].sort()).toEqual(documented.sort());
  // The report's own data and export routes (/bericht/daten, /bericht/export) serve the public page
  // with published values only and are documented in the README, not in the API description; so is
  // the printed report (/bericht/bericht.pdf and its HTML, /bericht/druck) and the start page (GET /).
  const outside = [...new Set(registered.filter((r) => !underBase(r)))];
  expect(outside.length).toBeGreaterThan(0);
  // and the area profiles (/bericht/gebiet, /bericht/gebiet/<code>[.pdf]) with the Sozialindex matrix (/bericht/sozialindex-matrix).
  for (const r of outside) expect(r).toMatch(/^GET (\/|\/bericht\/((daten|export)\/.*|export\.(xlsx|csv)|bericht\.pdf|druck|gebiet|gebiet\/:datei|sozialindex-matrix))$/);
});

test('the server serves its own OpenAPI file', async () => {
  const res = await request(t.app).get('/api/openapi.json').expect(200);
  expect(res.body.openapi).toMatch(/^3\./);
});

test('the docs describe the disclosure control in force (Geheimhaltung, status gesperrt)', () => {
  const text = readFileSync(OPENAPI_FILE, 'utf8');
  expect(text).not.toMatch(/Noch nicht umgesetzt: Geheimhaltung/);
  expect(text).toMatch(/\*\*Geheimhaltung\.\*\*/);
  expect(text).toMatch(/"gesperrt"/);
});

/**
 * Every answer a route gives to ordinary and hostile requests is documented for that operation,
 * with the body the description names (its required fields): each documented operation is probed
 * without a token, with a wrong one, with each role, with repeated, bracketed, unknown and wrong
 * query parameters, and (where it takes data) with no body, text/plain, latin1, broken JSON and an
 * oversized body.
 */
describe('every status code a route answers is documented', () => {
  interface Schema { $ref?: string; required?: string[]; oneOf?: Schema[]; anyOf?: Schema[] }
  interface Answer { $ref?: string; content?: { 'application/json'?: { schema?: Schema } } }
  interface Operation { parameters?: { name: string; in: string; required?: boolean; example?: string }[]; requestBody?: unknown; responses: Record<string, Answer> }
  type Doc = { servers: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: { responses: Record<string, Answer>; schemas: Record<string, Schema> } };

  let probe: TestServer;
  beforeAll(async () => {
    probe = await testServer({ bodyLimit: '1kb', authFailureLimit: 1 });
  });
  afterAll(() => probe.close());

  const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Doc;
  const resolve = <T extends { $ref?: string }>(x: T, section: Record<string, T>): T => (x.$ref ? section[x.$ref.split('/').pop()!]! : x);
  /** the required fields of the documented body are there (one alternative of oneOf/anyOf suffices) */
  const bodyFits = (schema: Schema | undefined, body: Record<string, unknown>): boolean => {
    if (!schema) return true;
    const s = resolve(schema, doc.components.schemas);
    const alternatives = s.oneOf ?? s.anyOf;
    if (alternatives) return alternatives.some((a) => bodyFits(a, body));
    return (s.required ?? []).every((f) => f in body);
  };

  test('no undocumented status and no body that differs from the description', async () => {
    const base = doc.servers[0]!.url;
    const problems: string[] = [];
    let probes = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const query = (op.parameters ?? []).filter((p) => p.in === 'query');
        const required = query.filter((p) => p.required).map((p) => `${p.name}=${p.example ?? '2024'}`);
        const q = (...extra: string[]) => `${base}${path}${[...required, ...extra].length ? `?${[...required, ...extra].join('&')}` : ''}`;
        const urls = [q(), q('gibtsnicht=1'), q('x[]=1'), ...query.flatMap((p) => [q(`${p.name}=x`, `${p.name}=x`), q(`${p.name}=%C3%BF%20x`)])];
        const send = (url: string, headers: Record<string, string>, body?: string, type?: string) => {
          let r = method === 'put' ? request(probe.app).put(url) : method === 'post' ? request(probe.app).post(url) : request(probe.app).get(url);
          r = r.set(headers);
          if (type) r = r.set('Content-Type', type);
          return body === undefined ? r : r.send(body);
        };
        const cases: [string, Promise<request.Response>][] = [];
        const auths: [string, Record<string, string>][] = [
          ['ohne Token', {}],
          ['falsches Token', probe.auth('falsch')],
          ['noch ein falsches Token', probe.auth('falsch2')],
          ...(['kreis', 'witten', 'leser'] as const).map((role): [string, Record<string, string>] => [role, probe.auth(probe.tokens[role])]),
        ];
        for (const [who, headers] of auths) {
          for (const url of urls) {
            if (op.requestBody) {
              cases.push([`${who} ${url} {}`, send(url, headers, '{}', 'application/json')]);
              cases.push([`${who} ${url} ohne Inhalt`, send(url, headers)]);
              cases.push([`${who} ${url} text/plain`, send(url, headers, '{}', 'text/plain')]);
              cases.push([`${who} ${url} latin1`, send(url, headers, '{}', 'application/json; charset=latin1')]);
              cases.push([`${who} ${url} kaputtes JSON`, send(url, headers, '{"a": [', 'application/json')]);
              cases.push([`${who} ${url} zu groß`, send(url, headers, JSON.stringify({ a: 'x'.repeat(2000) }), 'application/json')]);
            } else cases.push([`${who} ${url}`, send(url, headers)]);
          }
        }
        for (const [name, pending] of cases) {
          const res = await pending;
          probes++;
          const documented = op.responses[String(res.status)];
          if (!documented) {
            problems.push(`${method.toUpperCase()} ${path}: ${res.status} (${res.body?.error ?? ''}) nicht beschrieben – ${name}`);
            continue;
          }
          const content = resolve(documented, doc.components.responses).content?.['application/json'];
          if (res.status >= 400 && !bodyFits(content?.schema, res.body as Record<string, unknown>)) {
            problems.push(`${method.toUpperCase()} ${path}: ${res.status} mit anderem Inhalt als beschrieben (${Object.keys(res.body as object).join(', ')}) – ${name}`);
          }
        }
      }
    }
    expect(probes).toBeGreaterThan(300);
    expect([...new Set(problems.map((p) => p.replace(/ – .*/, '')))]).toEqual([]);
  });
});
