/**
 * Year-by-year simulation of the demo Kreis at Baublock level.
 *
 * Each block follows the demographic balance: population(t) = population(t-1) + births - deaths
 * + Zuzüge - Fortzüge, with every move simulated between two blocks or across the Kreis boundary.
 * Moves from outside the Kreis steer each block towards a slowly drifting target population, so
 * that populations change by small plausible amounts (bevoelkerungsentwicklung_5j) instead of
 * wandering off like a random walk. Everything is drawn in a fixed order from one seeded stream.
 */
import { altersGewichte, altersgruppen, erwarteteGeburten, erwarteteSterbefaelle, verteile } from './alter';
import { gemeindeteilWerte, stadtWerte } from './ba';
import { baublockWerte } from './baublock';
import { DemoGliederung } from './gliederung';
import { zieheProfile } from './profile';
import { Random, mixSeed } from './random';
import { AUSSERHALB, Wanderungszaehler, Zielwahl } from './wanderungen';

/** Year whose end the base populations of the Gliederung describe. */
const REFERENZJAHR = 2018;
/** Smallest target population of a block, so that no block empties over a long run. */
const MINDESTZIEL = 40;

export interface DemoJahr {
  jahr: number;
  /** Merkmale per Baublock, Gemeindeteil and Stadt (indices as in the Gliederung), and of the Kreis */
  bloecke: Record<string, number>[];
  gemeindeteile: Record<string, number>[];
  staedte: Record<string, number>[];
  kreis: Record<string, number>;
}

/** Simulates the years `von` to `bis` (inclusive, von <= bis) and returns every one of them. */
export function simuliere(g: DemoGliederung, seed: number, von: number, bis: number): DemoJahr[] {
  const rng = new Random(mixSeed(seed, 1));
  const profile = zieheProfile(g, rng);
  const ziel = (b: number, jahr: number): number =>
    Math.max(MINDESTZIEL, g.bloecke[b]!.basis * (1 + profile.bloecke[b]!.trend) ** (jahr - REFERENZJAHR));

  let einwohner = g.bloecke.map((_, b) => Math.round(ziel(b, von - 1)));
  let bands = g.bloecke.map((block, b) => verteile(einwohner[b]!, altersGewichte(block.jugend, von - 1)));
  const jahre: DemoJahr[] = [];

  for (let jahr = von; jahr <= bis; jahr++) {
    const zaehler = new Wanderungszaehler(g);
    const zielwahl = new Zielwahl(g, einwohner);
    const geburten: number[] = [];
    const sterbefaelle: number[] = [];

    // 1. Natural change and moves out of every block (to other blocks or out of the Kreis).
    g.bloecke.forEach((block, b) => {
      const p = einwohner[b]!;
      geburten.push(rng.poisson(erwarteteGeburten(bands[b]!, block.deprivation)));
      sterbefaelle.push(Math.min(p, rng.poisson(erwarteteSterbefaelle(bands[b]!))));
      const fort = rng.poisson(p * profile.bloecke[b]!.umzugsrate);
      for (let k = 0; k < fort; k++) zaehler.umzug(b, zielwahl.ziel(b, rng));
    });

    // 2. Moves into the Kreis, steering each block towards its target; then the new population.
    const neu = g.bloecke.map((_, b) => {
      const ohneAussen = einwohner[b]! + geburten[b]! - sterbefaelle[b]! + zaehler.zuBlock[b]! - zaehler.fortBlock[b]!;
      const vonAussen = Math.max(0, 1 - ohneAussen, Math.round(ziel(b, jahr) - ohneAussen + rng.normal(0, 1.5)));
      zaehler.umzug(AUSSERHALB, b, vonAussen);
      return ohneAussen + vonAussen;
    });
    const neueBands = g.bloecke.map((block, b) => altersgruppen(neu[b]!, altersGewichte(block.jugend, jahr, rng), geburten[b]!));

    // 3. The reported Merkmale of the year, level by level.
    const bloecke = g.bloecke.map((_, b) =>
      baublockWerte(
        profile.bloecke[b]!,
        {
          einwohner: neu[b]!,
          altersgruppen: neueBands[b]!,
          geburten: geburten[b]!,
          sterbefaelle: sterbefaelle[b]!,
          zuzuege: zaehler.zuBlock[b]!,
          fortzuege: zaehler.fortBlock[b]!,
        },
        jahr,
        rng,
      ),
    );
    const gemeindeteile = g.gemeindeteile.map((gt, i): Record<string, number> => {
      const summe = new Array<number>(14).fill(0);
      for (const b of gt.bloecke) neueBands[b]!.forEach((n, k) => (summe[k] = summe[k]! + n));
      return {
        ...gemeindeteilWerte(summe, profile.gemeindeteile[i]!, jahr, rng),
        zuzuege: zaehler.zuGemeindeteil[i]!,
        fortzuege: zaehler.fortGemeindeteil[i]!,
      };
    });
    const staedte = g.staedte.map((s, i): Record<string, number> => {
      const svb = s.gemeindeteile.reduce((sum, gt) => sum + gemeindeteile[gt]!.svb_wohnort!, 0);
      return { ...stadtWerte(svb, profile.staedte[i]!, rng), zuzuege: zaehler.zuStadt[i]!, fortzuege: zaehler.fortStadt[i]! };
    });
    jahre.push({ jahr, bloecke, gemeindeteile, staedte, kreis: { zuzuege: zaehler.zuKreis, fortzuege: zaehler.fortKreis } });

    einwohner = neu;
    bands = neueBands;
  }
  return jahre;
}
