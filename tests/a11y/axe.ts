/**
 * Runs axe-core (WCAG 2.1 A and AA rules, the level BITV 2.0 asks for via EN 301 549) on a playwright
 * page and turns its violations into a readable list: rule, impact, element, what to do. The tests
 * compare that list with [] so that a failure names every finding at once.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One line per violating element: "rule-id (impact) at selector: help – failure summary". */
export async function axeViolations(page: Page, tune: (b: AxeBuilder) => AxeBuilder = (b) => b): Promise<string[]> {
  // Legacy mode = one axe.run() inside the page. The default mode finishes in a second blank page of the
  // same browser context, which pages from browser.newPage() (the pane fixture's) cannot open. The pages
  // checked here have no iframes, so nothing is lost.
  const result = await tune(new AxeBuilder({ page }).withTags(WCAG21_AA).setLegacyMode(true)).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? '?'}) at ${n.target.join(' > ')}: ${v.help} – ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()} [${v.helpUrl}]`),
  );
}
