/**
 * Benchmark of the Einwohnerdaten tab's aggregation in a real browser: one synthetic Kreis (320,000
 * persons, or BENCH_PANE_PERSONEN, + movements + the address-to-block table) picked with a file input in headless Chromium and
 * aggregated in the page by the add-in's own code (addin/src/ui/file-stream.ts → shared/register).
 * Peers measured in the same run, on the same files:
 *  - the whole-file read the pane used before (File.arrayBuffer, then 1 MiB steps): same counts, more
 *    memory held while counting;
 *  - the same aggregation in Node (what `sozialmonitor einwohner aggregieren` does).
 * Time is the page's own clock from the first read to the last count; memory is the peak resident
 * size (VmHWM) of the page's renderer processes, read from /proc before the browser closes. Modes
 * alternate, a fresh browser each run, so that load changes on the shared machine hit both alike.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregateFiles, mb, rate, writeKreisFiles } from './register';
import { bundleForBrowser, launchChromium } from '../tests/helpers/browser';

const STICHTAG = '31.12.2024';

/** The page's entry: both ways of reading, the same aggregation. */
const ENTRY = `
import { aggregateRegister, zuordnungLesen } from './shared/register';
import { fileChunks } from './addin/src/ui/file-stream';
const STEP = 1 << 20;
async function* whole(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  for (let at = 0; at < bytes.length; at += STEP) {
    yield bytes.subarray(at, Math.min(bytes.length, at + STEP));
    await new Promise((r) => setTimeout(r, 0));
  }
}
window.runPane = async (mode, stichtag) => {
  const [zuordnung, bestand, bewegungen] = document.querySelector('input').files;
  const read = mode === 'gestreamt' ? (f) => fileChunks(f) : whole;
  const t0 = performance.now();
  let t1 = 0;
  const table = await zuordnungLesen(read(zuordnung), zuordnung.name);
  const res = await aggregateRegister(
    { bestand: read(bestand), bestandDatei: bestand.name, bewegungen: read(bewegungen), bewegungenDatei: bewegungen.name, vorAbschluss: () => { t1 = performance.now(); } },
    { stichtag, zuordnung: table },
  );
  const end = performance.now();
  return { ms: end - t0, finishMs: end - t1, persons: res.report.bestand.zeilen, rows: res.rows.length, fehler: res.report.fehler };
};
`;

/** Chromium renderer processes now running (pid → command line). */
function renderers(): Map<number, string> {
  const out = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes('--type=renderer')) out.set(Number(d), cmd);
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Peak resident size of a process in bytes (VmHWM), 0 if it is gone. */
function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

interface PaneRun {
  ms: number;
  /** the one synchronous step (households, counts per area): how long the pane does not repaint */
  finishMs: number;
  persons: number;
  rows: number;
  peakBytes: number;
}

async function inPane(code: string, mode: 'gestreamt' | 'ganz', files: string[]): Promise<PaneRun> {
  const before = new Set(renderers().keys());
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><input type="file" multiple></body></html>');
    await page.addScriptTag({ content: code });
    await page.locator('input').setInputFiles(files);
    const r = await page.evaluate(([m, s]) => (window as unknown as { runPane: (m: string, s: string) => Promise<{ ms: number; finishMs: number; persons: number; rows: number; fehler: number }> }).runPane(m, s), [mode, STICHTAG] as const);
    if (r.fehler > 0) throw new Error(`Synthetisches Register mit ${r.fehler} Fehlern im Aufgabenbereich`);
    const mine = [...renderers().keys()].filter((p) => !before.has(p));
    return { ms: r.ms, finishMs: r.finishMs, persons: r.persons, rows: r.rows, peakBytes: Math.max(0, ...mine.map(peakRss)) };
  } finally {
    await browser.close();
  }
}

export async function benchRegisterPane(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-bench-pane-'));
  try {
    const persons = Number(process.env.BENCH_PANE_PERSONEN ?? 320_000);
    const { ew, zu, bew } = await writeKreisFiles(dir, persons);
    const files = [zu, ew, bew];
    const code = await bundleForBrowser(ENTRY);
    console.log(`Einwohnerdaten im Aufgabenbereich (Chromium), ${persons.toLocaleString('de-DE')} Personen: ${mb(statSync(ew).size)} Bestand, ${mb(statSync(bew).size)} Bewegungen, ${mb(statSync(zu).size)} Zuordnungstabelle`);

    const best: Record<'gestreamt' | 'ganz', PaneRun> = {
      gestreamt: { ms: Infinity, finishMs: Infinity, persons: 0, rows: 0, peakBytes: Infinity },
      ganz: { ms: Infinity, finishMs: Infinity, persons: 0, rows: 0, peakBytes: Infinity },
    };
    for (let i = 0; i < 3; i++) {
      for (const mode of ['gestreamt', 'ganz'] as const) {
        const r = await inPane(code, mode, files);
        best[mode] = { ...r, ms: Math.min(r.ms, best[mode].ms), finishMs: Math.min(r.finishMs, best[mode].finishMs), peakBytes: Math.min(r.peakBytes, best[mode].peakBytes) };
      }
    }
    if (best.gestreamt.rows !== best.ganz.rows) throw new Error(`verschiedene Ergebnisse: ${best.gestreamt.rows} gegen ${best.ganz.rows} Werte`);

    let node = Infinity;
    for (let i = 0; i < 3; i++) node = Math.min(node, (await aggregateFiles(ew, zu, bew)).ms);
    const s = best.gestreamt;
    const g = best.ganz;
    console.log(`  gestreamt (Blob.stream, wie das Add-in): ${s.ms.toFixed(0)} ms = ${rate(s.persons, s.ms)}, ${s.rows.toLocaleString('de-DE')} Werte; Spitzenspeicher des Renderers ${mb(s.peakBytes)}; davon ${s.finishMs.toFixed(0)} ms Haushalte und Zählung in einem Schritt (so lange zeichnet der Bereich nicht neu)`);
    console.log(`  Vergleich: ganze Dateien gelesen (File.arrayBuffer): ${g.ms.toFixed(0)} ms, Spitzenspeicher ${mb(g.peakBytes)}; Verhältnis gestreamt/ganz: Zeit ${(s.ms / g.ms).toFixed(2)}, Speicher ${(s.peakBytes / g.peakBytes).toFixed(2)}`);
    console.log(`  Vergleich: dieselbe Zählung in Node: ${node.toFixed(0)} ms; Verhältnis Aufgabenbereich/Node ${(s.ms / node).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchRegisterPane().catch((e: unknown) => {
    process.stderr.write(String(e instanceof Error ? e.stack : e));
    process.exit(1);
  });
}
