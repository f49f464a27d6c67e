/**
 * Chart plans from the rows of a pull: bars across the areas for one year, or lines over the years
 * (one line per area). Values without a number stay gaps (null), never 0.
 */
import { T } from '../texts';
import type { Catalogue } from '../../../shared';
import { numberFormatFor, type AreaInfo, type IndicatorRow, type PullRequest } from './pull';
import { ChartPlan, safeSheetName } from './types';

export function buildChartPlan(
  req: PullRequest,
  rows: readonly IndicatorRow[],
  catalogue: Catalogue,
  areas: ReadonlyMap<string, AreaInfo>,
  kennzahl: string,
  kind: 'balken' | 'linie',
): ChartPlan {
  const k = catalogue.kennzahlen.get(kennzahl);
  if (!k) throw new Error(T.kennzahlUnbekannt(kennzahl, catalogue.version));
  const value = (area: string, period: string): number | null => {
    const r = rows.find((x) => x.area === area && x.period === period && x.indicator === kennzahl);
    return r && r.status === 'ok' && typeof r.value === 'number' ? r.value : null;
  };
  const name = (code: string) => areas.get(code)?.name ?? code;
  const periods = [...req.periods].sort();
  const sheet = safeSheetName(`Diagramm ${req.sheet}`);
  if (kind === 'balken') {
    const year = periods[periods.length - 1]!;
    return {
      sheet, kind, numberFormat: numberFormatFor(k),
      title: `${k.name} (${k.einheit}), ${year}`,
      categories: req.areas.map(name),
      series: [{ name: year, values: req.areas.map((a) => value(a, year)) }],
    };
  }
  return {
    sheet, kind, numberFormat: numberFormatFor(k),
    title: `${k.name} (${k.einheit}), ${periods[0]}–${periods[periods.length - 1]}`,
    categories: periods,
    series: req.areas.map((a) => ({ name: name(a), values: periods.map((p) => value(a, p)) })),
  };
}
