/**
 * A compact, read-only table of JSON rows (the readers' snapshots, published-snapshot.ts): kept as
 * typed arrays instead of one object per row, and given back as objects equal to those put in (same
 * keys in the same order, same values), so that an answer built from them is byte for byte the same.
 *
 * A row is split into
 *  - two labels (e.g. area and Kennzahl): indices into lists of names the table is given (in a
 *    grid, every A × every B in that order, they are the row's place and not stored);
 *  - numeric fields (e.g. value, numerator, denominator) holding a number or null: Float64Array
 *    columns, null as NaN;
 *  - everything else (which keys, in which order, and the values of the other fields: period,
 *    status, reason, official totals …): its "shape", kept once and shared by every row that has
 *    it (a Kreis has a few hundred shapes for hundreds of thousands of rows).
 * Why: one object per row with its own strings, plus a Map keyed by "area\0Kennzahl", made the
 * six snapshots of the demo Kreis about 320 MB of RSS (README, Messungen).
 */

/** Where a field of a shape comes from. */
const LABEL_A = -1;
const LABEL_B = -2;
const FIXED = -3;

interface Shape {
  keys: string[];
  /** per key: LABEL_A, LABEL_B, FIXED or the index of a numeric column */
  source: number[];
  /** per key: the value of a FIXED field (shared by the rows of this shape; never changed) */
  fixed: unknown[];
}

/** Exact identity of a fixed value for interning (JSON alone would merge undefined, NaN and null). */
const fixedKey = (v: unknown): string => (v !== null && typeof v === 'object' ? `o${JSON.stringify(v)}` : `${typeof v}:${String(v)}`);

export class CompactRows<R extends object> {
  private n = 0;
  private a: Uint32Array;
  private b: Uint32Array;
  private shapeOf: Uint32Array;
  private columns: Float64Array[];
  private readonly shapes: Shape[] = [];
  /** only while rows are added */
  private shapeIndex? = new Map<string, number>();

  /**
   * @param labelA the key of the first label (e.g. "area") and its names
   * @param labelB the key of the second label (e.g. "indicator") and its names
   * @param numeric keys kept as numbers where they hold a number or null
   * @param grid rows are every name of A × every name of B, in that order: row j has A = j / |B|, B = j % |B|
   */
  constructor(
    private readonly labelA: { key: string; names: readonly string[] },
    private readonly labelB: { key: string; names: readonly string[] },
    private readonly numeric: readonly string[],
    capacity = 1024,
    private readonly grid = false,
  ) {
    this.a = new Uint32Array(grid ? 0 : capacity);
    this.b = new Uint32Array(grid ? 0 : capacity);
    this.shapeOf = new Uint32Array(capacity);
    this.columns = numeric.map(() => new Float64Array(capacity));
  }

  /** JSON text of a key, made once per key (a row has a handful, the table millions of rows) */
  private readonly keyTexts = new Map<string, string>();
  private keyText(k: string): string {
    let t = this.keyTexts.get(k);
    if (t === undefined) this.keyTexts.set(k, (t = JSON.stringify(k)));
    return t;
  }

  get length(): number {
    return this.n;
  }

  /** Appends a row whose labels are names[ia] and names[ib] of the two labels. */
  push(row: R, ia: number, ib: number): void {
    if (!this.shapeIndex) throw new Error('CompactRows: nach done() werden keine Zeilen mehr angenommen');
    if (this.grid && (ia !== Math.floor(this.n / this.labelB.names.length) || ib !== this.n % this.labelB.names.length)) {
      throw new Error(`CompactRows: Zeile ${this.n} des Rasters ist nicht ${this.labelA.names[ia]} × ${this.labelB.names[ib]}`);
    }
    if (this.n === this.shapeOf.length) this.grow(Math.max(16, this.n * 2));
    const record = row as Record<string, unknown>;
    const keys = Object.keys(record);
    const source: number[] = [];
    const fixed: unknown[] = [];
    let key = '';
    for (const k of keys) {
      const v = record[k];
      let s = FIXED;
      if (k === this.labelA.key && v === this.labelA.names[ia]) s = LABEL_A;
      else if (k === this.labelB.key && v === this.labelB.names[ib]) s = LABEL_B;
      else {
        const c = this.numeric.indexOf(k);
        if (c >= 0 && (v === null || (typeof v === 'number' && !Number.isNaN(v)))) {
          s = c;
          this.columns[c]![this.n] = v === null ? NaN : v;
        }
      }
      source.push(s);
      fixed.push(s === FIXED ? v : undefined);
      key += `${this.keyText(k)}\u0000${s}\u0000${s === FIXED ? fixedKey(v) : ''}\u0001`;
    }
    let shape = this.shapeIndex.get(key);
    if (shape === undefined) {
      shape = this.shapes.length;
      this.shapes.push({ keys, source, fixed });
      this.shapeIndex.set(key, shape);
    }
    if (!this.grid) {
      this.a[this.n] = ia;
      this.b[this.n] = ib;
    }
    this.shapeOf[this.n] = shape;
    this.n++;
  }

  /** No more rows: the arrays shrink to what is used. */
  done(): this {
    this.grow(this.n);
    this.shapeIndex = undefined;
    return this;
  }

  /** Index of the first label of row j. */
  labelAOf(j: number): number {
    return this.grid ? Math.floor(j / this.labelB.names.length) : this.a[j]!;
  }

  labelBOf(j: number): number {
    return this.grid ? j % this.labelB.names.length : this.b[j]!;
  }

  /** Row j, a new object equal to the one put in. */
  at(j: number): R {
    const shape = this.shapes[this.shapeOf[j]!]!;
    const o: Record<string, unknown> = {};
    for (let f = 0; f < shape.keys.length; f++) {
      const s = shape.source[f]!;
      if (s === LABEL_A) o[shape.keys[f]!] = this.labelA.names[this.labelAOf(j)];
      else if (s === LABEL_B) o[shape.keys[f]!] = this.labelB.names[this.labelBOf(j)];
      else if (s === FIXED) o[shape.keys[f]!] = shape.fixed[f];
      else {
        const v = this.columns[s]![j]!;
        o[shape.keys[f]!] = Number.isNaN(v) ? null : v;
      }
    }
    return o as R;
  }

  /** Bytes held by the typed arrays (the shapes and names are not counted). */
  get arrayBytes(): number {
    return this.a.byteLength + this.b.byteLength + this.shapeOf.byteLength + this.columns.reduce((s, c) => s + c.byteLength, 0);
  }

  get shapeCount(): number {
    return this.shapes.length;
  }

  private grow(size: number): void {
    const copy = <T extends Uint32Array | Float64Array>(from: T, make: (n: number) => T): T => {
      const to = make(size);
      to.set(from.subarray(0, Math.min(this.n, size)));
      return to;
    };
    if (!this.grid) {
      this.a = copy(this.a, (s) => new Uint32Array(s));
      this.b = copy(this.b, (s) => new Uint32Array(s));
    }
    this.shapeOf = copy(this.shapeOf, (s) => new Uint32Array(s));
    this.columns = this.columns.map((c) => copy(c, (s) => new Float64Array(s)));
  }
}
