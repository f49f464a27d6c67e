/**
 * The aggregation runs in the browser as the add-in will run it: shared/register bundled by esbuild for
 * the browser (nothing Node-only may be needed), executed in headless Chromium on file bytes, giving
 * exactly the rows the Node run gives. Nothing is fetched: the page has no network.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { aggregateRegister, readZuordnung } from '../../shared/register';
import { bundleForBrowser, launchChromium } from '../helpers/browser';
import { BEWEGUNGEN_CSV, STICHTAG, ZUORDNUNG_CSV, bestandCsv, latin1 } from './fixture';

const ROOT = join(__dirname, '..', '..');

function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourcesOf(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('register aggregation in the browser', () => {
  test('shared/register and the CSV layer import no Node modules', () => {
    const files = [...sourcesOf(join(ROOT, 'shared', 'register')), join(ROOT, 'shared', 'io', 'csv-records.ts')];
    const nodeBuiltins = /from ['"](node:|fs|path|stream|os|crypto|child_process|events|buffer)['"/]/;
    for (const f of files) expect({ f, node: nodeBuiltins.test(readFileSync(f, 'utf8')) }).toEqual({ f, node: false });
  });

  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('bundled for the browser and run in Chromium on file bytes: same rows and report as in Node', async () => {
    const code = await bundleForBrowser(
      `import { einwohnerAggregieren } from './shared/register';
          window.runRegister = async (bestand, bewegungen, zuordnung, stichtag) => {
            const res = await einwohnerAggregieren(
              { bestand: { name: 'ew.csv', bytes: bestand }, bewegungen: { name: 'bew.csv', bytes: bewegungen }, zuordnung: { name: 'zuordnung.csv', bytes: zuordnung } },
              stichtag,
            );
            return { rows: res.rows, report: res.bericht };
          };`,
    );
    expect(code).not.toMatch(/require\(["']node:/);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: code });
    const bestand = Array.from(latin1(bestandCsv(undefined, '\r\n')));
    const inBrowser = await page.evaluate(
      async ([b, m, z, s]) => {
        const w = window as unknown as { runRegister: (...a: unknown[]) => Promise<unknown> };
        return w.runRegister(new Uint8Array(b as number[]), new TextEncoder().encode(m as string), new TextEncoder().encode(z as string), s);
      },
      [bestand, BEWEGUNGEN_CSV, ZUORDNUNG_CSV, STICHTAG] as const,
    );
    const inNode = await aggregateRegister(
      { bestand: latin1(bestandCsv(undefined, '\r\n')), bestandDatei: 'ew.csv', bewegungen: BEWEGUNGEN_CSV, bewegungenDatei: 'bew.csv' },
      { stichtag: STICHTAG, zuordnung: await readZuordnung([ZUORDNUNG_CSV], 'zuordnung.csv') },
    );
    expect(errors).toEqual([]);
    expect((inBrowser as { rows: unknown }).rows).toEqual(inNode.rows);
    expect((inBrowser as { report: string }).report).toMatch(/Bestand ew\.csv \(windows-1252\): 20 Zeilen, 19 Personen mit Hauptwohnung gezählt/);
    await page.close();
  }, 60_000);
});
