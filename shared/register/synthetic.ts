/**
 * Synthetic registers with plausible structure, for benchmarks and scale tests: cities with
 * Gemeindeteile and Baublöcke, addresses with one or several households (singles, couples, families,
 * single parents, shared flats, old couples), foreign nationals, persons born abroad, Nebenwohnungen,
 * and the address table. Deterministic for a seed. Emits CSV text in chunks, so that 18 million
 * persons never have to be in memory at once.
 */
import { mulberry32 } from '../demo/random';

export interface SyntheticOptions {
  persons: number;
  seed?: number;
  /** Kreis AGS prefix (5 digits); cities get …001, …002, … */
  kreis?: string;
  /** persons per city (default 40,000) */
  personsPerCity?: number;
  /** Stichtag year (default 2024) */
  year?: number;
  /** share of addresses left out of the address table (default 0.002) */
  unmatchedShare?: number;
  /** person keys with letters (`EW-100000123`, 12 characters) instead of digits (default false) */
  alphanumericKeys?: boolean;
}

const FOREIGN = ['TR', 'PL', 'SY', 'RO', 'IT', 'GR', 'UA', 'HR', 'RU', 'BG', '163', '152', '475'];

export interface SyntheticRegister {
  /** CSV chunks of the Einwohner-Bestand */
  bestand(): Generator<string>;
  /** CSV chunks of the address table (call after bestand() has run, or on its own) */
  zuordnung(): Generator<string>;
  /** CSV chunks of movements in the year before the Stichtag (about 10 % of the persons) */
  bewegungen(): Generator<string>;
}

export function syntheticRegister(o: SyntheticOptions): SyntheticRegister {
  const seed = o.seed ?? 1;
  const kreis = o.kreis ?? '05999';
  const perCity = o.personsPerCity ?? 40_000;
  const year = o.year ?? 2024;
  const unmatched = o.unmatchedShare ?? 0.002;
  const key = o.alphanumericKeys ? (id: number) => `EW-${id}` : (id: number) => String(id);
  const cities = Math.max(1, Math.ceil(o.persons / perCity));
  // Address layout (deterministic from indices): per city 10 Gemeindeteile × 40 Baublöcke × N addresses.
  const GT = 10;
  const BB = 40;
  const PERSONS_PER_ADDRESS = 4.5;
  const addrPerBlock = Math.max(1, Math.ceil(perCity / PERSONS_PER_ADDRESS / (GT * BB)));
  const ags = (c: number) => `${kreis}${String(c + 1).padStart(3, '0')}`;
  const streetOf = (gt: number, bb: number) => 100 + gt * 50 + Math.floor(bb / 2); // two blocks per street
  const hnrOf = (bb: number, a: number) => (bb % 2) * 500 + a + 1;
  const zusatzOf = (a: number) => (a % 7 === 3 ? 'a' : '');
  const blockOf = (c: number, gt: number, bb: number) => `${ags(c)}-${String(gt + 1).padStart(2, '0')}-${String(bb + 1).padStart(4, '0')}`;
  const inTable = (c: number, gt: number, bb: number, a: number) => mulberry32(seed * 7919 + ((c * GT + gt) * BB + bb) * 1000 + a)() >= unmatched;

  function* bestand(): Generator<string> {
    const rnd = mulberry32(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const date = (y: number) => {
      const m = 1 + Math.floor(rnd() * 12);
      const d = 1 + Math.floor(rnd() * 28);
      return rnd() < 0.5 ? `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}` : `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    };
    let om = 100_000_000;
    let written = 0;
    let buf: string[] = [
      'ordnungsmerkmal;geburtsdatum;geschlecht;staatsangehoerigkeit;weitere_staatsangehoerigkeit;geburtsland;wohnungsstatus;gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;einzugsdatum;ehegatte_om;elternteil_om;familienstand',
    ];
    const person = (p: {
      birthYear: number;
      g: string;
      foreign: boolean;
      abroad: boolean;
      adr: string;
      einzug: number;
      spouse?: number;
      parents?: number[];
      status?: string;
      fam?: string;
    }): number => {
      const id = om++;
      const birth = date(p.birthYear);
      const sa = p.foreign ? pick(FOREIGN) : rnd() < 0.5 ? 'DE' : '000';
      const sa2 = !p.foreign && rnd() < 0.04 ? pick(FOREIGN) : '';
      const land = p.abroad ? pick(FOREIGN) : rnd() < 0.8 ? 'DE' : '';
      buf.push(
        `${key(id)};${birth};${p.g};${sa};${sa2};${land};${p.status ?? 'H'};${p.adr};${p.einzug > p.birthYear ? date(p.einzug) : birth};${p.spouse === undefined ? '' : key(p.spouse)};${(p.parents ?? []).map(key).join(',')};${p.fam ?? 'LD'}`,
      );
      written++;
      return id;
    };
    outer: for (let c = 0; c < cities; c++) {
      for (let gt = 0; gt < GT; gt++) {
        for (let bb = 0; bb < BB; bb++) {
          for (let a = 0; a < addrPerBlock; a++) {
            if (written >= o.persons) break outer;
            const street = streetOf(gt, bb);
            const hnr = hnrOf(bb, a);
            const zus = zusatzOf(a);
            const households = rnd() < 0.6 ? 1 + Math.floor(rnd() * 2) : 2 + Math.floor(rnd() * 6);
            for (let h = 0; h < households && written < o.persons; h++) {
              const foreign = rnd() < 0.13;
              const abroad = foreign ? rnd() < 0.8 : rnd() < 0.05;
              const einzug = year - Math.floor(rnd() * rnd() * 30);
              // The suffix is glued to the number (`12a`) on some rows and in its own column on others.
              const adr = zus ? (rnd() < 0.5 ? `${ags(c)};${street};${hnr}${zus};` : `${ags(c)};${street};${hnr};${zus.toUpperCase()}`) : `${ags(c)};${street};${hnr};`;
              const mk = (x: { birthYear: number; g: string; spouse?: number; parents?: number[]; status?: string; fam?: string; einzug?: number }) =>
                person({ ...x, foreign, abroad, adr, einzug: x.einzug ?? einzug });
              const t = rnd();
              const adultYear = () => year - 20 - Math.floor(rnd() * 60);
              if (t < 0.4) {
                mk({ birthYear: rnd() < 0.3 ? year - 70 - Math.floor(rnd() * 25) : adultYear(), g: pick(['m', 'w']), status: rnd() < 0.03 ? 'N' : 'H' });
              } else if (t < 0.72) {
                const y = adultYear();
                const id = om;
                mk({ birthYear: y, g: 'm', spouse: id + 1, fam: 'VH' });
                mk({ birthYear: y + 2, g: 'w', spouse: id, fam: 'VH' });
              } else if (t < 0.88) {
                const y = year - 28 - Math.floor(rnd() * 20);
                const id = om;
                mk({ birthYear: y, g: 'm', spouse: id + 1, fam: 'VH' });
                mk({ birthYear: y + 1, g: 'w', spouse: id, fam: 'VH' });
                const kids = 1 + Math.floor(rnd() * 3);
                for (let k = 0; k < kids; k++) mk({ birthYear: Math.min(year, y + 25 + Math.floor(rnd() * 15)), g: pick(['m', 'w']), parents: [id, id + 1] });
              } else if (t < 0.95) {
                const y = year - 25 - Math.floor(rnd() * 20);
                const parent = mk({ birthYear: y, g: rnd() < 0.85 ? 'w' : 'm', fam: pick(['LD', 'GS']) });
                const kids = 1 + Math.floor(rnd() * 2);
                for (let k = 0; k < kids; k++) mk({ birthYear: Math.min(year, y + 20 + Math.floor(rnd() * 15)), g: pick(['m', 'w']), parents: [parent] });
              } else {
                const n = 2 + Math.floor(rnd() * 3);
                for (let k = 0; k < n; k++) mk({ birthYear: year - 19 - Math.floor(rnd() * 12), g: pick(['m', 'w', 'd']), einzug: year - Math.floor(rnd() * 4) });
              }
            }
            if (buf.length >= 5000) {
              yield buf.join('\n') + '\n';
              buf = [];
            }
          }
        }
      }
    }
    if (buf.length > 0) yield buf.join('\n') + '\n';
  }

  function* zuordnung(): Generator<string> {
    let buf: string[] = ['gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;baublock;gemeindeteil'];
    for (let c = 0; c < cities; c++) {
      for (let gt = 0; gt < GT; gt++) {
        for (let bb = 0; bb < BB; bb++) {
          const block = blockOf(c, gt, bb);
          for (let a = 0; a < addrPerBlock; a++) {
            if (!inTable(c, gt, bb, a)) continue;
            buf.push(`${ags(c)};${streetOf(gt, bb)};${hnrOf(bb, a)};${zusatzOf(a)};${block};${block.slice(0, 11)}`);
          }
          if (buf.length >= 5000) {
            yield buf.join('\n') + '\n';
            buf = [];
          }
        }
      }
    }
    yield buf.join('\n') + '\n';
  }

  function* bewegungen(): Generator<string> {
    const rnd = mulberry32(seed + 1);
    const n = Math.round(o.persons * 0.1);
    let buf: string[] = ['ordnungsmerkmal;ereignis;datum;gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz'];
    const addr = () => {
      const c = Math.floor(rnd() * cities);
      const gt = Math.floor(rnd() * GT);
      const bb = Math.floor(rnd() * BB);
      const a = Math.floor(rnd() * addrPerBlock);
      return `${ags(c)};${streetOf(gt, bb)};${hnrOf(bb, a)};${zusatzOf(a)}`;
    };
    for (let i = 0; i < n; i++) {
      const date = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
      const t = rnd();
      const om = key(500_000_000 + i);
      if (t < 0.1) buf.push(`${om};geburt;${date};${addr()}`);
      else if (t < 0.2) buf.push(`${om};tod;${date};${addr()}`);
      else if (t < 0.45) buf.push(`${om};zuzug;${date};${addr()}`);
      else if (t < 0.7) buf.push(`${om};fortzug;${date};${addr()}`);
      else buf.push(`${om};umzug_von;${date};${addr()}`, `${om};umzug_nach;${date};${addr()}`);
      if (buf.length >= 5000) {
        yield buf.join('\n') + '\n';
        buf = [];
      }
    }
    yield buf.join('\n') + '\n';
  }

  return { bestand, zuordnung, bewegungen };
}
