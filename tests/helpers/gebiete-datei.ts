/** Area files (GeoJSON without outlines) as the CLI reads them and PUT /api/areas takes them. */
import type { Area } from '../../shared/areas/areas';
import { toAreaExchange } from '../../shared/areas/exchange';

/** One area as a feature without outline; for hand-written lists, also deliberately broken ones. */
export const feature = (code: string, name: string, ebene: string, parent: string) => ({
  type: 'Feature',
  properties: { code, name, ebene, parent },
  geometry: null,
});

/** Areas (e.g. from land-baum.ts) as an area file without outlines, written by the exchange format's writer. */
export const gebieteDatei = (areas: readonly Area[]): object => toAreaExchange(areas.map((a) => ({ ...a, geometry: null })));
