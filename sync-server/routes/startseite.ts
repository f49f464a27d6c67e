/**
 * GET /: the server's front door (issue 15). Whoever opens the server's address in a browser (a
 * clerk given the link, the Kreis's IT) gets a German page saying what this server is and where
 * to go: the report, the Excel add-in and how to install it, the API description, and the
 * server's state. Only what anyone may see: the Kreis's name, released years, version, database
 * kind; no token, no counts of unreleased data.
 */
import { Router } from 'express';
import { deDateTime } from '../../shared';
import type { DomainState } from '../domain';
import { datenstand } from '../freigabe';
import { esc } from '../http/html';


interface Zustand {
  kreis: string | null;
  demo: boolean;
  datenbank: string;
  erreichbar: boolean;
  freigegeben: { jahr: string; am: string }[];
}

async function zustand(state: DomainState): Promise<Zustand> {
  const datenbank = state.storage.kind === 'postgres' ? 'PostgreSQL' : 'SQLite';
  if (!(await state.storage.ping().catch(() => false))) return { kreis: null, demo: false, datenbank, erreichbar: false, freigegeben: [] };
  const [{ tree }, demo, stand] = await Promise.all([state.areas(), state.isDemo(), datenstand(state)]);
  return {
    kreis: tree?.root.name ?? null,
    demo,
    datenbank,
    erreichbar: true,
    freigegeben: Object.entries(stand)
      .map(([jahr, am]) => ({ jahr, am }))
      .sort((a, b) => b.jahr.localeCompare(a.jahr)),
  };
}

export function startseite(z: Zustand, version: string, basis: string): string {
  const titel = z.kreis ? `Sozialmonitor ${z.kreis}` : 'Sozialmonitor';
  const jahre = z.freigegeben.length
    ? `<ul>${z.freigegeben.map((f) => `<li><a href="/bericht/?period=${esc(f.jahr)}">Berichtsjahr ${esc(f.jahr)}</a> – freigegeben am ${esc(deDateTime(f.am))}</li>`).join('')}</ul>`
    : '<p>Noch ist kein Berichtsjahr freigegeben; der Bericht zeigt erst nach der Freigabe durch den Kreis Zahlen.</p>';
  const datenbank = z.erreichbar ? `${z.datenbank}, erreichbar` : `${z.datenbank}, <strong>nicht erreichbar</strong> – bitte die IT verständigen`;
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(titel)}</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
  h2 { font-size: 1.15rem; margin-top: 1.8rem; }
  code, pre { background: #f3f3f3; padding: 0.1rem 0.3rem; border-radius: 3px; }
  pre { padding: 0.6rem; overflow-x: auto; }
  .hinweis { background: #fff4ce; padding: 0.5rem 0.8rem; border-left: 4px solid #c19c00; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
  dt { font-weight: 600; }
  a { color: #0f5ea8; }
</style>
</head>
<body>
<main>
<h1>${esc(titel)}</h1>
<p>Dieser Server sammelt die Daten des gemeinsamen Sozialmonitorings${z.kreis ? ` von ${esc(z.kreis)}` : ''}:
Die Städte melden ihre Zahlen aus Excel, der Server prüft jede Meldung, bewahrt jede Fassung auf,
rechnet die Kennzahlen für den ganzen Kreis und hält kleine Fallzahlen geheim. Veröffentlicht wird,
was der Kreis freigegeben hat.</p>
${z.demo ? '<p class="hinweis">Demodaten: erfundene Zahlen eines Muster-Kreises, keine echten Daten.</p>' : ''}

<h2>Sozialbericht</h2>
<p><a href="/bericht/">Zum Sozialbericht</a> mit Karten, Rangfolgen, Zeitreihen, Sozialindex und Excel-Export.</p>
${jahre}

<h2>Excel-Add-in für die Meldung</h2>
<p>Sachbearbeiterinnen und Sachbearbeiter holen Kennzahlen in Excel, füllen Erfassungsvorlagen aus und
senden ihre Zahlen an diesen Server. Dazu braucht Excel die Beschreibungsdatei des Add-ins (Manifest)
für diesen Server. Die IT erzeugt sie einmal:</p>
<pre>npx sozialmonitor manifest --url ${esc(basis)} --out manifest.xml</pre>
<p>und verteilt sie über das Microsoft-365-Admin-Center (Integrierte Apps). Zum Ausprobieren in Excel:
<em>Start › Add-ins › Meine Add-ins › Mein Add-in hochladen</em> und die Datei <code>manifest.xml</code> wählen.
Den Zugang (Token) für Ihre Stadt bekommen Sie vom Kreis.</p>

<h2>Für die IT</h2>
<ul>
<li><a href="/api/openapi.json">Beschreibung der Schnittstelle (OpenAPI)</a></li>
<li><a href="/api/health">Zustand als JSON</a> (für die Überwachung; 503, wenn die Datenbank fehlt)</li>
</ul>

<h2>Zustand</h2>
<dl>
<dt>Version</dt><dd>${esc(version)}</dd>
<dt>Datenbank</dt><dd>${datenbank}</dd>
<dt>Gebiete</dt><dd>${z.kreis ? esc(z.kreis) : z.erreichbar ? 'noch keine Gebietsgliederung hinterlegt' : 'unbekannt'}</dd>
<dt>Freigegebene Jahre</dt><dd>${z.freigegeben.length ? z.freigegeben.map((f) => esc(f.jahr)).join(', ') : 'keine'}</dd>
</dl>
</main>
</body>
</html>
`;
}

export function startseiteRoutes(state: DomainState, version: string): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const basis = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const z = await zustand(state);
    res.status(z.erreichbar ? 200 : 503).type('html').send(startseite(z, version, basis));
  });
  return r;
}
