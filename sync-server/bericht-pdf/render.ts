/**
 * PDF from the print HTML with headless Chromium (Debian package `chromium`, driven by
 * playwright-core; never a browser download). One render at a time (a queue: Chromium takes a few
 * hundred MB, and two reports at once would only both be slow); a request for a report that is
 * already being rendered waits for that render. Results are cached per key (released state).
 */
import { existsSync } from 'node:fs';
import { PAGE_HEIGHT_MM } from './druck';
import { esc } from './svg';

export class ChromiumFehlt extends Error {}

export interface RenderResult {
  pdf: Buffer;
  seiten: number;
  ms: number;
  /** pages whose content did not fit (clipped); empty when the layout holds */
  ueberlauf: number[];
  /** the operations log has named this render */
  geloggt?: boolean;
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** The queue renderers share: one Chromium at a time for all of them. */
export interface DruckWarteschlange {
  tail: Promise<unknown>;
}

export class PdfRenderer {
  private readonly cache = new Map<string, RenderResult>();
  private readonly inflight = new Map<string, Promise<RenderResult>>();
  /** renders done (for tests and the log) */
  renders = 0;

  /**
   * `queue`: shared with other renderers (the report and the area profiles keep separate caches, so
   * that many profiles never push the expensive report out, but print one after the other).
   */
  constructor(readonly chromium: string, private readonly keep = 4, private readonly queue: DruckWarteschlange = { tail: Promise.resolve() }) {}

  cached(key: string): RenderResult | undefined {
    return this.cache.get(key);
  }

  /** The cached PDF of `key`, else renders `html()` in turn. */
  get(key: string, build: () => Promise<{ html: string; kopf: string }>): Promise<RenderResult> {
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve(hit);
    const running = this.inflight.get(key);
    if (running) return running;
    const job = this.queue.tail.then(async () => {
      const hit2 = this.cache.get(key);
      if (hit2) return hit2;
      this.checkChromium();
      const { html, kopf } = await build();
      const result = await this.render(html, kopf);
      this.cache.set(key, result);
      while (this.cache.size > this.keep) this.cache.delete(this.cache.keys().next().value!);
      return result;
    });
    this.queue.tail = job.catch(() => undefined);
    this.inflight.set(key, job);
    const clear = () => this.inflight.delete(key);
    job.then(clear, clear);
    return job;
  }

  private checkChromium(): void {
    if (!existsSync(this.chromium)) {
      throw new ChromiumFehlt(`Der gedruckte Bericht braucht Chromium, das auf dem Server fehlt (${this.chromium}). Bitte installieren: „apt-get install chromium“ (Debian/Ubuntu, oder „bash scripts/system-deps.sh“) oder den Pfad in SOZIALMONITOR_CHROMIUM angeben. Der Bericht im Browser (/bericht/) geht auch ohne.`);
    }
  }

  private async render(html: string, kopf: string): Promise<RenderResult> {
    const started = Date.now();
    // loaded only here: a server that never prints needs no playwright-core at start
    const { chromium } = await import('playwright-core');
    let browser;
    try {
      browser = await chromium.launch({ executablePath: this.chromium, headless: true, args: ARGS, timeout: 30000 });
    } catch (e) {
      throw new ChromiumFehlt(`Chromium (${this.chromium}) lässt sich nicht starten: ${(e as Error).message.split('\n')[0]}. Bitte das Debian-Paket chromium installieren oder SOZIALMONITOR_CHROMIUM prüfen.`);
    }
    try {
      const page = await browser.newPage();
      // nothing from the network: the document is complete in itself
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const ueberlauf = await page.$$eval('section.seite', (ss) => ss.filter((s) => s.scrollHeight > s.clientHeight + 1).map((s) => Number(s.getAttribute('data-seite'))));
      const style = 'font-family: DejaVu Sans, Arial, sans-serif; font-size: 7pt; color: #555; width: 100%; margin: 0 15mm;';
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: `<div style="${style} border-bottom: 0.2mm solid #bbb; padding-bottom: 1mm;">${esc(kopf)}</div>`,
        footerTemplate: `<div style="${style} text-align: right;">Seite <span class="pageNumber"></span> von <span class="totalPages"></span></div>`,
        // 297 mm = 18 top + page box + bottom
        margin: { top: '18mm', bottom: `${297 - 18 - PAGE_HEIGHT_MM - 1}mm`, left: '15mm', right: '15mm' },
      });
      const seiten = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      this.renders++;
      return { pdf, seiten, ms: Date.now() - started, ueberlauf };
    } finally {
      await browser.close();
    }
  }
}
