/**
 * The Merkmale reported per Baublock (Einwohnermeldedaten, Kreis, Kommune), derived from the
 * simulated population of the year. Each value is constructed so that the catalogue's relations
 * hold by design (parts are drawn from their whole), never repaired afterwards.
 */
import { A18_64, A65PLUS, ALTERSGRUPPEN, U18, summe, verteile } from './alter';
import { BlockProfil } from './profile';
import { Random, clamp } from './random';

export interface BlockJahr {
  einwohner: number;
  /** the 14 age bands, in ALTERSGRUPPEN order, summing to einwohner */
  altersgruppen: number[];
  geburten: number;
  sterbefaelle: number;
  zuzuege: number;
  fortzuege: number;
}

/** Foreign share over time: steady growth, and the arrivals from Ukraine from 2022. */
const auslaenderFaktor = (jahr: number): number => 1 + 0.02 * (jahr - 2018) + (jahr >= 2022 ? 0.08 : 0);
/** Wohngeld-Plus (2023) roughly doubled the number of households with Wohngeld. */
const wohngeldFaktor = (jahr: number): number => (jahr >= 2024 ? 1.8 : jahr === 2023 ? 1.7 : 1);

export function baublockWerte(p: BlockProfil, j: BlockJahr, jahr: number, rng: Random): Record<string, number> {
  const P = j.einwohner;
  const bands = j.altersgruppen;
  const u18 = summe(bands, U18);
  const a65plus = summe(bands, A65PLUS);
  const a18_64 = summe(bands, A18_64);
  const werte: Record<string, number> = { bevoelkerung: P };
  ALTERSGRUPPEN.forEach((id, i) => (werte[id] = bands[i]!));

  // Old blocks are more female (women live longer).
  werte.bev_weiblich = rng.binomial(P, clamp(0.51 + 0.12 * (a65plus / Math.max(1, P) - 0.22), 0.4, 0.6));
  // Every foreign inhabitant has a migration background by definition; Germans only some.
  const auslaendisch = rng.binomial(P, clamp(p.auslaenderAnteil * auslaenderFaktor(jahr), 0, 0.6));
  werte.bev_auslaendisch = auslaendisch;
  werte.bev_migrationshintergrund = auslaendisch + rng.binomial(P - auslaendisch, p.migrationDeutsche);

  // Children under 5 cannot have lived at their address for 5 years; approximated by the under-6s.
  const wohndauer5 = rng.binomial(P - bands[0]! - bands[1]!, p.anteilWohndauer5);
  werte.bev_wohndauer_5plus = wohndauer5;
  // Long-term residents contribute at least 5 years each (wohndauerLang >= 10), the others about 2.
  werte.wohndauer_summe_jahre = Math.round(wohndauer5 * p.wohndauerLang * Math.exp(rng.normal(0, 0.03)) + (P - wohndauer5) * 2.1);

  werte.geburten = j.geburten;
  werte.sterbefaelle = j.sterbefaelle;
  werte.zuzuege = j.zuzuege;
  werte.fortzuege = j.fortzuege;

  const hh = haushalte(P, p, rng);
  const hhGesamt = hh.reduce((s, n) => s + n, 0);
  werte.hh_gesamt = hhGesamt;
  werte.hh_1p = hh[0]!;
  werte.hh_2p = hh[1]!;
  werte.hh_3p = hh[2]!;
  werte.hh_4p = hh[3]!;
  werte.hh_5plus = hh[4]!;
  // About 1.65 minors per household with children; such a household has at least two persons.
  const mitKindern = Math.min(Math.round((u18 / 1.65) * Math.exp(rng.normal(0, 0.05))), hhGesamt - hh[0]!, u18);
  werte.hh_mit_kindern = mitKindern;
  werte.hh_alleinerziehend = rng.binomial(mitKindern, p.alleinerziehend);
  werte.hh_wohngeld = rng.binomial(hhGesamt, clamp(p.wohngeld * wohngeldFaktor(jahr), 0, 0.4));

  // SGB XII: rare, so most blocks have 0, 1 or 2 cases (what disclosure control must handle).
  const gsia65 = Math.min(a65plus, rng.poisson(a65plus * 0.028 * p.sgb12));
  const gsiae = Math.min(P, gsia65 + rng.poisson(a18_64 * 0.006 * p.sgb12));
  werte.gsia_65plus = gsia65;
  werte.gsiae = gsiae;
  werte.hlu = Math.min(P - gsiae, rng.poisson(P * 0.0025 * p.sgb12));
  return werte;
}

/**
 * Households by size (1, 2, 3, 4, 5+ persons). The size classes must not need more people than
 * live in the block (relation haushalte_personen, 5+ counted as 5): where the drawn distribution
 * would, the largest households are turned into one-person households until it fits.
 */
function haushalte(P: number, p: BlockProfil, rng: Random): number[] {
  const gesamt = Math.max(1, Math.min(P, Math.round(P / (p.hhGroesse * Math.exp(rng.normal(0, 0.015))))));
  const hh = verteile(
    gesamt,
    p.hhAnteile.map((s) => s * Math.exp(rng.normal(0, 0.04))),
  );
  const mindestPersonen = (): number => hh.reduce((s, n, i) => s + n * (i + 1), 0);
  while (mindestPersonen() > P) {
    let k = hh.length - 1;
    while (k > 0 && hh[k] === 0) k--;
    if (k === 0) break; // only one-person households left: gesamt <= P guarantees the fit
    hh[k]!--;
    hh[0]!++;
  }
  return hh;
}
