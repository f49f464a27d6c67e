/**
 * Growable typed-array columns in fixed-size chunks: one value per person without per-person objects,
 * and without the doubling copies of a single growing array (which would need twice the memory at the
 * moment of growth — the difference between 1 and 2 GB for the whole of NRW).
 */
type TypedArray = Float64Array | Int32Array | Uint32Array | Uint8Array;
type Ctor<T extends TypedArray> = new (n: number) => T;

const SHIFT = 16;
const SIZE = 1 << SHIFT;
const MASK = SIZE - 1;

export class Column<T extends TypedArray> {
  private readonly chunks: T[] = [];
  constructor(
    private readonly ctor: Ctor<T>,
    private readonly fill = 0,
  ) {}

  private chunk(i: number): T {
    const c = i >>> SHIFT;
    while (this.chunks.length <= c) {
      const a = new this.ctor(SIZE);
      if (this.fill !== 0) a.fill(this.fill);
      this.chunks.push(a);
    }
    return this.chunks[c]!;
  }

  set(i: number, v: number): void {
    this.chunk(i)[i & MASK] = v;
  }

  /** the value at i; `fill` where nothing was ever set (a register without any parent reference has no chunk at all) */
  get(i: number): number {
    const c = this.chunks[i >>> SHIFT];
    return c === undefined ? this.fill : c[i & MASK]!;
  }
}
