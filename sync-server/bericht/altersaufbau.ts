/**
 * The age structure per year of age: the catalogue's age groups are bands of 2 to 15 years (18–19,
 * 30–44), so their plain shares make a 15-year band look five times as strong as a 3-year one. Each
 * band's share is divided by its width (percent of the population per year of age). The open band
 * "80 and over" is counted over 20 years (80–99), which the chart says. Pure (no DOM), tested alone.
 */

/** Width assumed for the open top band (80 and over). */
export const OFFENES_BAND_JAHRE = 20;

export interface AltersBand {
  /** "0–2", "80+" */
  label: string;
  /** years of age in the band */
  jahre: number;
  /** percent of the population per year of age; null when the count is suppressed or missing */
  proJahr: number | null;
}

/** `bev_0_2`, `bev_80_plus` -> bands with width; counts in the same order (null = suppressed/missing). */
export function proAltersjahr(groups: string[], counts: (number | null)[]): AltersBand[] {
  // shares need every band: with one suppressed the total (and every share) would be wrong
  const complete = counts.every((v) => v !== null);
  const total = complete ? counts.reduce<number>((s, v) => s + v!, 0) : 0;
  return groups.map((g, i) => {
    const m = /^bev_(\d+)_(\d+|plus)$/.exec(g);
    if (!m) throw new Error(`Altersgruppe „${g}“: erwartet wird bev_<von>_<bis> oder bev_<von>_plus`);
    const von = Number(m[1]);
    const jahre = m[2] === 'plus' ? OFFENES_BAND_JAHRE : Number(m[2]) - von + 1;
    const v = counts[i];
    return { label: m[2] === 'plus' ? `${von}+` : `${von}–${m[2]}`, jahre, proJahr: v === null || v === undefined || total === 0 ? null : (100 * v) / total / jahre };
  });
}
