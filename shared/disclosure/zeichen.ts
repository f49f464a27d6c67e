/**
 * What a reader is told about a suppressed cell: one sign and one general explanation, the same for
 * every suppressed cell whatever the reason. Reasons (primary, secondary, zero, small denominator)
 * would let an attacker tell the kinds apart and pin suppressed values (issue 13); they go only to
 * roles that see the raw value (sync-server/publication.ts, field `geheimhaltung`).
 */
/** The sign of the statistical offices for "Zahlenwert unbekannt oder geheim zu halten". */
export const ZEICHEN_GESPERRT = '.';
/** The one explanation of a suppressed cell, in every legend. */
export const ERKLAERUNG_GESPERRT = 'Zahlenwert geheim gehalten (Geheimhaltung) – kleine Fallzahlen und Werte, aus denen sie sich errechnen ließen';
/** Legend line: sign and explanation. */
export const LEGENDE_GESPERRT = `„${ZEICHEN_GESPERRT}“ = ${ERKLAERUNG_GESPERRT}`;
