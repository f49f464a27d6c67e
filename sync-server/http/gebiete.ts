/**
 * Which areas a read asks for (`areas=`, `unter=`, `ebene=`), checked against the tree, in one place
 * for /api/indicators and /api/values.
 *
 * `unter=<code>` is the area and everything below it. A Kreis down to its Baublöcke is then one short
 * parameter (`unter=05954&ebene=baublock`) instead of a list of every code: for a Kreis of a Land at
 * full size about 50,000 characters, over Node's header limit of 16 KB (HTTP 431). The answer is the
 * same as for the equivalent `areas=` list (tests/server/unter.test.ts), for every role: the routes
 * only ever see the expanded list of codes.
 */
import type { Request } from 'express';
import { AreaTree, EBENE_NAMEN, clipText, type Ebene } from '../../shared';
import { badRequest } from './errors';
import { queryEbene, queryList, queryString } from './query';

export interface Gebietsauswahl {
  /**
   * The codes asked for by `areas=` or `unter=`, narrowed to `ebene` if given, sorted; undefined
   * when neither was given (the route's default set, which the route narrows with `level`).
   */
  codes?: string[];
  /** `ebene=`: only areas of this level */
  ebene?: Ebene;
  /** the parameters as asked (not the expanded list), for keys of cached answers */
  key: string;
}

/** „Witten (Stadt, 05954036)“ */
const benannt = (tree: AreaTree, code: string): string => {
  const a = tree.get(code)!;
  return `${a.name} (${EBENE_NAMEN[a.ebene]}, ${code})`;
};

/**
 * The area parameters as asked, as one key for cached answers; read without the tree, so that a
 * cache can be asked before the areas are loaded (its key holds the areas' version anyway).
 */
export function gebieteKey(req: Request): string {
  return `areas=${queryList(req, 'areas')?.join(',') ?? ''}|unter=${queryString(req, 'unter') ?? ''}|ebene=${queryEbene(req) ?? ''}`;
}

export function queryGebiete(req: Request, tree: AreaTree | null | undefined): Gebietsauswahl {
  const ebene = queryEbene(req);
  const list = queryList(req, 'areas');
  const unter = queryString(req, 'unter');
  const key = gebieteKey(req);
  const level = (codes: string[]) => aufEbene(tree!, codes, ebene);

  if (unter !== undefined) {
    if (list) throw badRequest('unter', 'gilt nicht zusammen mit „areas“; bitte eines von beiden angeben: eine Liste von Gebieten (areas=…) oder ein Gebiet mit allen Gebieten darunter (unter=…)');
    if (unter.includes(',')) throw badRequest('unter', `nimmt genau ein Gebiet, nicht „${clipText(unter)}“; mehrere Gebiete bitte in mehreren Anfragen oder als Liste mit areas=…`);
    if (!tree?.has(unter)) {
      const oben = tree ? `; das oberste Gebiet ist ${benannt(tree, tree.root.code)}` : '';
      throw badRequest('unter', `Gebiet „${clipText(unter)}“ gibt es in der Gebietsgliederung nicht${oben}`);
    }
    const codes = level(tree.subtree(unter));
    // an empty answer would read as "no data": say which levels there are instead
    if (codes.length === 0) {
      const da = [...new Set(tree.subtree(unter).map((c) => tree.get(c)!.ebene))];
      throw badRequest('ebene', `In ${benannt(tree, unter)} und darunter gibt es keine Gebiete der Ebene ${EBENE_NAMEN[ebene!]}; vorhanden: ${da.join(', ')}`);
    }
    return { codes, ebene, key };
  }
  if (list) {
    const unknown = list.filter((a) => !tree?.has(a));
    if (unknown.length) throw badRequest('areas', `unbekannte Gebiete: ${unknown.join(', ')}`);
    return { codes: level(list), ebene, key };
  }
  return { ebene, key };
}

/** The default set of a route (all areas, or a Kommune's own Stadt) narrowed to `ebene`. */
export function aufEbene(tree: AreaTree, codes: readonly string[], ebene: Ebene | undefined): string[] {
  return (ebene ? codes.filter((c) => tree.get(c)?.ebene === ebene) : [...codes]).sort();
}
