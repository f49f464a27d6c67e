/**
 * `npm run bench`: benchmarks, not part of `npm test`. The domain core (bench/core.ts) and the sync
 * server (bench/server.ts, with the memory of the readers' snapshots: bench/snapshot-memory.ts) on
 * the demo Kreis, the register (bench/register.ts, and in the task pane: bench/register-pane.ts), geography and disclosure; prints figures and ratios against a named peer.
 * `npm run bench NAME` runs one: core, server, health, register, pane, geo, disclosure, land,
 * disclosure-land. `disclosure-land` (bench/disclosure-land.ts: suppressTable alone on the Land at
 * 0.02, 0.05, 0.1 or `-- --massstab 0.02,0.05`) and `land` (bench/land.ts: an NRW-sized Land on
 * PostgreSQL, minutes to load) run only when named;
 * `npm run bench land -- --massstab 0.1` runs it at a tenth of the size.
 */
import { benchCore } from './core';
import { benchServer } from './server';
import { benchHealthUnderLoad } from './health-load';
import { benchRegister } from './register';
import { benchRegisterPane } from './register-pane';
import { benchGeo } from './geo';
import { benchDisclosure } from './disclosure';
import { benchLand, massstabFromArgs } from './land';
import { benchDisclosureLand, massstaebeFromArgs } from './disclosure-land';

async function main(): Promise<void> {
  const only = process.argv[2];
  if (!only || only === 'core') benchCore();
  if (!only || only === 'server') await benchServer(Number(process.env.BENCH_SECONDS ?? 8));
  if (!only || only === 'health') await benchHealthUnderLoad(Number(process.env.BENCH_SECONDS ?? 8));
  if (!only || only === 'register') await benchRegister();
  if (!only || only === 'pane') await benchRegisterPane();
  if (!only || only === 'geo') await benchGeo();
  if (!only || only === 'disclosure') await benchDisclosure();
  if (only === 'disclosure-land') benchDisclosureLand(massstaebeFromArgs(process.argv.slice(3)));
  if (only === 'land') await benchLand(massstabFromArgs(process.argv.slice(3)));
}

main().catch((e: unknown) => {
  process.stderr.write(`Benchmark fehlgeschlagen: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
