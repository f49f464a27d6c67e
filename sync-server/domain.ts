/**
 * The domain state the routes work with: the compiled catalogue, the area tree and stored values,
 * read through the storage interface and cached until the data version changes (so that a whole-
 * Kreis indicator query loads each period once, not one query per cell).
 */
import {
  AreaTree,
  AreaTreeError,
  AreaWithGeometry,
  BaseValues,
  Catalogue,
  DEFAULT_SOZIALINDEX,
  Period,
  SozialindexIndicator,
  ValueTable,
  loadCatalogue,
  standardCatalogue,
} from '../shared';
import type { Storage, StoredSozialindex } from './storage/types';

export interface AreaState {
  areas: AreaWithGeometry[];
  /** null while no hierarchy is stored (empty start) */
  tree: AreaTree | null;
}

/** Values of several periods, each loaded whole from storage; implements the engine's input. */
export class PeriodValues implements BaseValues {
  constructor(private readonly tables: ReadonlyMap<Period, ValueTable>) {}
  get(area: string, merkmal: string, period: Period): number | undefined {
    return this.tables.get(period)?.get(area, merkmal, period);
  }
  merkmalIds(period: Period): Iterable<string> {
    return this.tables.get(period)?.merkmalIds(period) ?? [];
  }
}

/**
 * Which state of the stored values: `aktuell` is every accepted submission at once (what a
 * Meldebereich's own clerks and the Kreis work with), `freigegeben` what the Kreis released
 * (Freigabe; what readers and other cities see). publication.ts decides which a role sees.
 */
export type Datenstand = 'aktuell' | 'freigegeben';

export class DomainState {
  private catalogues = new Map<string, Catalogue>();
  private areaCache?: { version: number; state: AreaState };
  private valueCache = new Map<string, { version: number; table: ValueTable }>();

  constructor(readonly storage: Storage) {}

  /** The current catalogue (the newest stored version, or the shipped one while none is stored). */
  async catalogue(version?: string): Promise<Catalogue | undefined> {
    const wanted = version ?? (await this.storage.latestCatalogueVersion());
    if (!wanted) return standardCatalogue();
    const hit = this.catalogues.get(wanted);
    if (hit) return hit;
    // Stored versions never change, so a compiled catalogue stays valid for good.
    const stored = await this.storage.catalogue(wanted);
    if (!stored) return undefined;
    const c = loadCatalogue(stored.definition);
    this.catalogues.set(wanted, c);
    return c;
  }

  async areas(): Promise<AreaState> {
    const version = (await this.storage.versions()).areas;
    if (this.areaCache?.version === version) return this.areaCache.state;
    const areas = await this.storage.areas();
    let tree: AreaTree | null = null;
    try {
      tree = areas.length > 0 ? AreaTree.build(areas) : null;
    } catch (e) {
      // Stored areas were checked when they were written; a broken tree here means a damaged database.
      if (e instanceof AreaTreeError) throw new Error(`Die gespeicherte Gebietsgliederung ist fehlerhaft: ${e.message}`);
      throw e;
    }
    const state = { areas, tree };
    this.areaCache = { version, state };
    return state;
  }

  /**
   * Values of whole periods (every Meldebereich) in the given state (newest accepted, or released),
   * each cached until that period's submissions (or releases) change.
   */
  async values(periods: Period[], stand: Datenstand = 'aktuell'): Promise<PeriodValues> {
    const tables = new Map<Period, ValueTable>();
    for (const period of new Set(periods)) {
      const v = await this.storage.versions(period);
      const version = stand === 'aktuell' ? v.values : v.released;
      const cacheKey = `${stand}\u0000${period}`;
      const hit = this.valueCache.get(cacheKey);
      if (hit && hit.version === version) {
        tables.set(period, hit.table);
        continue;
      }
      const table = new ValueTable();
      const rows = stand === 'aktuell' ? await this.storage.currentValues(period) : await this.storage.releasedValues(period);
      for (const r of rows) table.set(r.area, r.variable, period, r.value);
      this.valueCache.set(cacheKey, { version, table });
      tables.set(period, table);
    }
    // Keep the cache small (12 periods in each state): only the periods asked for most recently survive a change.
    if (this.valueCache.size > 24) for (const p of [...this.valueCache.keys()].slice(0, this.valueCache.size - 24)) this.valueCache.delete(p);
    return new PeriodValues(tables);
  }

  /** The Sozialindex setting in force: the Kreis's newest saved version, else the shipped default. */
  async sozialindexSetting(): Promise<SozialindexBasis> {
    const stored = await this.storage.sozialindexSetting();
    return stored ? agreedBasis(stored) : DEFAULT_BASIS;
  }

  async isDemo(): Promise<boolean> {
    return (await this.storage.getMeta('demo')) === '1';
  }
}

/** The Meldebereich of an area: its Stadt, or the Kreis for Kreis-level rows. */
export function scopeOf(tree: AreaTree, area: string): string {
  return tree.stadtOf(area) ?? tree.root.code;
}

/**
 * What a Sozialindex was computed with, said plainly in every answer: the setting the Kreis agreed
 * (`vereinbart`, with version, who and when), the shipped default while none is saved (`vorgabe`),
 * or Kennzahlen and weights from the request (`probe`: a what-if view, not the agreed setting).
 */
export interface SozialindexBasis {
  art: 'vereinbart' | 'vorgabe' | 'probe';
  indikatoren: SozialindexIndicator[];
  /** version of the agreed setting (for `probe`: the one it deviates from); null while none is saved */
  version: number | null;
  gespeichertAm: string | null;
  gespeichertVon: string | null;
  kommentar: string | null;
  /** one German sentence for people */
  hinweis: string;
}

const DEFAULT_BASIS: SozialindexBasis = {
  art: 'vorgabe',
  indikatoren: DEFAULT_SOZIALINDEX,
  version: null,
  gespeichertAm: null,
  gespeichertVon: null,
  kommentar: null,
  // no Kennzahlen by id here: every page showing the note lists them by name right after it
  hinweis: 'Vorgabe der Software (der Kreis hat noch keine Einstellung gespeichert).',
};

function agreedBasis(s: StoredSozialindex): SozialindexBasis {
  // The token's name says more than "kreis (Token 1)", unless it is only the default role label.
  const von = s.tokenName && s.tokenName !== 'kreis' ? `${s.tokenName}, ${s.createdBy}` : s.createdBy;
  return {
    art: 'vereinbart',
    indikatoren: s.indikatoren,
    version: s.version,
    gespeichertAm: s.createdAt,
    gespeichertVon: von,
    kommentar: s.kommentar ?? null,
    hinweis: `Vom Kreis vereinbarte Einstellung, Version ${s.version}, gespeichert am ${s.createdAt.slice(0, 10)} von ${von}${s.kommentar ? ` (${s.kommentar})` : ''}.`,
  };
}

/** A what-if basis: Kennzahlen and weights from a request, compared with the agreed setting. */
export function probeBasis(indikatoren: SozialindexIndicator[], agreed: SozialindexBasis): SozialindexBasis {
  return {
    art: 'probe',
    indikatoren,
    version: agreed.version,
    gespeichertAm: null,
    gespeichertVon: null,
    kommentar: null,
    hinweis: `Probeberechnung mit Kennzahlen und Gewichten aus der Anfrage – nicht die vereinbarte Einstellung des Kreises (${agreed.version === null ? 'Vorgabe der Software' : `Version ${agreed.version}`}).`,
  };
}
