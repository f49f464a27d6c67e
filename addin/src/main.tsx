/**
 * Entry of the task pane. Inside Excel (office.js loaded from Microsoft's CDN, Office.onReady with
 * host Excel) the Office.js gateway is used. Opened in a plain browser, or with `?vorschau=1`, or
 * when office.js could not be loaded (no network), the pane runs as a browser preview on an
 * in-memory workbook shown next to it: the same panels, plans and API calls, no Excel.
 */
import { createRoot } from 'react-dom/client';
import type { ExcelGateway } from './excel/gateway';
import { MemoryGateway } from './excel/memory-gateway';
import { OfficeGateway } from './excel/office-gateway';
import { App } from './ui/App';
import { WorkbookStore } from './workbook/store';

async function excelGateway(): Promise<ExcelGateway | null> {
  if (new URLSearchParams(location.search).has('vorschau')) return null;
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return null;
  const info = await Promise.race([Office.onReady(), new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
  if (!info || info.host !== Office.HostType.Excel || typeof Excel === 'undefined') return null;
  return new OfficeGateway({
    run: (batch) => Excel.run(batch),
    settings: Office.context.document.settings,
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
  });
}

async function start(): Promise<void> {
  const office = await excelGateway();
  const preview = office ? undefined : new MemoryGateway();
  const gateway = office ?? preview!;
  const store = new WorkbookStore(gateway.settings, window.localStorage);
  const root = createRoot(document.getElementById('root')!);
  root.render(<App env={{ gateway, store, defaultServer: location.origin, now: () => new Date() }} preview={preview} />);
}

void start();
