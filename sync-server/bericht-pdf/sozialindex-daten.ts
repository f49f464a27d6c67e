/**
 * The Sozialindex of a year as a reader gets it, for the area profiles and the Status × Dynamik
 * page: the Kreis's agreed setting (or the shipped default), status and dynamics index over all
 * Gemeindeteile from published values only (role leser, released state), and the MSS matrix.
 * Standardisation needs every Gemeindeteil, so a profile of one area computes over all of them too.
 */
import type { Catalogue, Role } from '../../shared';
import { dynamikindex, sozialindex, statusDynamikMatrix } from '../../shared/sozialindex';
import type { IndexRow, Matrix } from '../../shared/sozialindex';
import type { DomainState } from '../domain';
import { PublishedIndicatorRow, publishedIndicators } from '../publication';
import { sozialindexBasisOf } from '../routes/bericht';
import { SozialindexInForce, sozialindexInForce } from '../routes/sozialindex';

const LESER: Role = { rolle: 'leser' };

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

export async function publishedSozialindex(state: DomainState, catalogue: Catalogue, gemeindeteile: string[], period: string, periods: string[]): Promise<SozialindexDaten> {
  const agreed = await sozialindexInForce(state);
  const { von, basis } = sozialindexBasisOf(agreed, undefined, undefined, period, periods);
  const gone = basis.indikatoren.filter((c) => !catalogue.kennzahlen.has(c.id)).map((c) => c.id);
  if (gone.length) {
    // refused in words rather than computed with fewer Kennzahlen than agreed
    const fehlt = `Kein Sozialindex: die ${basis.art === 'vorgabe' ? 'Vorgabe' : `vereinbarte Einstellung (Version ${basis.version})`} nennt Kennzahl(en) ${gone.join(', ')}, die der Kennzahlenkatalog ${catalogue.version} nicht mehr hat.`;
    return { einstellung: basis, status: [], dynamik: null, von: null, matrix: statusDynamikMatrix(gemeindeteile, [], null), fehlt };
  }
  const config = basis.indikatoren;
  const ids = config.map((c) => c.id);
  const now = indexInput(await publishedIndicators(state, { period, role: LESER, ids, areas: gemeindeteile }));
  const status = sozialindex(gemeindeteile, now, config);
  const dynamik = von && von !== period ? dynamikindex(gemeindeteile, indexInput(await publishedIndicators(state, { period: von, role: LESER, ids, areas: gemeindeteile })), now, config) : null;
  return { einstellung: basis, status, dynamik, von: dynamik ? (von ?? null) : null, matrix: statusDynamikMatrix(gemeindeteile, status, dynamik) };
}
