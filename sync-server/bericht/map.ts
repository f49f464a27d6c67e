/**
 * Choropleth map as SVG with d3-geo: one path per area (Gemeindeteil, or Baublock of one Stadt),
 * coloured by class (ColorBrewer YlGnBu from d3-scale-chromatic: sequential and readable for
 * colour-blind readers), suppressed areas hatched (all alike: no reason), areas without a value grey; the
 * borders of the level above (Städte, or Gemeindeteile over Baublöcke) drawn on top.
 * The coordinates are WGS84; the extent of a Kreis is small, so a planar projection (x scaled by
 * cos(latitude)) is exact enough and avoids the spherical winding rules of d3's projections.
 */
import { geoIdentity, geoPath } from 'd3-geo';
import { schemeYlGnBu } from 'd3-scale-chromatic';
import { BreakMethod, classBreaks, classOf } from './breaks';
import { LEGENDE_GESPERRT } from '../../shared/disclosure/zeichen';
import { zahl } from '../../shared/format/zahlen';

export interface MapFeature {
  type: 'Feature';
  properties: { code: string; name: string; ebene: string; parent: string | null };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } | null;
}
export interface MapValue {
  value: number | null;
  /** suppressed (Geheimhaltung): hatched, the same text for every such area */
  gesperrt?: boolean;
  /** why there is no value (not a reason of a suppression: readers get none) */
  hinweis?: string;
  /** for categorical maps (Sozialindex): the class name */
  klasse?: string;
}

const SVG = 'http://www.w3.org/2000/svg';
const fmt = (v: number, stellen = 2) => zahl(v, stellen);

function planar(features: MapFeature[]): MapFeature[] {
  const lats: number[] = [];
  const walk = (c: unknown, f: (p: number[]) => void): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') f(c as number[]);
    else if (Array.isArray(c)) for (const x of c) walk(x, f);
  };
  for (const ft of features) if (ft.geometry) walk(ft.geometry.coordinates, (p) => lats.push(p[1]!));
  const k = Math.cos((((Math.min(...lats) + Math.max(...lats)) / 2) * Math.PI) / 180);
  const map = (c: unknown): unknown => (Array.isArray(c) && typeof c[0] === 'number' ? [(c[0] as number) * k, c[1]] : (c as unknown[]).map(map));
  return features.map((f) => ({ ...f, geometry: f.geometry && { type: f.geometry.type, coordinates: map(f.geometry.coordinates) } }));
}

export interface DrawOptions {
  title: string;
  einheit: string;
  /** decimals of the values (the Kennzahl's `nachkommastellen`; default 2, e.g. the Sozialindex) */
  stellen?: number;
  method: BreakMethod;
  /** categorical colours instead of classes (Sozialindex) */
  categories?: { name: string; color: string }[];
  onSelect?: (code: string) => void;
  /** class of the border lines drawn on top (default `stadtgrenze`) and their name in the note */
  borders?: { className: string; label: string };
  /**
   * Classes given from outside instead of Jenks/quantiles over YlGnBu (the map of change: diverging
   * around 0, sync-server/bericht/wandel.ts): colour and label per class, the class of a value, how a
   * value reads in the tooltip, and the sentence under the legend.
   */
  scale?: { colors: string[]; labels: string[]; classOf: (v: number) => number; text: (v: number) => string; note: string; caption?: string };
}

export function drawMap(host: HTMLElement, areas: MapFeature[], cities: MapFeature[], values: Map<string, MapValue>, o: DrawOptions): void {
  host.replaceChildren();
  const width = 640;
  const height = 480;
  const proj = planar([...areas, ...cities]);
  const shapes = proj.slice(0, areas.length);
  const borders = proj.slice(areas.length);
  const projection = geoIdentity().reflectY(true).fitSize([width, height], { type: 'FeatureCollection', features: shapes } as never);
  const path = geoPath(projection);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'karte');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', o.title);
  const id = `schraffur-${Math.random().toString(36).slice(2)}`;
  svg.innerHTML = `<defs><pattern id="${id}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#666" stroke-width="2"/></pattern></defs>`;

  const numbers = [...values.values()].map((v) => v.value).filter((v): v is number => v !== null);
  const breaks = o.categories || o.scale ? [] : classBreaks(numbers, 5, o.method);
  const palette = o.scale ? o.scale.colors : o.categories ? [] : [...schemeYlGnBu[Math.max(3, breaks.length)]!].slice(0, breaks.length);
  const info = document.createElement('p');
  info.className = 'karte-info';
  info.textContent = 'Maus über ein Gebiet halten oder es anklicken für die Werte.';

  for (const f of shapes) {
    const v = values.get(f.properties.code);
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', path(f as never) ?? '');
    p.setAttribute('data-code', f.properties.code);
    p.setAttribute('class', 'gebiet');
    let fill = '#d9d9d9';
    let text = `${f.properties.name}: kein Wert${v?.hinweis ? ` (${v.hinweis})` : ''}`;
    if (v?.gesperrt) {
      fill = `url(#${id})`;
      text = `${f.properties.name}: . gesperrt (Geheimhaltung)${v.hinweis ? ` – ${v.hinweis}` : ''}`;
      p.setAttribute('data-gesperrt', 'ja');
    } else if (o.categories && v?.klasse) {
      fill = o.categories.find((c) => c.name === v.klasse)?.color ?? fill;
      text = `${f.properties.name}: ${v.klasse}${v.value !== null ? ` (Index ${fmt(v.value)})` : ''}`;
    } else if (o.scale && v && v.value !== null) {
      fill = palette[o.scale.classOf(v.value)]!;
      text = `${f.properties.name}: ${o.scale.text(v.value)}`;
    } else if (v && v.value !== null && breaks.length) {
      fill = palette[classOf(v.value, breaks)]!;
      text = `${f.properties.name}: ${fmt(v.value, o.stellen)} ${o.einheit}`;
    }
    p.setAttribute('fill', fill);
    if (v && v.value !== null) p.setAttribute('data-wert', String(v.value));
    const t = document.createElementNS(SVG, 'title');
    t.textContent = text;
    p.appendChild(t);
    // hover shows the values too (a block is small to click on)
    p.addEventListener('mouseenter', () => (info.textContent = text));
    p.addEventListener('click', () => {
      info.textContent = text;
      o.onSelect?.(f.properties.code);
    });
    svg.appendChild(p);
  }
  const border = o.borders ?? { className: 'stadtgrenze', label: 'Stadtgrenzen' };
  for (const c of borders) {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', path(c as never) ?? '');
    p.setAttribute('class', border.className);
    svg.appendChild(p);
  }

  const legend = document.createElement('ul');
  legend.className = 'legende';
  const item = (fillCss: string, label: string, cls = '') => {
    const li = document.createElement('li');
    li.className = cls;
    const box = document.createElement('span');
    box.className = 'kaestchen';
    box.style.background = fillCss;
    li.append(box, document.createTextNode(label));
    legend.appendChild(li);
  };
  if (o.scale?.caption) {
    const cap = document.createElement('li');
    cap.className = 'legende-titel';
    cap.textContent = o.scale.caption;
    legend.appendChild(cap);
  }
  if (o.categories) for (const c of o.categories) item(c.color, c.name, 'klasse');
  else if (o.scale) o.scale.labels.forEach((l, i) => item(palette[i]!, l, 'klasse'));
  else {
    let lo = Math.min(...numbers);
    breaks.forEach((b, i) => {
      item(palette[i]!, `${fmt(lo, o.stellen)} bis ${fmt(b, o.stellen)} ${o.einheit}`, 'klasse');
      lo = b;
    });
  }
  item('repeating-linear-gradient(45deg,#fff 0 3px,#666 3px 5px)', LEGENDE_GESPERRT, 'gesperrt');
  item('#d9d9d9', 'kein Wert', 'leer');
  const note = document.createElement('p');
  note.className = 'methode';
  note.textContent = o.scale ? `${o.scale.note} Dicke Linien: ${border.label}.` : o.categories ? '' : `Klassen: ${o.method === 'jenks' ? 'natürliche Brüche (Jenks)' : 'Quantile'}; Farben: ColorBrewer YlGnBu. Dicke Linien: ${border.label}.`;
  host.append(svg, legend, note, info);
}
