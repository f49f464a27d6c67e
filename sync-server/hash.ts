/** Content hashes (SHA-256) for the audit log and idempotency checks. */
import { createHash } from 'node:crypto';
import { clipText } from '../shared';

/**
 * Deepest nesting of objects and lists accepted in a request body. The deepest real body is an
 * area upload (FeatureCollection > features > Feature > geometry > coordinates of a MultiPolygon:
 * about 8 levels); JSON.stringify and every recursive walk overflow the stack somewhere past 5,000.
 */
export const MAX_JSON_DEPTH = 64;

export class JsonTooDeepError extends Error {
  constructor(
    /** where the limit is first exceeded, e.g. `rows[0].value[0][0]…` (cut for the message) */
    readonly field: string,
    readonly maxDepth: number,
  ) {
    super(`Feld „${field}“: mehr als ${maxDepth} Ebenen tief verschachtelt (Objekte und Listen ineinander); erlaubt sind höchstens ${maxDepth}.`);
    this.name = 'JsonTooDeepError';
  }
}

/**
 * The field at which a JSON value nests deeper than `maxDepth` (the top level is depth 1), or
 * undefined. Iterative, so that a value nested 100,000 deep is measured without a stack overflow;
 * it stops at the first value too deep.
 */
export function jsonTooDeepAt(value: unknown, maxDepth: number = MAX_JSON_DEPTH): string | undefined {
  type Item = { value: unknown; depth: number; parent: Item | null; key: string | number | null };
  const stack: Item[] = [{ value, depth: 1, parent: null, key: null }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (v === null || typeof v !== 'object') continue;
    if (item.depth > maxDepth) return fieldPath(item);
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: item.depth + 1, parent: item, key });
    }
  }
  return undefined;

  function fieldPath(item: Item): string {
    const parts: (string | number)[] = [];
    for (let it: Item | null = item; it && it.key !== null; it = it.parent) parts.push(it.key);
    parts.reverse();
    const path = parts.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${clipText(k, 20)}`)).join('');
    return clipText(path || 'Inhalt');
  }
}

/**
 * JSON with object keys sorted, so that the same content always gives the same hash. Throws
 * JsonTooDeepError beyond MAX_JSON_DEPTH (the server answers such a body with 400 before this).
 */
export function canonicalJson(value: unknown): string {
  const tooDeep = jsonTooDeepAt(value);
  if (tooDeep !== undefined) throw new JsonTooDeepError(tooDeep, MAX_JSON_DEPTH);
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const contentHash = (value: unknown): string => sha256(canonicalJson(value));
