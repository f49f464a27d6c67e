/**
 * The joint social report (Gemeinsamer Sozialbericht) in the browser: one chapter per Handlungsfeld
 * (map, charts, table), the Sozialindex chapter, and the Kreis's completeness view. Everything it
 * shows comes from /bericht/daten (published values only); the completeness view asks /api/status
 * with a Kreis token entered on the page (kept in memory only).
 * ?kapitel=<Handlungsfeld> shows one chapter (for printing a chapter), ?jahr=2024 picks the year,
 * ?ebene=baublock&stadt=05954036 opens the maps at the Baublöcke of one Stadt.
 */
import { agePyramid, rankingChart, timeSeriesChart } from './charts';
import { OFFENES_BAND_JAHRE, proAltersjahr } from './altersaufbau';
import { MapFeature, MapValue, drawMap } from './map';
import { Ansicht, ansichtWahl, drawWandelKarte } from './wandel';
import { pdfLink } from './pdf-link';
import { BreakMethod } from './breaks';
import { sortableTable } from './table';
import { $ } from './dom';
import { beschreibeIndikator, parseIndikatorenParam, sozialindexForm } from './sozialindex-form';
import { LEGENDE_GESPERRT } from '../../shared/disclosure/zeichen';
import { nachkommastellenOf } from '../../shared/format/zahlen';
import { type AmtlichAngabe, amtlichHinweis } from '../../shared/format/amtlich';
import { deDateTime, deNumber } from '../../shared/types';

interface Kennzahl { id: string; name: string; handlungsfeld: string; einheit: string; definition: string; definitionsquelle: string; hinweis?: string; tiefsteEbene: string; nachkommastellen?: number }
interface AreaInfo { code: string; name: string; ebene: string; parent: string | null }
interface Basis { art: 'vereinbart' | 'vorgabe' | 'probe'; indikatoren: { id: string; richtung: number; gewicht: number }[]; version: number | null; vergleichsjahr?: string | null; hinweis: string }
interface Meta { periods: string[]; datenstand: Record<string, string>; demo: boolean; handlungsfelder: string[]; kennzahlen: Kennzahl[]; areas: AreaInfo[]; baubloecke: Record<string, number>; geheimhaltung: string; sozialindexStandard: Basis['indikatoren']; sozialindexEinstellung: Basis }
interface BlockRows { verfuegbar: boolean; hinweis?: string; baubloecke: number; rows: Row[] }
/** Which map a chapter shows: Gemeindeteile of the Kreis, or the Baublöcke of one Stadt. */
interface MapLevel { ebene: 'gemeindeteil' | 'baublock'; stadt: string }
/** A published row: a suppressed one (status "gesperrt") has no reason, by design (issue 13). */
interface Row { area: string; period: string; value: number | null; numerator: number | null; denominator: number | null; status: string; reason?: string; amtlich?: AmtlichAngabe[] }
interface IndexRow { area: string; index: number | null; klasse: string | null; grund?: string; z: Record<string, number> }

/** Marks the link of the page shown (year, chapter): bold on screen, `aria-current` for screen readers. */
function aktuell(a: HTMLAnchorElement, isCurrent: boolean): HTMLAnchorElement {
  if (isCurrent) {
    a.setAttribute('aria-current', 'page');
    a.classList.add('aktuell');
  }
  return a;
}
async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = await res.json();
  if (!res.ok) throw new Error((body as { message?: string }).message ?? `${url}: HTTP ${res.status}`);
  return body as T;
}

const params = new URLSearchParams(location.search);
let meta: Meta;
let features: MapFeature[];
let byCode: Map<string, AreaInfo>;
let year: string;

const gtFeatures = () => features.filter((f) => f.properties.ebene === 'gemeindeteil');
const cityFeatures = () => features.filter((f) => f.properties.ebene === 'stadt');
const label = (code: string) => {
  const a = byCode.get(code)!;
  return a.ebene === 'gemeindeteil' ? `${byCode.get(a.parent!)?.name ?? ''} – ${a.name}` : a.name;
};
const EBENE: Record<string, string> = { land: 'Land', kreis: 'Kreis', stadt: 'Stadt', stadtbezirk: 'Stadtbezirk', gemeindeteil: 'Gemeindeteil' };

const toMapValues = (rows: Row[]) => new Map<string, MapValue>(rows.map((r) => [r.area, { value: r.value, gesperrt: r.status === 'gesperrt', hinweis: r.reason }]));

// The block outlines of a Stadt, fetched once and shared by every chapter.
const blockShapes = new Map<string, Promise<MapFeature[]>>();
const blockFeatures = (stadt: string) => {
  let p = blockShapes.get(stadt);
  if (!p) {
    p = getJson<{ features: MapFeature[] }>(`daten/gebiete?ebene=baublock&stadt=${encodeURIComponent(stadt)}`).then((g) => g.features);
    p.catch(() => blockShapes.delete(stadt));
    blockShapes.set(stadt, p);
  }
  return p;
};
/** Share of published blocks below which the map warns that nearly all are suppressed. */
const FAST_ALLES_GESPERRT = 0.25;

/** The chapter's map at the chosen level; `now` are the Gemeindeteil rows of the year. */
async function renderMap(host: HTMLElement, k: Kennzahl, method: BreakMethod, level: MapLevel, now: Row[], stillWanted: () => boolean, ansicht: Ansicht = { art: 'stand' }, all: Row[] = now): Promise<void> {
  const wandel = (areas: MapFeature[], borders: MapFeature[], rowsNow: Row[], rowsBefore: Row[], wo: string, b?: { className: string; label: string }) =>
    ansicht.art === 'veraenderung' && drawWandelKarte(host, areas, borders, rowsNow, rowsBefore, { title: `${k.name}: Veränderung ${ansicht.vergleich}–${year} ${wo}`, einheit: k.einheit, stellen: nachkommastellenOf(k), period: year, vergleich: ansicht.vergleich, borders: b });
  if (level.ebene === 'gemeindeteil') {
    if (ansicht.art === 'veraenderung') return void wandel(gtFeatures(), cityFeatures(), now, all.filter((r) => r.period === ansicht.vergleich), 'nach Gemeindeteilen');
    drawMap(host, gtFeatures(), cityFeatures(), toMapValues(now), { title: `${k.name} ${year} nach Gemeindeteilen`, einheit: k.einheit, stellen: nachkommastellenOf(k), method });
    return;
  }
  const stadt = byCode.get(level.stadt)!;
  host.replaceChildren($('p', { className: 'laedt' }, `Baublöcke von ${stadt.name} werden geladen …`));
  const blockRows = (p: string) => getJson<BlockRows>(`daten/kennzahl/${encodeURIComponent(k.id)}?ebene=baublock&stadt=${encodeURIComponent(level.stadt)}&period=${p}`);
  const [data, blocks, before] = await Promise.all([blockRows(year), blockFeatures(level.stadt), ansicht.art === 'veraenderung' ? blockRows(ansicht.vergleich) : undefined]);
  // a later choice (another Stadt, back to Gemeindeteile) may have been drawn meanwhile
  if (!stillWanted()) return;
  if (!data.verfuegbar) {
    // plainly instead of an empty map: the catalogue computes this Kennzahl only for coarser areas
    host.replaceChildren($('p', { className: 'ebene-hinweis', role: 'note' }, data.hinweis ?? `„${k.name}“ gibt es nicht je Baublock.`));
    return;
  }
  if (blocks.length === 0) {
    host.replaceChildren($('p', { className: 'ebene-hinweis', role: 'note' }, `Für ${stadt.name} sind in der Gebietsgliederung keine Baublöcke hinterlegt.`));
    return;
  }
  const gts = gtFeatures().filter((f) => f.properties.parent === level.stadt);
  const gtBorders = { className: 'gemeindeteilgrenze', label: 'Grenzen der Gemeindeteile' };
  if (before) wandel(blocks, gts, data.rows, before.rows, `nach Baublöcken: ${stadt.name}`, gtBorders);
  else drawMap(host, blocks, gts, toMapValues(data.rows), { title: `${k.name} ${year} nach Baublöcken: ${stadt.name}`, einheit: k.einheit, stellen: nachkommastellenOf(k), method, borders: gtBorders });
  const published = data.rows.filter((r) => r.value !== null).length;
  const gesperrt = data.rows.filter((r) => r.status === 'gesperrt').length;
  const ohne = data.rows.length - published - gesperrt;
  // also the printed caption of the map (the controls are not printed)
  const count = $('p', { className: 'ebene-zaehlung' }, `Karte der Baublöcke von ${stadt.name}${before ? ` (Werte ${year})` : ''}: ${data.rows.length} Baublöcke, davon ${published} veröffentlicht, ${gesperrt} gesperrt (schraffiert), ${ohne} ohne Wert (grau).`);
  host.prepend(count);
  if (published < FAST_ALLES_GESPERRT * data.rows.length) {
    host.prepend($('p', { className: 'fast-alles-gesperrt', role: 'note' }, `Fast alle Baublöcke sind gesperrt oder ohne Wert: nur ${published} von ${data.rows.length} Baublöcken von ${stadt.name} sind veröffentlicht. Kleine Gebiete haben kleine Zahlen; die Karte der Gemeindeteile zeigt mehr.`));
  }
}

async function renderIndicator(box: HTMLElement, k: Kennzahl, method: BreakMethod, level: () => MapLevel, ansicht: () => Ansicht): Promise<(method: BreakMethod) => Promise<void>> {
  const { rows } = await getJson<{ rows: Row[] }>(`daten/kennzahl/${encodeURIComponent(k.id)}`);
  const now = rows.filter((r) => r.period === year);
  const mapHost = $('div', { className: 'karte-box' });
  const rank = $('div', { className: 'diagramm' });
  const series = $('div', { className: 'diagramm' });
  const tableHost = $('div', { className: 'tabelle-box' });
  const gesperrt = now.filter((r) => r.status === 'gesperrt' && byCode.get(r.area)?.ebene === 'gemeindeteil').length;
  box.replaceChildren(
    $('h3', {}, `${k.name} (${k.einheit}), ${year}`),
    $('p', { className: 'definition' }, `${k.definition} Quelle der Definition: ${k.definitionsquelle}.${k.hinweis ? ` Hinweis: ${k.hinweis}` : ''}`),
    mapHost,
    // about the Gemeindeteile of the ranking and the table below, whatever level the map shows (a block
    // map counts its own blocks in its caption)
    $('p', { className: 'gesperrt-hinweis' }, `${gesperrt} Gemeindeteil(e) gesperrt: in Rangfolge und Tabelle „.“ bzw. ausgelassen, in Karten schraffiert. ${LEGENDE_GESPERRT}.`),
    rank,
    series,
    tableHost,
    $('p', { className: 'export' }, $('a', { href: `export/${k.id}.xlsx?period=${year}`, className: 'xlsx' }, `Tabelle als Excel-Datei (.xlsx) mit Definition und Quelle`)),
  );
  let generation = 0;
  const redrawMap = (m: BreakMethod) => {
    const mine = ++generation;
    return renderMap(mapHost, k, m, level(), now, () => mine === generation, ansicht(), rows).catch((e) => mapHost.replaceChildren($('p', { className: 'fehler', role: 'alert' }, `Karte nicht gezeichnet: ${(e as Error).message}`)));
  };
  await redrawMap(method);
  const gts = now.filter((r) => byCode.get(r.area)?.ebene === 'gemeindeteil');
  // the root (Land, Kreis or kreisfreie Stadt) as a line, when its value is published
  const root = meta.areas.find((a) => a.parent === null);
  const rootWert = root ? now.find((r) => r.area === root.code)?.value : undefined;
  rankingChart(rank, `Rangfolge der Gemeindeteile ${year} (ohne gesperrte)`, gts.filter((r) => r.value !== null).map((r) => ({ name: label(r.area), value: r.value! })), nachkommastellenOf(k), root && typeof rootWert === 'number' ? { name: root.name, value: rootWert } : undefined);
  // the root once, and the Städte below it
  const lineAreas = meta.areas.filter((a) => a.parent === null || a.ebene === 'stadt');
  timeSeriesChart(series, `Zeitreihe ${meta.periods[0]}–${meta.periods[meta.periods.length - 1]}: Städte und Kreis`, meta.periods, lineAreas.map((a) => ({
    name: a.name,
    kreis: a.parent === null,
    values: meta.periods.map((p) => rows.find((r) => r.area === a.code && r.period === p)?.value ?? null),
  })), nachkommastellenOf(k));
  const order = ['land', 'kreis', 'stadt', 'stadtbezirk', 'gemeindeteil'];
  const tableRows = [...now].sort((a, b) => order.indexOf(byCode.get(a.area)!.ebene) - order.indexOf(byCode.get(b.area)!.ebene) || a.area.localeCompare(b.area));
  sortableTable(tableHost, [
    { label: 'Gebiet', value: (r: Row) => label(r.area) },
    { label: 'Ebene', value: (r: Row) => EBENE[byCode.get(r.area)!.ebene]! },
    { label: `Wert (${k.einheit})`, value: (r: Row) => r.value, numeric: true, stellen: nachkommastellenOf(k) },
    { label: 'Zähler', value: (r: Row) => r.numerator, numeric: true },
    { label: 'Nenner', value: (r: Row) => r.denominator, numeric: true },
    { label: 'Hinweis', value: (r: Row) => (r.status === 'gesperrt' ? 'gesperrt' : [r.reason, r.amtlich?.length ? amtlichHinweis(r.amtlich) : undefined].filter(Boolean).join('; ')) },
  ], tableRows, `${k.name} ${year}: Kreis, Städte, Gemeindeteile („.“ = gesperrt)`);
  return redrawMap;
}

function chapter(feld: string, kennzahlen: Kennzahl[]): { section: HTMLElement; ready: Promise<void> } {
  const section = $('section', { className: 'kapitel', id: `kapitel-${feld.replace(/\W+/g, '-')}` });
  section.dataset.kapitel = feld;
  const select = $('select', { className: 'kennzahl-wahl' }, ...kennzahlen.map((k) => $('option', { value: k.id }, k.name)));
  const methodSel = $('select', { className: 'klassen-wahl' }, $('option', { value: 'jenks' }, 'natürliche Brüche (Jenks)'), $('option', { value: 'quantile' }, 'Quantile'));
  // Map level: Gemeindeteile of the Kreis, or the Baublöcke of one Stadt (all of the Kreis's blocks at
  // once would be thousands of specks of a pixel; a Stadt's blocks are what a planner reads).
  const blockOption = $('option', { value: 'baublock' }, 'Baublöcke einer Stadt');
  const ebeneSel = $('select', { className: 'ebene-wahl' }, $('option', { value: 'gemeindeteil' }, 'Gemeindeteile'), blockOption);
  const staedte = meta.areas.filter((a) => a.ebene === 'stadt');
  const stadtSel = $('select', { className: 'stadt-wahl' }, ...staedte.map((a) => $('option', { value: a.code }, `${a.name} (${meta.baubloecke[a.code] ?? 0} Baublöcke)`)));
  if (params.get('ebene') === 'baublock') ebeneSel.value = 'baublock';
  if (staedte.some((a) => a.code === params.get('stadt'))) stadtSel.value = params.get('stadt')!;
  const stadtLabel = $('label', { className: 'stadt-label' }, 'Stadt: ', stadtSel);
  const level = (): MapLevel => ({ ebene: ebeneSel.value as MapLevel['ebene'], stadt: stadtSel.value });
  // Karte: Stand or Veränderung in 5 Jahren (sync-server/bericht/wandel.ts)
  const wahl = ansichtWahl(year, meta.periods);
  const box = $('div', { className: 'kennzahl' });
  const extra = $('div', { className: 'diagramm-extra' });
  section.append($('h2', {}, feld), $('p', { className: 'steuerung' }, $('label', {}, 'Kennzahl: ', select), ' ', $('label', {}, 'Klassen: ', methodSel), ' ', $('label', {}, 'Karte: ', ebeneSel), ' ', stadtLabel, ' ', wahl.label), ...wahl.hinweis, box, extra);
  let redrawMap: ((m: BreakMethod) => Promise<void>) | undefined;
  const current = () => kennzahlen.find((k) => k.id === select.value)!;
  const showLevel = () => {
    stadtLabel.hidden = ebeneSel.value !== 'baublock';
    // the switch says beforehand when the catalogue has no block values for this Kennzahl
    blockOption.textContent = current().tiefsteEbene === 'baublock' ? 'Baublöcke einer Stadt' : 'Baublöcke (für diese Kennzahl nicht verfügbar)';
  };
  const redraw = () => {
    showLevel();
    redrawMap = undefined;
    return renderIndicator(box, current(), methodSel.value as BreakMethod, level, wahl.ansicht).then((f) => void (redrawMap = f)).catch((e) => box.replaceChildren($('p', { className: 'fehler', role: 'alert' }, String(e.message ?? e))));
  };
  const redrawOnlyMap = () => {
    showLevel();
    return redrawMap ? redrawMap(methodSel.value as BreakMethod) : redraw();
  };
  select.addEventListener('change', redraw);
  methodSel.addEventListener('change', redrawOnlyMap);
  ebeneSel.addEventListener('change', redrawOnlyMap);
  stadtSel.addEventListener('change', redrawOnlyMap);
  wahl.select.addEventListener('change', () => {
    // the map of change has its own classes (equal width around 0): Jenks/Quantile do not apply
    methodSel.disabled = wahl.ansicht().art === 'veraenderung';
    void redrawOnlyMap();
  });
  const ready = Promise.all([redraw(), feld === 'Demografie' ? renderPyramid(extra) : Promise.resolve()]).then(() => undefined);
  return { section, ready };
}

async function renderPyramid(host: HTMLElement): Promise<void> {
  const { groups, rows } = await getJson<{ groups: string[]; rows: { area: string; variable: string; value: number | null }[] }>(`daten/altersaufbau?period=${year}`);
  const kreis = meta.areas.find((a) => a.parent === null)!;
  const counts = groups.map((g) => rows.find((r) => r.area === kreis.code && r.variable === g)?.value ?? null);
  const div = $('div', { className: 'diagramm' });
  host.append($('h3', {}, `Altersaufbau ${kreis.name} ${year}`), div);
  // per year of age: bands of 2 to 15 years side by side would mislead (sync-server/bericht/altersaufbau.ts)
  const bands = proAltersjahr(groups, counts);
  agePyramid(div, `Bevölkerung je Altersjahr (% der Bevölkerung, Altersgruppe geteilt durch ihre Jahre; 80+ über ${OFFENES_BAND_JAHRE} Jahre gerechnet)`, bands.map((b) => b.label), bands.map((b) => b.proJahr));
}

// ColorBrewer RdYlBu (4 classes): diverging and readable for colour-blind readers (no red/green pair).
const KLASSEN = [
  { name: 'hoch', color: '#2c7bb6' },
  { name: 'mittel', color: '#ffffbf' },
  { name: 'niedrig', color: '#fdae61' },
  { name: 'sehr niedrig', color: '#d7191c' },
];
/** The MSS names the dynamics classes by direction: a falling need is "positiv". */
const DYNAMIK: Record<string, string> = { hoch: 'positiv', mittel: 'stabil', niedrig: 'negativ', 'sehr niedrig': 'stark negativ' };

function sozialindexChapter(): { section: HTMLElement; ready: Promise<void> } {
  const section = $('section', { className: 'kapitel', id: 'kapitel-Sozialindex' });
  section.dataset.kapitel = 'Sozialindex';
  // The setting as a form by names (sozialindex-form.ts); a link's ?indikatoren= opens a what-if.
  const own = params.get('indikatoren');
  const form = sozialindexForm({
    kennzahlen: meta.kennzahlen,
    handlungsfelder: meta.handlungsfelder,
    vereinbart: meta.sozialindexEinstellung,
    periods: meta.periods,
    ...(own ? { start: parseIndikatorenParam(own) } : {}),
    neuBerechnen: () => void load(),
  });
  const out = $('div');
  section.append(
    $('h2', {}, 'Sozialindex: Gebiete mit besonderem Handlungsbedarf'),
    $('div', { className: 'methode-text' },
      $('p', {}, 'Methode (nach dem Monitoring Soziale Stadtentwicklung Berlin): Für jede Kennzahl des Index werden die Werte der Gemeindeteile z-standardisiert (Abstand zum Mittelwert aller Gemeindeteile in Standardabweichungen), bei Kennzahlen mit Richtung −1 mit umgekehrtem Vorzeichen, sodass ein hoher Wert immer mehr Handlungsbedarf bedeutet. Der Statusindex ist der gewichtete Mittelwert dieser z-Werte, erneut standardisiert. Der Dynamikindex wendet dasselbe auf die Veränderung jeder Kennzahl zwischen dem ersten und dem gewählten Jahr (in Prozentpunkten) an; seine Klassen mit denselben Schwellen: „positiv“ (unter −1), „stabil“, „negativ“ (über +0,5), „stark negativ“ (über +1).'),
      $('p', {}, 'Klassen des sozialen Status: „hoch“ (Index unter −1), „mittel“ (−1 bis +0,5), „niedrig“ (über +0,5 bis +1), „sehr niedrig“ (über +1). „Sehr niedrig“ kennzeichnet Gebiete mit besonderem Handlungsbedarf.'),
      $('p', {}, 'Grenzen: Der Index ist relativ – er vergleicht die Gemeindeteile des Kreises untereinander, nicht mit einem festen Maßstab; ein Kreis ohne Problemlagen hat trotzdem „sehr niedrige“ Gebiete. Kleine Gebiete schwanken zufällig stark. Gemeindeteile mit einem gesperrten oder fehlenden Wert in einer Kennzahl werden nicht eingestuft (kein Schätzwert für geheim gehaltene Zahlen); in der Tabelle steht, welche Kennzahl gesperrt ist oder fehlt. Auswahl und Gewichte der Kennzahlen legt der Kreis fest.'),
    ),
    form.element,
    out,
  );
  const load = async () => {
    try {
      const query = form.query();
      const data = await getJson<{ period: string; von: string | null; einstellung: Basis; indikatoren: Basis['indikatoren']; status: IndexRow[]; dynamik: IndexRow[] | null }>(`daten/sozialindex?period=${year}${query}`);
      const probe = data.einstellung.art === 'probe';
      const mapHost = $('div', { className: 'karte-box' });
      const tableHost = $('div', { className: 'tabelle-box' });
      out.replaceChildren(
        $('h3', {}, `${probe ? 'Probeberechnung (nicht vereinbart): ' : ''}Statusindex ${data.period}${data.von ? `, Dynamik ${data.von}–${data.period}` : ''}`),
        // printed too: a what-if page must not pass for the agreed index on paper either
        $('p', { className: `einstellung ${data.einstellung.art}`, role: probe ? 'alert' : 'note' }, data.einstellung.hinweis),
        // the parameters by name, the id in brackets, the direction in words (as in the form)
        $('p', { className: 'parameter' }, `Kennzahlen: ${data.indikatoren.map((c) => beschreibeIndikator(c, form.nameOf)).join('; ')}.`),
        mapHost,
        tableHost,
        // the MSS matrix and the area profiles are server-rendered pages (sync-server/routes/bericht-gebiet.ts)
        ...(probe ? [] : [$('p', { className: 'keine-ausgabe' }, $('a', { href: `sozialindex-matrix?period=${data.period}` }, `Status × Dynamik ${data.period}: Matrix mit Anzahlen und Karte der kombinierten Klasse`), ' · ', $('a', { href: `gebiet?period=${data.period}` }, 'Gebietsprofile je Stadt und Gemeindeteil'))]),
      );
      const values = new Map<string, MapValue>(data.status.map((s) => [s.area, s.index === null ? { value: null, gesperrt: s.grund?.includes('gesperrt') === true, hinweis: s.grund } : { value: s.index, klasse: s.klasse! }]));
      drawMap(mapHost, gtFeatures(), cityFeatures(), values, { title: `${probe ? 'Probeberechnung: ' : ''}Statusindex nach Gemeindeteilen`, einheit: '', method: 'jenks', categories: KLASSEN });
      const dyn = new Map((data.dynamik ?? []).map((d) => [d.area, d]));
      sortableTable(tableHost, [
        { label: 'Gemeindeteil', value: (r: IndexRow) => label(r.area) },
        { label: 'Statusindex', value: (r: IndexRow) => (r.index === null ? null : Math.round(r.index * 100) / 100), numeric: true },
        { label: 'Status', value: (r: IndexRow) => r.klasse ?? '.' },
        { label: 'Dynamikindex', value: (r: IndexRow) => { const d = dyn.get(r.area)?.index; return d === undefined || d === null ? null : Math.round(d * 100) / 100; }, numeric: true },
        { label: 'Dynamik', value: (r: IndexRow) => { const k = dyn.get(r.area)?.klasse; return k ? DYNAMIK[k]! : '.'; } },
        { label: 'Hinweis', value: (r: IndexRow) => r.grund ?? dyn.get(r.area)?.grund ?? '' },
      ], data.status, 'Sozialindex je Gemeindeteil („.“ = nicht eingestuft)');
    } catch (e) {
      out.replaceChildren($('p', { className: 'fehler', role: 'alert' }, (e as Error).message));
    }
  };
  return { section, ready: load() };
}

/** open warnings VORJAHR_SPRUNG of a Meldebereich's unreleased values (null: not the caller's to see raw) */
interface VorjahrWarnungen { anzahl: number; liste: { detail: string }[] }
interface Freigaben { period: string; periods: string[]; modus: string; bereiche: { code: string; name: string; revision: number; freigegebeneRevision: number; offen: boolean; vorjahrWarnungen: VorjahrWarnungen | null }[] }

/** "04.12.2026, 08:15 Uhr" for a stored timestamp. */

/**
 * The Kreis's review desk: per year what each Stadt delivered, whether it is released, and a button
 * releasing the year's current state (POST /api/freigaben). Years come from /api/freigaben, so a year
 * delivered but not yet released (not in the public report) is listed too.
 */
function completenessChapter(): HTMLElement {
  const section = $('section', { className: 'kapitel keine-ausgabe', id: 'kapitel-Vollstaendigkeit' });
  const token = $('input', { type: 'password', className: 'token', autocomplete: 'off', size: 50 });
  const button = $('button', { type: 'button', className: 'token-senden' }, 'Anzeigen');
  const out = $('div', { className: 'vollstaendigkeit' });
  section.append($('h2', {}, 'Vollständigkeit und Freigabe der Lieferungen (nur für den Kreis)'), $('p', {}, $('label', {}, 'Zugangs-Token des Kreises: ', token), ' ', button), out);
  const show = async (): Promise<void> => {
    out.replaceChildren();
    const auth = { headers: { Authorization: `Bearer ${token.value.trim()}` } };
    try {
      const { periods } = await getJson<Freigaben>('/api/freigaben', auth);
      for (const p of periods) {
        const [s, f] = await Promise.all([
          getJson<{ period: string; bereiche: { code: string; name: string; ebene: string; lastSubmittedAt: string | null; variables: { variable: string; areas: number; expectedAreas: number }[]; missingVariables: string[] }[] }>(`/api/status?period=${p}`, auth),
          getJson<Freigaben>(`/api/freigaben?period=${p}`, auth),
        ]);
        const offen = f.bereiche.filter((b) => b.offen);
        const release = $('button', { type: 'button', className: 'freigeben', disabled: offen.length === 0 }, offen.length ? `Stand ${p} freigeben (${offen.map((b) => b.name).join(', ')})` : `Stand ${p} ist freigegeben`);
        const result = $('span', { className: 'freigabe-ergebnis', role: 'status' });
        release.addEventListener('click', async () => {
          try {
            const res = await fetch('/api/freigaben', { method: 'POST', headers: { ...auth.headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ period: p }) });
            const body = (await res.json()) as { message?: string };
            if (!res.ok) throw new Error(body.message ?? `HTTP ${res.status}`);
            await show();
            out.prepend($('p', { className: 'gespeichert', role: 'status' }, body.message ?? 'Freigegeben.'));
          } catch (e) {
            result.replaceChildren($('span', { className: 'fehler' }, `Nicht freigegeben: ${(e as Error).message}`));
          }
        });
        const host = $('div');
        out.append($('p', {}, release, ' ', result), host);
        const freigabe = (code: string): string => {
          const x = f.bereiche.find((b) => b.code === code);
          if (!x || x.revision === 0) return '–';
          return x.offen ? `offen: Revision ${x.revision}, freigegeben ${x.freigegebeneRevision || 'nichts'}` : `freigegeben (Revision ${x.revision})`;
        };
        sortableTable(host, [
          { label: 'Bereich', value: (b: (typeof s.bereiche)[number]) => b.name },
          { label: 'Zuletzt geliefert', value: (b) => (b.lastSubmittedAt ? deDateTime(b.lastSubmittedAt) : '–') },
          { label: 'Merkmale geliefert', value: (b) => b.variables.length, numeric: true },
          { label: 'davon unvollständig (Gebiete)', value: (b) => b.variables.filter((v) => v.areas < v.expectedAreas).length, numeric: true },
          { label: 'Fehlende Merkmale', value: (b) => (b.missingVariables.length ? b.missingVariables.join(', ') : 'keine') },
          { label: 'Freigabe', value: (b) => freigabe(b.code) },
          { label: 'Warnungen zum Vorjahr (offen)', value: (b) => f.bereiche.find((x) => x.code === b.code)?.vorjahrWarnungen?.anzahl ?? 0, numeric: true },
        ], s.bereiche, `Lieferungen ${s.period}`);
        // per Stadt the open warnings against the previous year, to look at before releasing
        for (const b of f.bereiche) {
          const w = b.vorjahrWarnungen;
          if (!w || w.anzahl === 0) continue;
          const more = w.anzahl > w.liste.length ? [$('li', {}, `… und ${deNumber(w.anzahl - w.liste.length)} weitere`)] : [];
          host.append($('details', { className: 'vorjahr-warnungen' },
            $('summary', {}, `${b.name}, ${p}: ${deNumber(w.anzahl)} ${w.anzahl === 1 ? 'Warnung' : 'Warnungen'} zum Vorjahr (noch nicht freigegeben)`),
            $('ul', {}, ...w.liste.map((x) => $('li', {}, `Warnung: ${x.detail}`)), ...more)));
        }
      }
    } catch (e) {
      // an error after a click is announced, not only shown (WCAG 4.1.3)
      out.replaceChildren($('p', { className: 'fehler', role: 'alert' }, `Nicht angezeigt: ${(e as Error).message}`));
    }
  };
  button.addEventListener('click', () => void show());
  return section;
}

async function main(): Promise<void> {
  const root = document.getElementById('bericht')!;
  try {
    [meta, { features }] = await Promise.all([getJson<Meta>('daten/meta'), getJson<{ features: MapFeature[] }>('daten/gebiete')]);
  } catch (e) {
    root.replaceChildren($('p', { className: 'fehler' }, `Der Bericht konnte nicht geladen werden: ${(e as Error).message}`));
    return;
  }
  byCode = new Map(meta.areas.map((a) => [a.code, a]));
  year = params.get('jahr') && meta.periods.includes(params.get('jahr')!) ? params.get('jahr')! : meta.periods[meta.periods.length - 1]!;
  const kreis = meta.areas.find((a) => a.parent === null);
  const only = params.get('kapitel');
  const header = $('header', {},
    $('h1', {}, `Gemeinsamer Sozialbericht ${kreis?.name ?? ''} ${year}`),
    ...(meta.demo ? [$('p', { className: 'demo' }, 'Demodaten: alle Zahlen sind erfunden (synthetischer Muster-Kreis).')] : []),
    $('p', { className: 'datenstand' }, meta.datenstand[year] ? `Datenstand: vom Kreis freigegebener Stand vom ${deDateTime(meta.datenstand[year]!)}.` : 'Datenstand: noch nicht freigegeben.'),
    $('p', { className: 'geheimhaltung' }, meta.geheimhaltung),
    $('p', { className: 'keine-ausgabe jahre' }, 'Jahr: ', ...meta.periods.flatMap((p) => [aktuell($('a', { href: `?jahr=${p}${only ? `&kapitel=${encodeURIComponent(only)}` : ''}` }, p), p === year), ' ']), ' · ', pdfLink(year), ' · Diese Seite drucken: Strg+P.'),
    // every published number at once (sync-server/routes/bericht-export.ts)
    $('p', { className: 'keine-ausgabe export-alle' }, 'Alle veröffentlichten Zahlen (Kreis, Städte, Gemeindeteile): ',
      $('a', { href: `export.xlsx?period=${year}` }, `${year} als Excel-Datei`), ' · ',
      $('a', { href: `export.xlsx?von=${meta.periods[0]}&bis=${meta.periods[meta.periods.length - 1]}` }, 'alle Jahre als Excel-Datei'), ' · ',
      $('a', { href: `export.csv?von=${meta.periods[0]}&bis=${meta.periods[meta.periods.length - 1]}` }, 'alle Jahre als CSV')),
    $('p', { className: 'keine-ausgabe profile' }, $('a', { href: `gebiet?period=${year}` }, `Gebietsprofile ${year}`), ': je Stadt und Gemeindeteil jede Kennzahl neben Stadt und Kreis, Veränderung über fünf Jahre, Sozialindex-Klasse, Lagekarte (auch als PDF).'),
  );
  const feldKennzahlen = (f: string) => meta.kennzahlen.filter((k) => k.handlungsfeld === f);
  const felder = meta.handlungsfelder.filter((f) => feldKennzahlen(f).length > 0);
  // Contents keep the chosen year; with one chapter shown, the way back to all of them comes first.
  const nav = $('nav', { className: 'inhalt' }, $('h2', {}, 'Inhalt'),
    ...(only ? [$('p', { className: 'alle-kapitel' }, $('a', { href: `?jahr=${year}` }, `← Alle Kapitel (${year})`))] : []),
    $('ol', {}, ...[...felder, 'Sozialindex'].map((f) => $('li', {}, aktuell($('a', { href: `?kapitel=${encodeURIComponent(f)}&jahr=${year}` }, f), f === only)))));
  const chapters = [...felder.map((f) => chapter(f, feldKennzahlen(f))), sozialindexChapter()].filter((c) => !only || c.section.dataset.kapitel === only);
  // One chapter (for printing it): the contents stay on screen as the way to the others, not on paper.
  if (only) nav.classList.add('keine-ausgabe');
  root.replaceChildren(header, nav, ...chapters.map((c) => c.section), ...(only ? [] : [completenessChapter()]));
  await Promise.all(chapters.map((c) => c.ready));
  document.body.dataset.fertig = 'ja';
}

void main();
