/**
 * First start of a data directory: the shipped catalogue is stored as version 1 of the Kreis's
 * catalogue, and (unless SOZIALMONITOR_DEMO=0) the demo Kreis is loaded with demo tokens.
 */
import { writeFileSync } from 'node:fs';
import { STANDARD_CATALOGUE_DEFINITION, standardCatalogue } from '../shared';
import { demoTokenFile } from './config';
import { loadDemoKreis } from './demo';
import type { DemoKreisOptions } from '../shared/demo';
import { contentHash } from './hash';
import type { Storage } from './storage/types';
import { OPERATOR } from './tokens';

export interface BootstrapResult {
  firstStart: boolean;
  demoLoaded: boolean;
  /** demo tokens, only right after they were created */
  demoTokens?: { label: string; token: string }[];
}

export async function bootstrap(storage: Storage, opts: { dataDir: string; demo: boolean; log: (line: string) => void; demoOptions?: DemoKreisOptions }): Promise<BootstrapResult> {
  if ((await storage.getMeta('initialized')) === '1') return { firstStart: false, demoLoaded: false };
  // loadDemoKreis marks the database as demo before anything else, so the mark alone tells an
  // interrupted demo load. Tokens do not: an administrator may create them before the first start.
  if ((await storage.getMeta('demo')) === '1') {
    // A first start that was interrupted half-way (each step is atomic, the sequence is not).
    throw new Error(
      // The storage names what to delete: the data directory for SQLite, the schema for PostgreSQL.
      `Der erste Start mit Demodaten wurde unterbrochen; die Datenbank (${storage.location}) enthält nur Demodaten. ${storage.resetAdvice()} und neu starten.`,
    );
  }
  if (!(await storage.latestCatalogue())) {
    await storage.addCatalogue(standardCatalogue().version, STANDARD_CATALOGUE_DEFINITION, contentHash(STANDARD_CATALOGUE_DEFINITION), OPERATOR);
  }
  let demoTokens: BootstrapResult['demoTokens'];
  const tokens = (await storage.tokens()).length;
  // Tokens created before the first start mean a real setup: synthetic data must not be mixed in.
  const demo = opts.demo && tokens === 0;
  if (opts.demo && !demo) {
    opts.log(`Erster Start: Es gibt schon ${tokens === 1 ? 'ein Token' : `${tokens} Tokens`} (vor dem ersten Start angelegt); die Datenbank wird daher für echte Daten eingerichtet, ohne Demo-Kreis.`);
  }
  if (demo) {
    opts.log('Erster Start: Der Demo-Kreis (synthetische Daten) wird geladen und geprüft, das dauert einige Sekunden …');
    demoTokens = await loadDemoKreis(storage, opts.log, opts.demoOptions);
    const file = demoTokenFile(opts.dataDir);
    // Demo tokens only grant access to synthetic demo data; kept (owner-readable only) so they can be found again.
    writeFileSync(
      file,
      `# Demo-Tokens (nur für die Demodaten; für echte Daten neue Tokens mit „sozialmonitor token create“ anlegen)\n${demoTokens.map((t) => `${t.label}\t${t.token}`).join('\n')}\n`,
      { mode: 0o600 },
    );
  }
  await storage.setMeta('initialized', '1');
  return { firstStart: true, demoLoaded: demo, ...(demoTokens ? { demoTokens } : {}) };
}
