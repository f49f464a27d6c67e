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

type Key = string | number;
const isContainer = (v: unknown): v is object => v !== null && typeof v === 'object';

/** `rows[0].value[0]`: the keys from the top down, each cut, the whole cut for a message. */
function fieldPath(keys: readonly Key[]): string {
  const path = keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${clipText(k, 20)}`)).join('');
  return clipText(path || 'Inhalt');
}

/**
 * The field at which a JSON value nests deeper than `maxDepth` (the top level is depth 1), or
 * undefined. Iterative, so that a value nested 100,000 deep is measured without a stack overflow;
 * it stops at the first value too deep.
 */
export function jsonTooDeepAt(value: unknown, maxDepth: number = MAX_JSON_DEPTH): string | undefined {
  // containers still to look at, with their depth and (to name the field) their parent entry
  type Item = { v: object; depth: number; parent: Item | null; key: Key | null };
  const stack: Item[] = isContainer(value) ? [{ v: value, depth: 1, parent: null, key: null }] : [];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.depth > maxDepth) {
      const keys: Key[] = [];
      for (let it: Item | null = item; it && it.key !== null; it = it.parent) keys.push(it.key);
      return fieldPath(keys.reverse());
    }
    const v = item.v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (isContainer(v[i])) stack.push({ v: v[i] as object, depth: item.depth + 1, parent: item, key: i });
    } else {
      for (const key in v) {
        const child = (v as Record<string, unknown>)[key];
        if (isContainer(child)) stack.push({ v: child, depth: item.depth + 1, parent: item, key });
      }
    }
  }
  return undefined;
}

/**
 * Object keys in the order of the former `JSON.stringify` with an `Object.fromEntries(sorted)`
 * replacer, so that stored hashes stay valid: integer-like keys first in numeric order (objects
 * enumerate them so), then the others in code-unit order. With each key as JSON (`"area":`).
 * Memoised per set of keys: the 100,000 rows of a submission all have the same three.
 */
type KeyOrder = { keys: string[]; written: string[] };
const keyOrders = new Map<string, KeyOrder>();
function canonicalKeys(o: object): KeyOrder {
  const own = Object.keys(o);
  // JSON of the key list: unambiguous (a join would make {} and {"": 1} or "a\u0000b" and "a","b" alike)
  const signature = JSON.stringify(own);
  const hit = keyOrders.get(signature);
  if (hit) return hit;
  let keys = [...own].sort();
  const index = keys.filter((k) => /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < 4294967295);
  if (index.length > 0) keys = [...index.sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !index.includes(k))];
  const order = { keys, written: keys.map((k) => `${JSON.stringify(k)}:`) };
  // only small key sets are kept, and not too many (a hostile body may have millions of distinct keys)
  if (own.length <= 32 && signature.length <= 1000) {
    if (keyOrders.size >= 1000) keyOrders.clear();
    keyOrders.set(signature, order);
  }
  return order;
}

/** What JSON.stringify writes for a value that is no object or list (undefined: left out / null). */
function primitive(v: unknown): string | undefined {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  return JSON.stringify(v);
}

/** Nodes written between two pauses of contentHashAsync. */
const NODES_PER_STEP = 20_000;

/**
 * Canonical JSON of a value, written into `out` piece by piece; yields every NODES_PER_STEP nodes.
 * Iterative (no stack overflow at any depth); throws JsonTooDeepError beyond MAX_JSON_DEPTH.
 */
function* canonicalPieces(value: unknown, out: string[]): Generator<void, void, void> {
  type Frame = { v: object; order: KeyOrder | null; i: number; key: Key | null; wrote: boolean };
  const stack: Frame[] = [];
  let nodes = 0;
  const open = (v: unknown, key: Key | null): void => {
    if (isContainer(v) && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(String(key ?? ''));
    if (!isContainer(v)) {
      out.push(primitive(v) ?? 'null');
      return;
    }
    if (stack.length >= MAX_JSON_DEPTH) throw new JsonTooDeepError(fieldPath([...stack.slice(1).map((f) => f.key!), key!]), MAX_JSON_DEPTH);
    const isArray = Array.isArray(v);
    out.push(isArray ? '[' : '{');
    stack.push({ v, order: isArray ? null : canonicalKeys(v), i: 0, key, wrote: false });
  };
  open(value, null);
  while (stack.length > 0) {
    if (++nodes % NODES_PER_STEP === 0) yield;
    const f = stack[stack.length - 1]!;
    const order = f.order;
    const length = order ? order.keys.length : (f.v as unknown[]).length;
    if (f.i >= length) {
      out.push(order ? '}' : ']');
      stack.pop();
      continue;
    }
    const i = f.i++;
    const key = order ? order.keys[i]! : i;
    const child = (f.v as Record<Key, unknown>)[key];
    if (!order || isContainer(child)) {
      if (f.wrote) out.push(',');
      f.wrote = true;
      if (order) out.push(order.written[i]!);
      open(child, key);
      continue;
    }
    // as JSON.stringify: undefined, functions and symbols are left out of objects (null in lists)
    const text = primitive(child);
    if (text === undefined) continue;
    if (f.wrote) out.push(',');
    f.wrote = true;
    out.push(order.written[i]!, text);
  }
}

/** JSON with object keys sorted, so that the same content always gives the same hash. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const steps = canonicalPieces(value, out);
  while (!steps.next().done);
  return out.join('');
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const contentHash = (value: unknown): string => sha256(canonicalJson(value));

/** The same hash, pausing between steps so that other requests are answered meanwhile (8 MB: ~0.3 s of work). */
export async function contentHashAsync(value: unknown, pause: () => Promise<void> = () => new Promise((r) => setImmediate(r))): Promise<string> {
  const hash = createHash('sha256');
  const out: string[] = [];
  const steps = canonicalPieces(value, out);
  for (;;) {
    const done = steps.next().done;
    hash.update(out.join(''), 'utf8');
    out.length = 0;
    if (done) return hash.digest('hex');
    await pause();
  }
}
