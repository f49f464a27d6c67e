/**
 * The shipped Kennzahlenkatalog against the spec (shared/spec/kennzahlenkatalog.md): every id, every
 * descriptive field, and every formula compiled to exactly the numerator, denominator and factor the
 * spec prescribes. The expected lists below are transcribed from the spec by hand.
 */
import { standardCatalogue, STANDARD_CATALOGUE_DEFINITION } from '../../shared/catalogue/standard';
import { LinearExpression, termKey } from '../../shared/catalogue/formula';
import { EBENEN, HANDLUNGSFELDER, QUELLEN } from '../../shared/types';

/** "Base variables" of the spec: 14 age bands and the table below them, 44 ids. */
const SPEC_MERKMALE = [
  'bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29',
  'bev_30_44', 'bev_45_59', 'bev_60_64', 'bev_65_74', 'bev_75_79', 'bev_80_plus',
  'bevoelkerung', 'bev_weiblich', 'bev_auslaendisch', 'bev_migrationshintergrund', 'bev_wohndauer_5plus',
  'wohndauer_summe_jahre', 'geburten', 'sterbefaelle', 'zuzuege', 'fortzuege',
  'hh_gesamt', 'hh_1p', 'hh_2p', 'hh_3p', 'hh_4p', 'hh_5plus', 'hh_mit_kindern', 'hh_alleinerziehend', 'hh_wohngeld',
  'svb_wohnort', 'svb_vollzeit', 'svb_vollzeit_niedrig', 'arbeitslose', 'lb_sgb2', 'elb', 'nef_u15', 'lb_langzeit',
  'hlu', 'gsiae', 'gsia_65plus',
];

/** "Indicators" of the spec, 28 ids. */
const SPEC_KENNZAHLEN = [
  'jugendquotient', 'altenquotient', 'aging_index', 'greying_index', 'anteil_u18', 'anteil_65plus',
  'anteil_auslaendisch', 'anteil_migrationshintergrund', 'bevoelkerungsentwicklung_5j', 'natuerlicher_saldo',
  'wanderungssaldo', 'wanderungsvolumen', 'anteil_wohndauer_5plus', 'mittlere_wohndauer',
  'durchschnittliche_haushaltsgroesse', 'anteil_einpersonenhaushalte', 'anteil_hh_mit_kindern',
  'anteil_alleinerziehende', 'wohngeld_quote', 'beschaeftigungsquote', 'arbeitslosendichte',
  'anteil_niedrigverdienende', 'sgb2_quote', 'elb_quote', 'sozialgeld_quote', 'anteil_langzeitleistungsbezug',
  'sgb12_quote', 'grundsicherung_alter_quote',
];

// Age sums of the spec, written out.
const U15 = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14'];
const U18 = [...U15, 'bev_15_17'];
const U20 = [...U15, 'bev_15_17', 'bev_18_19'];
const A20_64 = ['bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64'];
const A15_64 = ['bev_15_17', 'bev_18_19', ...A20_64];
const U65 = [...U20, ...A20_64];
const A60_79 = ['bev_60_64', 'bev_65_74', 'bev_75_79'];
const A65PLUS = ['bev_65_74', 'bev_75_79', 'bev_80_plus'];

type Term = string; // "merkmal" (coefficient 1, period t), "-merkmal", or "merkmal(t-5)"
interface SpecFormula {
  zaehler: Term[];
  nenner: Term[];
  faktor: number;
  /** the unit of the spec in the catalogue's German wording */
  einheit: string;
  tiefsteEbene: 'baublock' | 'gemeindeteil' | 'stadt';
}
const BEV = ['bevoelkerung'];
const HH = ['hh_gesamt'];
const SPEC_FORMULAS: Record<string, SpecFormula> = {
  jugendquotient: { zaehler: U20, nenner: A20_64, faktor: 100, einheit: 'je 100', tiefsteEbene: 'baublock' },
  altenquotient: { zaehler: A65PLUS, nenner: A20_64, faktor: 100, einheit: 'je 100', tiefsteEbene: 'baublock' },
  aging_index: { zaehler: A65PLUS, nenner: U15, faktor: 100, einheit: 'je 100', tiefsteEbene: 'baublock' },
  greying_index: { zaehler: ['bev_80_plus'], nenner: A60_79, faktor: 100, einheit: 'je 100', tiefsteEbene: 'baublock' },
  anteil_u18: { zaehler: U18, nenner: BEV, faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  anteil_65plus: { zaehler: A65PLUS, nenner: BEV, faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  anteil_auslaendisch: { zaehler: ['bev_auslaendisch'], nenner: BEV, faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  anteil_migrationshintergrund: { zaehler: ['bev_migrationshintergrund'], nenner: BEV, faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  bevoelkerungsentwicklung_5j: { zaehler: ['bevoelkerung', '-bevoelkerung(t-5)'], nenner: ['bevoelkerung(t-5)'], faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  natuerlicher_saldo: { zaehler: ['geburten', '-sterbefaelle'], nenner: BEV, faktor: 1000, einheit: 'je 1.000', tiefsteEbene: 'baublock' },
  wanderungssaldo: { zaehler: ['zuzuege', '-fortzuege'], nenner: BEV, faktor: 1000, einheit: 'je 1.000', tiefsteEbene: 'baublock' },
  wanderungsvolumen: { zaehler: ['zuzuege', 'fortzuege'], nenner: BEV, faktor: 1000, einheit: 'je 1.000', tiefsteEbene: 'baublock' },
  anteil_wohndauer_5plus: { zaehler: ['bev_wohndauer_5plus'], nenner: BEV, faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  mittlere_wohndauer: { zaehler: ['wohndauer_summe_jahre'], nenner: BEV, faktor: 1, einheit: 'Jahre', tiefsteEbene: 'baublock' },
  durchschnittliche_haushaltsgroesse: { zaehler: BEV, nenner: HH, faktor: 1, einheit: 'Personen', tiefsteEbene: 'baublock' },
  anteil_einpersonenhaushalte: { zaehler: ['hh_1p'], nenner: HH, faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  anteil_hh_mit_kindern: { zaehler: ['hh_mit_kindern'], nenner: HH, faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  anteil_alleinerziehende: { zaehler: ['hh_alleinerziehend'], nenner: ['hh_mit_kindern'], faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  wohngeld_quote: { zaehler: ['hh_wohngeld'], nenner: HH, faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  beschaeftigungsquote: { zaehler: ['svb_wohnort'], nenner: A15_64, faktor: 100, einheit: '%', tiefsteEbene: 'gemeindeteil' },
  arbeitslosendichte: { zaehler: ['arbeitslose'], nenner: A15_64, faktor: 100, einheit: '%', tiefsteEbene: 'gemeindeteil' },
  anteil_niedrigverdienende: { zaehler: ['svb_vollzeit_niedrig'], nenner: ['svb_vollzeit'], faktor: 100, einheit: '%', tiefsteEbene: 'stadt' },
  sgb2_quote: { zaehler: ['lb_sgb2'], nenner: U65, faktor: 100, einheit: '%', tiefsteEbene: 'gemeindeteil' },
  elb_quote: { zaehler: ['elb'], nenner: A15_64, faktor: 100, einheit: '%', tiefsteEbene: 'gemeindeteil' },
  sozialgeld_quote: { zaehler: ['nef_u15'], nenner: U15, faktor: 100, einheit: '%', tiefsteEbene: 'gemeindeteil' },
  anteil_langzeitleistungsbezug: { zaehler: ['lb_langzeit'], nenner: ['elb'], faktor: 100, einheit: '%', tiefsteEbene: 'gemeindeteil' },
  sgb12_quote: { zaehler: ['hlu', 'gsiae'], nenner: BEV, faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
  grundsicherung_alter_quote: { zaehler: ['gsia_65plus'], nenner: A65PLUS, faktor: 100, einheit: '%', tiefsteEbene: 'baublock' },
};

/** The compiled form as comparable strings: "merkmal(t-5):-1". */
const canonical = (e: LinearExpression): string[] =>
  e.terms.map((t) => `${termKey(t.merkmal, t.offset)}:${t.coefficient}`).sort();
const expected = (terms: Term[]): string[] =>
  terms.map((t) => (t.startsWith('-') ? `${t.slice(1)}:-1` : `${t}:1`)).sort();

/** Merkmale the BA delivers (employment, unemployment and SGB II statistics). */
const BA_MERKMALE = ['svb_wohnort', 'svb_vollzeit', 'svb_vollzeit_niedrig', 'arbeitslose', 'lb_sgb2', 'elb', 'nef_u15', 'lb_langzeit'];

describe('the shipped catalogue and the spec', () => {
  const cat = standardCatalogue();

  it('embeds lists of the right length (44 Merkmale, 28 Kennzahlen, no duplicates)', () => {
    expect(new Set(SPEC_MERKMALE).size).toBe(44);
    expect(SPEC_MERKMALE).toHaveLength(44);
    expect(new Set(SPEC_KENNZAHLEN).size).toBe(28);
    expect(Object.keys(SPEC_FORMULAS).sort()).toEqual([...SPEC_KENNZAHLEN].sort());
  });

  it('holds every Merkmal id of the spec as a Merkmal', () => {
    const missing = SPEC_MERKMALE.filter((id) => !cat.merkmale.has(id));
    expect(missing).toEqual([]);
    expect(cat.merkmale.size).toBeGreaterThanOrEqual(44);
  });

  it('holds every Kennzahl id of the spec as a Kennzahl', () => {
    const missing = SPEC_KENNZAHLEN.filter((id) => !cat.kennzahlen.has(id));
    expect(missing).toEqual([]);
    for (const id of SPEC_KENNZAHLEN) expect(cat.entry(id)?.art).toBe('kennzahl');
  });

  it('keeps version, validity date and title', () => {
    expect(cat.version).toBe('2025.1');
    expect(cat.gueltigAb).toBe('2025-01-01');
    expect(cat.definition.titel).toMatch(/Kennzahlenkatalog/);
    expect(cat.version).toBe(STANDARD_CATALOGUE_DEFINITION.version);
  });

  it.each(SPEC_MERKMALE)('Merkmal %s names Handlungsfeld, unit, definition, source and lowest level', (id) => {
    const m = cat.merkmale.get(id)!;
    expect(m).toBeDefined();
    expect(m.art).toBe('merkmal');
    expect(HANDLUNGSFELDER).toContain(m.handlungsfeld);
    expect(QUELLEN).toContain(m.quelle);
    expect(EBENEN).toContain(m.tiefsteEbene);
    expect(m.name.trim().length).toBeGreaterThan(2);
    expect(m.einheit.trim().length).toBeGreaterThan(0);
    expect(m.definition.trim().length).toBeGreaterThan(20);
    expect(Number.isInteger(m.maximum) && m.maximum > 0).toBe(true);
  });

  it('marks exactly zuzuege and fortzuege as not additive (spec: values of larger areas are never summed)', () => {
    const notAdditive = SPEC_MERKMALE.filter((id) => cat.merkmale.get(id)!.additiv === false);
    expect(notAdditive.sort()).toEqual(['fortzuege', 'zuzuege']);
  });

  it('gives the BA as source of the BA statistics, which are not delivered for Baublöcke', () => {
    for (const id of BA_MERKMALE) {
      const m = cat.merkmale.get(id)!;
      expect([id, m.quelle]).toEqual([id, 'BA']);
      expect([id, m.tiefsteEbene === 'baublock']).toEqual([id, false]);
    }
    expect(cat.merkmale.get('lb_sgb2')!.tiefsteEbene).toBe('gemeindeteil');
  });

  it('takes the population counts from the resident register, down to the Baublock', () => {
    for (const id of ['bevoelkerung', ...U20, ...A20_64, ...A65PLUS, 'hh_gesamt', 'zuzuege']) {
      const m = cat.merkmale.get(id)!;
      expect([id, m.quelle, m.tiefsteEbene]).toEqual([id, 'Einwohnermeldedaten', 'baublock']);
    }
  });

  it.each(SPEC_KENNZAHLEN)('Kennzahl %s: formula, numerator, denominator, factor, unit, level, sources as in the spec', (id) => {
    const k = cat.kennzahlen.get(id)!;
    const spec = SPEC_FORMULAS[id]!;
    expect(k.art).toBe('kennzahl');
    expect(k.formel.trim().length).toBeGreaterThan(0);
    expect(canonical(k.zaehler)).toEqual(expected(spec.zaehler));
    expect(k.zaehler.constant).toBe(0);
    expect(canonical(k.nenner)).toEqual(expected(spec.nenner));
    expect(k.nenner.constant).toBe(0);
    expect(k.faktor).toBe(spec.faktor);
    expect(k.einheit).toBe(spec.einheit);
    expect(k.tiefsteEbene).toBe(spec.tiefsteEbene);
    expect(HANDLUNGSFELDER).toContain(k.handlungsfeld);
    expect(k.definition.trim().length).toBeGreaterThan(20);
    expect(k.definitionsquelle.trim().length).toBeGreaterThan(3);
    // the data sources are those of the Merkmale in the formula
    const inputs = [...new Set([...spec.zaehler, ...spec.nenner].map((t) => t.replace(/^-/, '').replace(/\(t-5\)$/, '')))];
    expect([...k.merkmale].sort()).toEqual(inputs.sort());
    const sources = [...new Set(inputs.map((m) => cat.merkmale.get(m)!.quelle))].sort();
    expect([...k.quellen].sort()).toEqual(sources);
  });

  it('derives the periods a Kennzahl needs (t and t-5 only for the five-year change)', () => {
    expect(cat.kennzahlen.get('bevoelkerungsentwicklung_5j')!.perioden).toEqual([0, -5]);
    for (const id of SPEC_KENNZAHLEN.filter((x) => x !== 'bevoelkerungsentwicklung_5j')) {
      expect([id, cat.kennzahlen.get(id)!.perioden]).toEqual([id, [0]]);
    }
  });

  it('names the BA as a source of the SGB-II-Quote and the Kreis data for SGB XII', () => {
    expect(cat.kennzahlen.get('sgb2_quote')!.quellen).toContain('BA');
    expect(cat.kennzahlen.get('sgb2_quote')!.quellen).toContain('Einwohnermeldedaten');
    expect(cat.kennzahlen.get('anteil_u18')!.quellen).toEqual(['Einwohnermeldedaten']);
    expect([...cat.kennzahlen.get('sgb12_quote')!.quellen].sort()).toEqual(['Einwohnermeldedaten', 'Kreis']);
  });

  it('defines the Hilfsgrößen as the age sums of the spec', () => {
    const sums: Record<string, string[]> = { u15: U15, u18: U18, u20: U20, a20_64: A20_64, a15_64: A15_64, u65: U65, a60_79: A60_79, a65plus: A65PLUS };
    for (const [id, parts] of Object.entries(sums)) {
      expect([id, canonical(cat.hilfsgroessen.get(id)!.linear)]).toEqual([id, expected(parts)]);
    }
  });

  it('ships the consistency rules of the spec (age bands and household sizes sum up, parts within wholes)', () => {
    const byId = new Map(cat.beziehungen.map((b) => [b.id, b]));
    const find = (links: string[], rechts: string[]): string | undefined =>
      cat.beziehungen.find(
        (b) =>
          JSON.stringify(canonical(b.linksLinear)) === JSON.stringify(expected(links)) &&
          JSON.stringify(canonical(b.rechtsLinear)) === JSON.stringify(expected(rechts)),
      )?.art;
    expect(find(['bevoelkerung'], [...U20, ...A20_64, ...A65PLUS])).toBe('summe');
    expect(find(['hh_gesamt'], ['hh_1p', 'hh_2p', 'hh_3p', 'hh_4p', 'hh_5plus'])).toBe('summe');
    expect(find(['bev_weiblich'], ['bevoelkerung'])).toBe('hoechstens');
    expect(find(['gsia_65plus'], ['gsiae'])).toBe('hoechstens');
    expect(find(['hh_alleinerziehend'], ['hh_mit_kindern'])).toBe('hoechstens');
    expect(byId.size).toBe(cat.beziehungen.length);
    for (const b of cat.beziehungen) expect(['fehler', 'warnung']).toContain(b.schwere);
  });
});
