/**
 * Cache-Control in one place. Raw numbers (a Kreis's or Kommune's view of values, indicators,
 * history, status) must not stay in a browser's disk cache or a proxy: every /api answer and every
 * error is `no-store`. The report's data (/bericht/daten, /bericht/export) is published and public:
 * caches may keep it but must ask again each time (`no-cache`; an unchanged answer is a 304 by its
 * ETag). Not a max-age: the report page reloads its Sozialindex right after the Kreis saves a new
 * setting, and a release (Freigabe) must show at once, not a minute later.
 */
import type { RequestHandler } from 'express';

export const NO_STORE = 'no-store';
export const PUBLIC_REPORT_CACHE = 'public, no-cache';

export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', NO_STORE);
  next();
};

export const publicReportCache: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', PUBLIC_REPORT_CACHE);
  next();
};
