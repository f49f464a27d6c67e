/** The catalogue the project ships: the agreed Kennzahlenkatalog of the model Kreis (data file). */
import definition from './kennzahlenkatalog.json';
import { Catalogue, CatalogueDefinition, loadCatalogue } from './catalogue';

export const STANDARD_CATALOGUE_DEFINITION: CatalogueDefinition = definition as CatalogueDefinition;

let cached: Catalogue | undefined;

/** The shipped catalogue, checked and compiled once. */
export function standardCatalogue(): Catalogue {
  cached ??= loadCatalogue(definition);
  return cached;
}
