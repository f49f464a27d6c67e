/** The development HTTPS front for sideloading: a self-signed localhost certificate made with openssl. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpsProxy } from '../../addin/dev/https-proxy';
import { TestServer, testServer } from '../server/helpers';

let ts: TestServer;
let http: Server;
let dir: string;

beforeAll(async () => {
  ts = await testServer();
  http = await new Promise<Server>((resolve) => { const s = ts.app.listen(0, '127.0.0.1', () => resolve(s)); });
  dir = mkdtempSync(join(tmpdir(), 'certs-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'localhost.key'), '-out', join(dir, 'localhost.crt'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'pipe' });
});
afterAll(async () => {
  await new Promise((r) => http.close(r));
  await ts.close();
  rmSync(dir, { recursive: true, force: true });
});

const fetchHttps = (url: string, ca: Buffer) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });

test('forwards https requests to the sync server; a stopped server gives a German 502', async () => {
  const cert = readFileSync(join(dir, 'localhost.crt'));
  const target = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const proxy = await startHttpsProxy({ key: readFileSync(join(dir, 'localhost.key')), cert, target, port: 0, host: '127.0.0.1' });
  const port = (proxy.address() as AddressInfo).port;
  try {
    const health = await fetchHttps(`https://127.0.0.1:${port}/api/health`, cert);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
    const dead = await startHttpsProxy({ key: readFileSync(join(dir, 'localhost.key')), cert, target: 'http://127.0.0.1:1', port: 0, host: '127.0.0.1' });
    const r = await fetchHttps(`https://127.0.0.1:${(dead.address() as AddressInfo).port}/api/health`, cert);
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body).message).toContain('antwortet nicht');
    dead.close();
  } finally {
    proxy.close();
  }
});
