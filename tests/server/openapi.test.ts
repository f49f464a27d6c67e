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
  // with published values only and are documented in the README, not in the API description.
  const outside = [...new Set(registered.filter((r) => !underBase(r)))];
  expect(outside.length).toBeGreaterThan(0);
  for (const r of outside) expect(r).toMatch(/^GET \/bericht\/(daten|export)\//);
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
