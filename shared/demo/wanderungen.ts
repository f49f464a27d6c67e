/**
 * Moves (Zuzüge, Fortzüge) counted at every level from individual moves between Baublöcke.
 *
 * The catalogue marks both Merkmale as not additive: a move from one block to another block of the
 * same Gemeindeteil is a Fortzug for the one block and a Zuzug for the other, but no move at all
 * for the Gemeindeteil, the Stadt or the Kreis. Counting each simulated move once per level, only
 * where origin and destination lie in different areas of that level, gives exactly these
 * semantics; a larger area's count is then never above the sum of its parts' counts.
 */
import { DemoGliederung } from './gliederung';
import { Random } from './random';

/** Destination or origin outside the Kreis. */
export const AUSSERHALB = -1;

export class Wanderungszaehler {
  readonly zuBlock: number[];
  readonly fortBlock: number[];
  readonly zuGemeindeteil: number[];
  readonly fortGemeindeteil: number[];
  readonly zuStadt: number[];
  readonly fortStadt: number[];
  zuKreis = 0;
  fortKreis = 0;

  constructor(private readonly g: DemoGliederung) {
    const zeros = (n: number): number[] => new Array<number>(n).fill(0);
    this.zuBlock = zeros(g.bloecke.length);
    this.fortBlock = zeros(g.bloecke.length);
    this.zuGemeindeteil = zeros(g.gemeindeteile.length);
    this.fortGemeindeteil = zeros(g.gemeindeteile.length);
    this.zuStadt = zeros(g.staedte.length);
    this.fortStadt = zeros(g.staedte.length);
  }

  /** `n` moves from block `von` to block `nach` (either may be AUSSERHALB, not both). */
  umzug(von: number, nach: number, n = 1): void {
    if (von === nach) return; // a move within one block is no move for any area
    const a = von === AUSSERHALB ? undefined : this.g.bloecke[von];
    const b = nach === AUSSERHALB ? undefined : this.g.bloecke[nach];
    if (a) this.fortBlock[von] = this.fortBlock[von]! + n;
    if (b) this.zuBlock[nach] = this.zuBlock[nach]! + n;
    if (a?.gemeindeteil !== b?.gemeindeteil) {
      if (a) this.fortGemeindeteil[a.gemeindeteil] = this.fortGemeindeteil[a.gemeindeteil]! + n;
      if (b) this.zuGemeindeteil[b.gemeindeteil] = this.zuGemeindeteil[b.gemeindeteil]! + n;
    }
    if (a?.stadt !== b?.stadt) {
      if (a) this.fortStadt[a.stadt] = this.fortStadt[a.stadt]! + n;
      if (b) this.zuStadt[b.stadt] = this.zuStadt[b.stadt]! + n;
    }
    if (!a) this.zuKreis += n;
    if (!b) this.fortKreis += n;
  }
}

/** Draws a block from a list with probability in proportion to its population (binary search). */
class GewichteteAuswahl {
  private readonly kumuliert: number[] = [];
  private readonly gesamt: number;

  constructor(
    private readonly bloecke: readonly number[],
    einwohner: readonly number[],
  ) {
    let s = 0;
    for (const b of bloecke) {
      s += einwohner[b]!;
      this.kumuliert.push(s);
    }
    this.gesamt = s;
  }

  ziehe(rng: Random): number {
    const r = rng.uniform(0, this.gesamt);
    let lo = 0;
    let hi = this.kumuliert.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.kumuliert[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return this.bloecke[lo]!;
  }
}

/**
 * Where people who leave a block go. Shares roughly as in the register statistics of mid-sized
 * cities: a good half of all moves stay within the city.
 */
const ZIEL_ANTEILE = { gemeindeteil: 0.18, stadt: 0.27, kreis: 0.08 } as const;

/** Chooses destinations for one year, weighted by the population at the start of the year. */
export class Zielwahl {
  private readonly jeGemeindeteil: GewichteteAuswahl[];
  private readonly jeStadt: GewichteteAuswahl[];
  private readonly kreis: GewichteteAuswahl;

  constructor(
    private readonly g: DemoGliederung,
    einwohner: readonly number[],
  ) {
    this.jeGemeindeteil = g.gemeindeteile.map((gt) => new GewichteteAuswahl(gt.bloecke, einwohner));
    this.jeStadt = g.staedte.map((s) => new GewichteteAuswahl(s.bloecke, einwohner));
    this.kreis = new GewichteteAuswahl(
      g.bloecke.map((_, i) => i),
      einwohner,
    );
  }

  /** Destination block of one person leaving block `von`, or AUSSERHALB. */
  ziel(von: number, rng: Random): number {
    const block = this.g.bloecke[von]!;
    const r = rng.uniform();
    if (r < ZIEL_ANTEILE.gemeindeteil) return this.jeGemeindeteil[block.gemeindeteil]!.ziehe(rng);
    if (r < ZIEL_ANTEILE.gemeindeteil + ZIEL_ANTEILE.stadt) {
      return this.andere(() => this.jeStadt[block.stadt]!.ziehe(rng), (z) => this.g.bloecke[z]!.gemeindeteil !== block.gemeindeteil);
    }
    if (r < ZIEL_ANTEILE.gemeindeteil + ZIEL_ANTEILE.stadt + ZIEL_ANTEILE.kreis) {
      return this.andere(() => this.kreis.ziehe(rng), (z) => this.g.bloecke[z]!.stadt !== block.stadt);
    }
    return AUSSERHALB;
  }

  /** Redraws until the destination lies in another area; a bounded loop keeps the stream deterministic. */
  private andere(draw: () => number, accept: (z: number) => boolean): number {
    for (let i = 0; i < 50; i++) {
      const z = draw();
      if (accept(z)) return z;
    }
    return AUSSERHALB;
  }
}
