/**
 * The express application: security middleware, the JSON API under /api, and mount points for the
 * add-in's task pane and the report (served only when their build output exists).
 */
import cors from 'cors';
import express, { Express } from 'express';
import compression from 'compression';
import helmet from 'helmet';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DomainState } from './domain';
import { PublishedSnapshots, publishedSnapshotsOf } from './published-snapshot';
import { FreigabeModus, freigabeModusFromEnv } from './freigabe';
import { AuthFailureLimiter, authenticate } from './http/auth';
import { noStore, publicReportCache } from './http/cache';
import { errorHandler, notFound } from './http/errors';
import { limitJsonDepth } from './http/json-depth';
import { allowedQueryFromOpenApi, strictQuery } from './http/query';
import { DruckConfig, druckFromEnv, type TrustProxy } from './config';
import { areaRoutes } from './routes/areas';
import { berichtRoutes } from './routes/bericht';
import { berichtPdfRoutes } from './routes/bericht-pdf';
import { berichtGebietRoutes } from './routes/bericht-gebiet';
import { PdfRenderer } from './bericht-pdf/render';
import { berichtExportRoutes } from './routes/bericht-export';
import { catalogueRoutes } from './routes/catalogue';
import { freigabeRoutes } from './routes/freigaben';
import { healthRoutes } from './routes/health';
import { indicatorRoutes } from './routes/indicators';
import { sozialindexRoutes } from './routes/sozialindex';
import { startseiteRoutes } from './routes/startseite';
import { statusRoutes } from './routes/status';
import { submissionRoutes } from './routes/submissions';
import { valueRoutes } from './routes/values';
import { whoamiRoutes } from './routes/whoami';
import type { Storage } from './storage/types';

export interface AppOptions {
  /** origins allowed by CORS: the add-in's task pane (Office loads it from its own https origin) */
  addinOrigins?: string[];
  /** maximum JSON body, as body-parser understands it ("8mb") */
  bodyLimit?: string;
  /** different invalid credentials allowed per address and window before new ones get 429 (http/auth.ts) */
  authFailureLimit?: number;
  authFailureWindowMs?: number;
  /** express's `trust proxy` (SOZIALMONITOR_TRUST_PROXY); default false: the peer address counts */
  trustProxy?: TrustProxy;
  /** static mounts, e.g. { '/addin': 'dist/addin' }; only existing directories are served */
  staticDirs?: Record<string, string>;
  log?: (line: string) => void;
  /** who releases accepted submissions (Freigabe); default from SOZIALMONITOR_FREIGABE, else `pruefung` */
  freigabe?: FreigabeModus;
  /** the printed report: publisher, contact, Chromium path; default from the environment (druckFromEnv) */
  druck?: DruckConfig;
  /** tests: awaited before each computation of the readers' snapshot and when it is done (published-snapshot.ts) */
  snapshotHook?: PublishedSnapshots['hook'];
  /** tests: the DomainState to serve (on `storage`), to look at its caches; default a new one */
  state?: DomainState;
}

/** The project root, whether running from the sources (ts-jest) or from dist/. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const OPENAPI_FILE = join(projectRoot(), 'sync-server', 'openapi.json');

const packageVersion = (): string => {
  try {
    return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unbekannt';
  }
};

const OFFICE_CDN = 'https://appsforoffice.microsoft.com';
/** Content-Security-Policy of the task pane (issue 4); everything else keeps helmet's default. */
export const ADDIN_CSP = {
  'script-src': ["'self'", OFFICE_CDN],
  'connect-src': ["'self'", OFFICE_CDN],
  'frame-ancestors': ["'self'", 'https://*.officeapps.live.com', 'https://*.office.com', 'https://*.office365.com', 'https://*.microsoft365.com', 'https://*.sharepoint.com', 'https://*.cloud.microsoft'],
  'upgrade-insecure-requests': null,
};

export function createApp(storage: Storage, options: AppOptions = {}): Express {
  const state = options.state ?? new DomainState(storage);
  if (options.snapshotHook) publishedSnapshotsOf(state).hook = options.snapshotHook;
  const bodyLimit = options.bodyLimit ?? '8mb';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const origins = new Set(options.addinOrigins ?? ['https://localhost:3000']);
  const freigabe = options.freigabe ?? freigabeModusFromEnv();

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxy ?? false);
  // The task pane (/addin) gets its own policy: office.js and the host scripts it loads come from
  // Microsoft's CDN, and Excel on the web shows the pane in a frame of an Office origin.
  const general = helmet();
  const taskPane = helmet({ contentSecurityPolicy: { directives: ADDIN_CSP }, frameguard: false });
  // The report (/bericht) draws its charts with ECharts, which sets inline style attributes.
  const report = helmet({ contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"] } } });
  app.use((req, res, next) => (req.path === '/addin' || req.path.startsWith('/addin/') ? taskPane : req.path.startsWith('/bericht') ? report : general)(req, res, next));
  // gzip for answers over 1 KB when the client accepts it: area outlines and long value lists shrink ~10×
  app.use(compression());

  for (const [mount, dir] of Object.entries(options.staticDirs ?? {})) {
    if (existsSync(dir)) app.use(mount, express.static(dir));
  }

  const api = express.Router();
  api.use(noStore);
  // Only the add-in's origin may call the API from a browser; others get no CORS headers.
  api.use(cors({ origin: (origin, cb) => cb(null, origin !== undefined && origins.has(origin)), allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'], exposedHeaders: ['Idempotent-Replayed'], maxAge: 600 }));
  // after CORS, so that the add-in sees the 400 of a wrong parameter instead of a CORS failure
  api.use(strictQuery(allowedQueryFromOpenApi(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')))));
  api.use(express.json({ limit: bodyLimit }));
  api.use(healthRoutes(state, packageVersion()));
  api.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(readFileSync(OPENAPI_FILE, 'utf8'));
  });
  api.use(authenticate(storage, new AuthFailureLimiter(options.authFailureLimit ?? 30, options.authFailureWindowMs ?? 15 * 60 * 1000), log));
  api.use(limitJsonDepth());
  api.use(whoamiRoutes(state));
  api.use(catalogueRoutes(state));
  api.use(areaRoutes(state));
  api.use(submissionRoutes(state, freigabe, log));
  api.use(freigabeRoutes(state, freigabe));
  api.use(valueRoutes(state));
  api.use(indicatorRoutes(state));
  api.use(statusRoutes(state));
  api.use(sozialindexRoutes(state));
  api.use(notFound);
  app.use('/api', api);
  // one Chromium at a time for the whole report and the area profiles (one queue), each with its own
  // cache: the last 4 reports, the last 50 profiles (a profile is three pages)
  const druck = options.druck ?? druckFromEnv();
  const queue = { tail: Promise.resolve() as Promise<unknown> };
  app.use('/bericht', strictQuery(), publicReportCache, berichtRoutes(state), berichtExportRoutes(state), berichtPdfRoutes(state, druck, log, new PdfRenderer(druck.chromium, 4, queue)), berichtGebietRoutes(state, new PdfRenderer(druck.chromium, 50, queue), log));
  app.use(startseiteRoutes(state, packageVersion()));
  app.use(notFound);
  app.use(errorHandler(log, bodyLimit));
  return app;
}
