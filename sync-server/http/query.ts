/** Reading query parameters strictly: a wrong parameter is named, never silently ignored. */
import type { Request, RequestHandler } from 'express';
import { EBENEN, Ebene, Period, isPeriod } from '../../shared';
import { badRequest } from './errors';

export function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(name, 'darf nur einmal angegeben werden');
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** A comma-separated list (`?areas=05954036,05954008`). */
export function queryList(req: Request, name: string): string[] | undefined {
  const v = queryString(req, name);
  return v === undefined ? undefined : [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))];
}

export function queryPeriod(req: Request, fallback?: Period): Period {
  const v = queryString(req, 'period');
  if (v === undefined) {
    if (fallback) return fallback;
    throw badRequest('period', 'fehlt; erwartet wird ein Berichtsjahr, z. B. period=2024');
  }
  if (!isPeriod(v)) throw badRequest('period', `„${v}“ ist kein Berichtsjahr; erwartet wird z. B. period=2024`);
  return v;
}

export function queryEbene(req: Request): Ebene | undefined {
  const v = queryString(req, 'ebene');
  if (v === undefined) return undefined;
  if (!(EBENEN as readonly string[]).includes(v)) throw badRequest('ebene', `„${v}“ ist keine Ebene; erlaubt sind ${EBENEN.join(', ')}`);
  return v as Ebene;
}

/** A whole number within [min, max] (`?limit=50`), or undefined when absent. */
export function queryInteger(req: Request, name: string, min: number, max: number): number | undefined {
  const v = queryString(req, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw badRequest(name, `„${v}“ ist keine ganze Zahl von ${min} bis ${max}`);
  }
  return n;
}

/** The query parameters an operation allows, or undefined when the operation is not described. */
export type AllowedQuery = (method: string, path: string) => string[] | undefined;

/**
 * The query parameters of each operation of an OpenAPI document (`in: query`), so that the API
 * description is the one list of what a route accepts. Paths with `{name}` match one segment.
 */
export function allowedQueryFromOpenApi(doc: { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> }): AllowedQuery {
  const operations = Object.entries(doc.paths).map(([path, ops]) => ({
    pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+')}/?$`),
    ops,
  }));
  return (method, path) => {
    const op = operations.find((o) => o.pattern.test(path))?.ops[method.toLowerCase()];
    return op ? (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) : undefined;
  };
}

/**
 * Query parameters are read strictly before any route runs: a repeated parameter (`?areas=a&areas=b`),
 * a bracketed one (`?areas[]=a`, PHP/jQuery style) or, where the API description lists the
 * operation, an undocumented one (a typo like `?area=` on /api/values) is a 400 naming it; silently
 * ignoring it would answer a different question than the one asked.
 */
export function strictQuery(allowed?: AllowedQuery): RequestHandler {
  return (req, _res, next) => {
    const names = Object.keys(req.query);
    if (names.length === 0) return next();
    for (const name of names) {
      if (/[[\]]/.test(name)) {
        return next(badRequest(name, `Eckige Klammern gibt es in Parameternamen nicht; eine Liste bitte durch Kommas getrennt angeben, z. B. ${name.replace(/\[.*$/, '')}=a,b`));
      }
      if (typeof req.query[name] !== 'string') return next(badRequest(name, 'darf nur einmal angegeben werden; eine Liste bitte durch Kommas getrennt angeben, z. B. areas=a,b'));
    }
    const known = allowed?.(req.method === 'HEAD' ? 'GET' : req.method, req.path);
    const unknown = known ? names.find((n) => !known.includes(n)) : undefined;
    if (known && unknown !== undefined) {
      return next(badRequest(unknown, `gibt es bei ${req.method} ${req.baseUrl}${req.path} nicht; ${known.length ? `erlaubt: ${known.join(', ')}` : 'diese Adresse nimmt keine Parameter'}`));
    }
    next();
  };
}
