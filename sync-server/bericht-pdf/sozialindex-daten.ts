/**
 * The Sozialindex of a year as a reader gets it, for the area profiles and the Status × Dynamik
 * page: the Kreis's agreed setting (or the shipped default), status and dynamics index over all
 * Gemeindeteile from published values only (the readers' snapshots of the released state, reader-view.ts), and the MSS matrix.
 * Standardisation needs every Gemeindeteil, so a profile of one area computes over all of them too.
 */
import type { Catalogue } from '../../shared';
import { dynamikindex, sozialindex, statusDynamikMatrix } from '../../shared/sozialindex';
import type { IndexRow, Matrix } from '../../shared/sozialindex';
import type { PublishedIndicatorRow } from '../publication';
import type { ReaderView } from '../reader-view';
import { sozialindexBasisOf } from '../routes/bericht';
import { SozialindexInForce, sozialindexInForce } from '../routes/sozialindex';

export interface SozialindexDaten {
  einstellung: SozialindexInForce;
  status: IndexRow[];
  dynamik: IndexRow[] | null;
  /** base year of the dynamics index (null: none) */
  von: string | null;
  matrix: Matrix;
  /** why no index could be computed (the setting names Kennzahlen the catalogue no longer has) */
  fehlt?: string;
}

/** A suppressed Kennzahl is only "gesperrt" to the index, never why (the reader's view has no reasons). */
export const indexInput = (rows: PublishedIndicatorRow[]) => rows.map((x) => ({ area: x.area, indicator: x.indicator, value: x.value, grund: x.status === 'gesperrt' ? 'gesperrt' : x.reason }));

export async function publishedSozialindex(view: ReaderView, catalogue: Catalogue, gemeindeteile: string[], period: string, periods: string[]): Promise<SozialindexDaten> {
  const agreed = await sozialindexInForce(view.state);
  const { von, basis } = sozialindexBasisOf(agreed, undefined, undefined, period, periods);
  const gone = basis.indikatoren.filter((c) => !catalogue.kennzahlen.has(c.id)).map((c) => c.id);
  if (gone.length) {
    // refused in words rather than computed with fewer Kennzahlen than agreed
    const fehlt = `Kein Sozialindex: die ${basis.art === 'vorgabe' ? 'Vorgabe' : `vereinbarte Einstellung (Version ${basis.version})`} nennt Kennzahl(en) ${gone.join(', ')}, die der Kennzahlenkatalog ${catalogue.version} nicht mehr hat.`;
    return { einstellung: basis, status: [], dynamik: null, von: null, matrix: statusDynamikMatrix(gemeindeteile, [], null), fehlt };
  }
  const config = basis.indikatoren;
  const ids = config.map((c) => c.id);
  const now = indexInput(await view.indicators(period, gemeindeteile, ids));
  const status = sozialindex(gemeindeteile, now, config);
  const dynamik = von && von !== period ? dynamikindex(gemeindeteile, indexInput(await view.indicators(von, gemeindeteile, ids)), now, config) : null;
  return { einstellung: basis, status, dynamik, von: dynamik ? (von ?? null) : null, matrix: statusDynamikMatrix(gemeindeteile, status, dynamik) };
}
