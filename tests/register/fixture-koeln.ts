/**
 * A Köln-like Stadt for the register: Stadtbezirke between Stadt and Gemeindeteil (Köln: Stadtteil
 * 05315000-1-101 in Stadtbezirk 05315000-1), a small address table, six persons and three moves whose
 * counts are known by construction (comments per line).
 */
import { AreaTree, type Area } from '../../shared/areas/areas';
import { BESTAND_HEADER, personLine, type P } from './fixture';

export const K = '05315000';
export const Z1 = `${K}-1`;
export const Z2 = `${K}-2`;
export const AREAS: Area[] = [
  { code: '05315', name: 'Kreis', ebene: 'kreis', parent: null },
  { code: K, name: 'Köln', ebene: 'stadt', parent: '05315' },
  { code: Z1, name: 'Innenstadt', ebene: 'stadtbezirk', parent: K },
  { code: Z2, name: 'Rodenkirchen', ebene: 'stadtbezirk', parent: K },
  { code: `${Z1}-101`, name: 'Altstadt-Süd', ebene: 'gemeindeteil', parent: Z1 },
  { code: `${Z1}-102`, name: 'Neustadt-Süd', ebene: 'gemeindeteil', parent: Z1 },
  { code: `${Z2}-201`, name: 'Bayenthal', ebene: 'gemeindeteil', parent: Z2 },
  { code: `${Z1}-101-0001`, name: 'Block 1', ebene: 'baublock', parent: `${Z1}-101` },
  { code: `${Z1}-101-0002`, name: 'Block 2', ebene: 'baublock', parent: `${Z1}-101` },
  { code: `${Z1}-102-0001`, name: 'Block 3', ebene: 'baublock', parent: `${Z1}-102` },
  { code: `${Z2}-201-0001`, name: 'Block 4', ebene: 'baublock', parent: `${Z2}-201` },
];
export const koelnTree = (): AreaTree => AreaTree.build(AREAS);

export const ZUORDNUNG = [
  'gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;baublock;gemeindeteil',
  `${K};10;1;;${Z1}-101-0001;${Z1}-101`,
  `${K};10;2;;${Z1}-101-0002;${Z1}-101`,
  `${K};11;1;;${Z1}-102-0001;${Z1}-102`,
  `${K};20;1;;${Z2}-201-0001;${Z2}-201`,
].join('\n');

const inKoeln = (p: P) => personLine(p).replace(/;05954036;/, `;${K};`);
const person = (om: string, str: string, hnr: string): P => ({ om, geb: '01.01.1980', g: 'm', str, hnr, einzug: '01.01.2010' });
export const BESTAND = [BESTAND_HEADER, ...[person('1', '10', '1'), person('2', '10', '2'), person('3', '11', '1'), person('4', '20', '1'), person('5', '20', '1'), person('6', '30', '9')].map(inKoeln)].join('\n') + '\n';
export const BEWEGUNGEN = [
  'ordnungsmerkmal;ereignis;datum;gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz',
  `1;umzug_von;01.03.2024;${K};10;1;`, // 101 → 102, both in Innenstadt: not a move of the Stadtbezirk
  `1;umzug_nach;01.03.2024;${K};11;1;`,
  `3;umzug_von;01.04.2024;${K};11;1;`, // Innenstadt → Rodenkirchen
  `3;umzug_nach;01.04.2024;${K};20;1;`,
  `6;umzug_von;01.05.2024;${K};30;9;`, // unknown street → 101: Gemeindeteil and Stadtbezirk of the old address unknown
  `6;umzug_nach;01.05.2024;${K};10;1;`,
].join('\n') + '\n';

