/**
 * Seeded pseudo-random numbers. The demo Kreis must be byte-identical for the same seed on every
 * run and platform (tests, benchmarks and the sync server's preload compare against it), so nothing
 * here touches Math.random.
 */

// Module-level copies of the Math functions used in the hot loops: inside a vm context (jest)
// every lookup of the global `Math` goes through the sandbox's interceptors and made the
// generator about five times slower there.
const { imul, exp, log, sqrt, cos, floor, round, min, max, PI } = Math;

/** mulberry32: a tiny 32-bit generator, good enough for synthetic data and fast. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent 32-bit seed from a seed and a salt (murmur3 finaliser), so that the
 * structure and the values use separate streams and neighbouring seeds give unrelated streams.
 */
export function mixSeed(seed: number, salt: number): number {
  let h = (Math.trunc(seed) ^ imul(salt, 0x9e3779b1)) >>> 0;
  h = imul(h ^ (h >>> 16), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** uniform in [min, max) */
  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  /** integer in [0, n) */
  int(n: number): number {
    return floor(this.next() * n);
  }

  /** Box-Muller; one draw per call keeps the stream simple to reason about */
  normal(mean = 0, sd = 1): number {
    const u1 = 1 - this.next(); // (0, 1], so the logarithm is finite
    const u2 = this.next();
    return mean + sd * sqrt(-2 * log(u1)) * cos(2 * PI * u2);
  }

  /** Poisson: exact (Knuth) for small means, rounded normal approximation above */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const limit = exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return max(0, round(this.normal(mean, sqrt(mean))));
  }

  /** Binomial: exact for small n, Poisson or normal approximation otherwise; always in [0, n] */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n <= 40) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.next() < p) k++;
      return k;
    }
    const mean = n * p;
    if (mean < 15) return min(n, this.poisson(mean));
    if (n - mean < 15) return n - min(n, this.poisson(n - mean));
    return clamp(round(this.normal(mean, sqrt(mean * (1 - p)))), 0, n);
  }
}

export const clamp = (x: number, lo: number, hi: number): number => min(hi, max(lo, x));
