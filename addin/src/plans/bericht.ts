/**
 * Links from the task pane to the joint social report (`/bericht` on the same server): one per
 * Handlungsfeld of the chosen Kennzahlen, for the latest chosen year, plus the Sozialindex. The report
 * shows only published values, so a link is safe to pass on to anyone.
 */
import type { Catalogue } from '../../../shared';
import { HANDLUNGSFELDER } from '../../../shared/types';

export interface BerichtLink {
  kapitel: string;
  href: string;
}

export const SOZIALINDEX_KAPITEL = 'Sozialindex';

export function berichtLinks(base: string, catalogue: Catalogue, kennzahlen: ReadonlySet<string>, jahre: ReadonlySet<string>): BerichtLink[] {
  const felder = new Set([...kennzahlen].map((id) => catalogue.kennzahlen.get(id)?.handlungsfeld).filter((f) => f !== undefined));
  // without a choice, every chapter; in the report's order either way
  const kapitel = [...HANDLUNGSFELDER.filter((f) => felder.size === 0 || felder.has(f)), SOZIALINDEX_KAPITEL];
  const jahr = [...jahre].sort().at(-1);
  return kapitel.map((k) => {
    const q = new URLSearchParams({ kapitel: k });
    if (jahr) q.set('jahr', jahr);
    return { kapitel: k, href: `${base.replace(/\/+$/, '')}/bericht/?${q}` };
  });
}
