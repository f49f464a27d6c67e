/**
 * The real Berlin LOR fixtures (tests/fixtures/real/berlin-lor, SOURCE.md there): where they lie,
 * how their age columns read as intervals, and the CSV tables as rows of text.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

export const BERLIN_LOR_DIR = join(__dirname, '../fixtures/real/berlin-lor');

/** Column of the source → age interval, inclusive (the columns are "von … bis unter …", see SOURCE.md). */
export const BERLIN_ALTERSSPALTEN: Record<string, [number, number | null]> = {
  inhabitants_age_below_6: [0, 5],
  inhabitants_age_6_15: [6, 14],
  inhabitants_age_15_18: [15, 17],
  inhabitants_age_18_27: [18, 26],
  inhabitants_age_27_45: [27, 44],
  inhabitants_age_45_55: [45, 54],
  inhabitants_age_55_65: [55, 64],
  inhabitants_age_above_65: [65, null],
};

/** A fixture CSV (comma-separated, no quoting in these files) as one record per line. */
export function berlinTabelle(file: string): Record<string, string>[] {
  const lines = readFileSync(join(BERLIN_LOR_DIR, file), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  return lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
}
