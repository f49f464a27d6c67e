/** Reading query parameters strictly: a wrong parameter is named, never silently ignored. */
import type { Request } from 'express';
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
