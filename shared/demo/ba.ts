/**
 * Merkmale of the Bundesagentur für Arbeit: the BA delivers them per Gemeindeteil (SGB II,
 * unemployment, employment at the place of residence) or only per Stadt (Entgeltstatistik).
 *
 * They are drawn from the summed Baublock population of the area, so that the relations against
 * the age bands hold for the area as a whole (e.g. arbeitslose <= a15_64 + bev_65_74 of the
 * Gemeindeteil), even though the validation cannot see those sums: it compares only values
 * reported for the same area, and the age bands are reported per Baublock.
 */
import { A15_64, U15, summe } from './alter';
import { GemeindeteilProfil, StadtProfil } from './profile';
import { Random, clamp } from './random';

/** SGB II over time (Kreis level): Covid 2020, Ukrainian refugees in the Bürgergeld from mid-2022. */
const SGB2_JAHR: Record<number, number> = { 2019: 1, 2020: 1.04, 2021: 1.01, 2022: 1.06, 2023: 1.12, 2024: 1.13 };
/** Unemployment over time: the Covid peak in 2020 and the weaker economy since 2023. */
const ARBEITSLOSE_JAHR: Record<number, number> = { 2019: 1, 2020: 1.15, 2021: 1.08, 2022: 1.02, 2023: 1.08, 2024: 1.12 };
const jahresfaktor = (tabelle: Record<number, number>, jahr: number): number =>
  tabelle[clamp(jahr, 2019, 2024)] ?? 1;

/** BA values of one Gemeindeteil; `bands` are its age bands summed over its Baublöcke. */
export function gemeindeteilWerte(bands: readonly number[], p: GemeindeteilProfil, jahr: number, rng: Random): Record<string, number> {
  const u15 = summe(bands, U15);
  const a15_64 = summe(bands, A15_64);
  const a65_74 = bands[11]!; // bev_65_74
  const sgb2 = p.sgb2 * jahresfaktor(SGB2_JAHR, jahr);

  // Leistungsberechtigte = erwerbsfähige + Sozialgeld unter 15 + a few others (e.g. Sozialgeld 15+).
  const elb = rng.binomial(a15_64, clamp(0.05 * sgb2, 0, 0.5));
  const nefU15 = rng.binomial(u15, clamp(0.1 * sgb2, 0, 0.7));
  const sonstige = rng.binomial(elb + nefU15, 0.04);
  // Employment: almost all between 15 and 64, a few still working after 65.
  const svb = rng.binomial(a15_64, p.beschaeftigung) + rng.binomial(a65_74, 0.04);
  return {
    svb_wohnort: svb,
    arbeitslose: rng.binomial(a15_64, clamp(0.034 * p.arbeitslosigkeit * jahresfaktor(ARBEITSLOSE_JAHR, jahr), 0, 0.3)),
    lb_sgb2: elb + nefU15 + sonstige,
    elb,
    nef_u15: nefU15,
    lb_langzeit: rng.binomial(elb, clamp(0.58 + 0.05 * Math.log(p.sgb2), 0.3, 0.85)),
  };
}

/** Entgeltstatistik per Stadt, from the summed employment of its Gemeindeteile. */
export function stadtWerte(svbWohnort: number, p: StadtProfil, rng: Random): Record<string, number> {
  const vollzeit = rng.binomial(svbWohnort, p.vollzeit);
  return { svb_vollzeit: vollzeit, svb_vollzeit_niedrig: rng.binomial(vollzeit, p.niedriglohn) };
}
