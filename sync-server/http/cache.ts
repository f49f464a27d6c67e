/**
 * Cache-Control in one place. Raw numbers (a Kreis's or Kommune's view of values, indicators,
 * history, status) must not stay in a browser's disk cache or a proxy: every /api answer and every
 * error is `no-store`. The report's data (/bericht/daten, /bericht/export) is published and public:
 * a short shared cache is allowed; after a change readers see it within that minute.
 */
import type { RequestHandler } from 'express';

export const NO_STORE = 'no-store';
export const PUBLIC_REPORT_CACHE = 'public, max-age=60';

export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', NO_STORE);
  next();
};

export const publicReportCache: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', PUBLIC_REPORT_CACHE);
  next();
};
