/**
 * Addresses as the register and the house coordinates (HK-DE) name them: AGS + street key + house
 * number + suffix. Both sides write them differently (`12a`, `12 A`, `012`, suffix in its own column
 * or glued to the number), so every join goes through `addressKey`, the one normalisation.
 */

export interface Adresse {
  /** 8-digit AGS of the municipality */
  gemeindeschluessel: string;
  /** street key of the municipality (digits; leading zeros are not significant) */
  strassenschluessel: string;
  /** house number, digits */
  hausnummer: string;
  /** suffix letter(s), may be empty */
  hausnummerzusatz: string;
}

export class AdresseError extends Error {
  constructor(readonly field: keyof Adresse, detail: string) {
    super(detail);
    this.name = 'AdresseError';
  }
}

const digitsOnly = /^\d+$/;

/**
 * The normalised parts: AGS as 8 digits, street key and house number without leading zeros, suffix in
 * upper case without blanks, dots or slashes. A suffix glued to the number (`12a`, `12 a`) is split off.
 * Throws AdresseError naming the field for what cannot be an address.
 */
export function normalizeAdresse(a: Adresse): Adresse {
  const ags = a.gemeindeschluessel.trim();
  if (!/^\d{8}$/.test(ags)) throw new AdresseError('gemeindeschluessel', `Gemeindeschlüssel „${a.gemeindeschluessel}“ ist kein 8-stelliger AGS`);
  const street = a.strassenschluessel.trim();
  if (!digitsOnly.test(street)) throw new AdresseError('strassenschluessel', `Straßenschlüssel „${a.strassenschluessel}“ besteht nicht nur aus Ziffern`);
  const glued = /^\s*(\d+)\s*([A-Za-zÄÖÜäöü]*)\s*$/.exec(a.hausnummer);
  if (!glued) throw new AdresseError('hausnummer', `Hausnummer „${a.hausnummer}“ ist keine Zahl (mit optionalem Buchstaben)`);
  const suffix = (glued[2]! + a.hausnummerzusatz).replace(/[\s./-]/g, '').toUpperCase();
  if (glued[2] && a.hausnummerzusatz.trim()) {
    throw new AdresseError('hausnummerzusatz', `Hausnummer „${a.hausnummer}“ enthält schon einen Zusatz, dazu kommt „${a.hausnummerzusatz}“`);
  }
  return {
    gemeindeschluessel: ags,
    strassenschluessel: String(Number(street)),
    hausnummer: String(Number(glued[1])),
    hausnummerzusatz: suffix,
  };
}

/** One string per address for joins and maps: `05954036|123|12|A`. `12a` and `12 A` give the same key. */
export function addressKey(a: Adresse): string {
  const n = normalizeAdresse(a);
  return `${n.gemeindeschluessel}|${n.strassenschluessel}|${n.hausnummer}|${n.hausnummerzusatz}`;
}
