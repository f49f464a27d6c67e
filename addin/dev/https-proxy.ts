/**
 * HTTPS in front of the sync server for sideloading during development: Office loads add-ins only
 * over https, the sync server speaks plain http (in production a reverse proxy of the Kreis ends TLS).
 * Uses the localhost certificate that `npx office-addin-dev-certs install` creates and trusts.
 *
 *   PORT=3001 npm start                      # the sync server on http://127.0.0.1:3001
 *   node dist/addin/dev/https-proxy.js       # https://localhost:3000 -> http://127.0.0.1:3001
 *
 * Environment: HTTPS_PORT (3000), TARGET (http://127.0.0.1:3001), CERT_DIR (~/.office-addin-dev-certs).
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, Server } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ProxyOptions {
  key: string | Buffer;
  cert: string | Buffer;
  target: string;
  port: number;
  host?: string;
}

export function startHttpsProxy(o: ProxyOptions): Promise<Server> {
  const target = new URL(o.target);
  const server = createServer({ key: o.key, cert: o.cert }, (req, res) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-proto': 'https' } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'SERVER_NICHT_ERREICHBAR', message: `Der Sync-Server unter ${o.target} antwortet nicht; läuft „PORT=${target.port} npm start“?` }));
    });
    req.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? 'localhost', () => resolve(server));
  });
}

if (require.main === module) {
  const dir = process.env.CERT_DIR ?? join(homedir(), '.office-addin-dev-certs');
  let key: Buffer;
  let cert: Buffer;
  try {
    key = readFileSync(join(dir, 'localhost.key'));
    cert = readFileSync(join(dir, 'localhost.crt'));
  } catch {
    process.stderr.write(`Zertifikat fehlt in ${dir}: bitte zuerst „npx office-addin-dev-certs install“ ausführen.\n`);
    process.exit(1);
  }
  const port = Number(process.env.HTTPS_PORT ?? 3000);
  const target = process.env.TARGET ?? 'http://127.0.0.1:3001';
  startHttpsProxy({ key, cert, target, port }).then(
    () => process.stdout.write(`Add-in über https://localhost:${port}/addin/taskpane.html (weiter an ${target})\n`),
    (e: Error) => {
      process.stderr.write(`HTTPS-Proxy startet nicht: ${e.message}\n`);
      process.exit(1);
    },
  );
}
