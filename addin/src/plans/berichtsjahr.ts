/**
 * The Berichtsjahr typed into the pane: four digits ("24" is refused, as the server would refuse it
 * with a message about parameters the clerk never sees), and a year more than one year ahead is
 * questioned (a typo like 2052 for 2025): under the field while typing, and in a yes/no dialog
 * before anything is written (`berichtsjahrBestaetigt`).
 */
export type BerichtsjahrCheck = { ok: false; text: string } | { ok: true; frage?: string };

export const BERICHTSJAHR_BITTE = 'Bitte ein Berichtsjahr wie 2024 eingeben';

export function checkBerichtsjahr(input: string, now: Date): BerichtsjahrCheck {
  const v = input.trim();
  if (!/^\d{4}$/.test(v) || Number(v) < 1900) return { ok: false, text: `${BERICHTSJAHR_BITTE} (vierstellig).` };
  const year = Number(v);
  if (year > now.getFullYear() + 1) {
    return { ok: true, frage: `${year} liegt mehr als ein Jahr in der Zukunft. Ist das Berichtsjahr richtig?` };
  }
  return { ok: true };
}

/** Props for the Fluent UI Field of the Berichtsjahr: an error or a question under the input. */
export function berichtsjahrField(input: string, now: Date): { validationState?: 'error' | 'warning'; validationMessage?: string } {
  const c = checkBerichtsjahr(input, now);
  if (!c.ok) return { validationState: 'error', validationMessage: c.text };
  return c.frage ? { validationState: 'warning', validationMessage: c.frage } : {};
}

/**
 * Before a template or sheet is written: the Berichtsjahr checked, and a year far ahead confirmed
 * by the clerk (`ask` shows the question, true for "yes"). The text to show when it is not usable
 * (refused, or the clerk said "no"), or null to go on.
 */
export async function berichtsjahrBestaetigt(input: string, now: Date, ask: (frage: string) => Promise<boolean>, nein: (jahr: string) => string): Promise<string | null> {
  const c = checkBerichtsjahr(input, now);
  if (!c.ok) return c.text;
  if (c.frage && !(await ask(c.frage))) return nein(input.trim());
  return null;
}
