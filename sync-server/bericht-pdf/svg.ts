/**
 * Drawing for the printed report, on the server: a map of the Gemeindeteile as SVG (own plate carrée
 * projection scaled by cos(latitude) – a Kreis spans a few dozen km, where this is as good as any
 * conformal projection on paper), class breaks with non-overlapping legend labels, and a ranking
 * chart. No browser code, no ES-module-only packages (d3-geo and d3-scale-chromatic are ESM).
 */
import { zahl } from '../../shared/format/zahlen';
import { jenks } from 'simple-statistics';
import type { AreaGeometry } from '../../shared';

import { esc } from '../http/html';

export { esc };

/** A number the German way with exactly `d` decimals: the one formatter of report, export and print. */
export const fmt = (v: number, d: number): string => zahl(v, d);

/** ColorBrewer YlGnBu, 5 classes (as the screen report); fewer classes take the darker end spread. */
export const YLGNBU = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
export const KEIN_WERT = '#d9d9d9';

export interface Klassen {
  /** lower bounds t_1..t_{k-1} of classes 2..k, at display precision; class 1 is "unter t_1" */
  thresholds: number[];
  colors: string[];
  labels: string[];
  classOf(v: number): number;
}

/**
 * Classes whose legend cannot overlap: the bounds are numbers at display precision, a value belongs
 * to the class whose bound it reaches and whose next bound it stays under ("2,59 bis unter 3,15"),
 * so the printed legend is exactly the rule that coloured the map. Bounds from natural breaks
 * (Jenks): each bound is the smallest value of its class, rounded down to `d` decimals.
 */
export function klassen(values: number[], d: number, k = 5): Klassen {
  const xs = [...values].sort((a, b) => a - b);
  const distinct = [...new Set(xs)];
  const f = 10 ** d;
  const down = (v: number) => Math.floor(v * f + 1e-9) / f;
  let lows: number[];
  if (distinct.length <= 1) lows = [];
  else if (distinct.length <= k) lows = distinct.slice(1);
  else {
    const uppers = (jenks(xs, k) ?? []).slice(1, -1);
    lows = uppers.map((u) => xs.find((x) => x > u)!).filter((x) => x !== undefined);
  }
  const thresholds = [...new Set(lows.map(down))].filter((t) => t > down(xs[0] ?? 0) || xs.length === 0).sort((a, b) => a - b);
  const n = thresholds.length + 1;
  const colors = n === 1 ? [YLGNBU[2]!] : Array.from({ length: n }, (_, i) => YLGNBU[Math.round((i * (YLGNBU.length - 1)) / (n - 1))]!);
  const labels = Array.from({ length: n }, (_, i) => {
    if (n === 1) return xs.length ? `alle ${fmt(xs[0]!, d)}` : 'keine Werte';
    if (i === 0) return `unter ${fmt(thresholds[0]!, d)}`;
    if (i === n - 1) return `${fmt(thresholds[i - 1]!, d)} und mehr`;
    return `${fmt(thresholds[i - 1]!, d)} bis unter ${fmt(thresholds[i]!, d)}`;
  });
  return {
    thresholds,
    colors,
    labels,
    classOf(v: number) {
      let c = 0;
      while (c < thresholds.length && v >= thresholds[c]!) c++;
      return c;
    },
  };
}

type Ring = number[][];
const polygonsOf = (g: AreaGeometry | null): Ring[][] => (!g ? [] : g.type === 'Polygon' ? [g.coordinates as Ring[]] : (g.coordinates as Ring[][]));

export interface Projection {
  /** [x, y] in the SVG's units (mm) */
  p(lon: number, lat: number): [number, number];
  /** mm on paper per km on the ground */
  mmPerKm: number;
}

/** Fits the geometries into width × height (mm) with a margin. */
export function fitProjection(geoms: (AreaGeometry | null)[], width: number, height: number, margin = 4): Projection {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const g of geoms) for (const poly of polygonsOf(g)) for (const ring of poly) for (const [lon, lat] of ring) {
    minX = Math.min(minX, lon!); maxX = Math.max(maxX, lon!); minY = Math.min(minY, lat!); maxY = Math.max(maxY, lat!);
  }
  if (!Number.isFinite(minX)) return { p: () => [0, 0], mmPerKm: 1 };
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const kmPerDeg = 111.32;
  const wKm = (maxX - minX) * k * kmPerDeg || 1;
  const hKm = (maxY - minY) * kmPerDeg || 1;
  const mmPerKm = Math.min((width - 2 * margin) / wKm, (height - 2 * margin) / hKm);
  const ox = (width - wKm * mmPerKm) / 2;
  const oy = (height - hKm * mmPerKm) / 2;
  return { p: (lon, lat) => [ox + (lon - minX) * k * kmPerDeg * mmPerKm, oy + (maxY - lat) * kmPerDeg * mmPerKm], mmPerKm };
}

export function pathOf(g: AreaGeometry | null, proj: Projection): string {
  const parts: string[] = [];
  for (const poly of polygonsOf(g)) for (const ring of poly) {
    parts.push(ring.map(([lon, lat], i) => { const [x, y] = proj.p(lon!, lat!); return `${i ? 'L' : 'M'}${x.toFixed(2)} ${y.toFixed(2)}`; }).join('') + 'Z');
  }
  return parts.join('');
}

/** Label point: the area-weighted centroid of the largest outer ring (projected). */
export function labelPoint(g: AreaGeometry | null, proj: Projection): { c: [number, number]; w: number; h: number } | null {
  let best: { a: number; c: [number, number]; w: number; h: number } | null = null;
  for (const poly of polygonsOf(g)) {
    const ring = poly[0]!.map(([lon, lat]) => proj.p(lon!, lat!));
    let a = 0, cx = 0, cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i]!; const [x1, y1] = ring[i + 1]!;
      const f = x0 * y1 - x1 * y0;
      a += f; cx += (x0 + x1) * f; cy += (y0 + y1) * f;
    }
    if (a === 0) continue;
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    if (!best || Math.abs(a) > best.a) best = { a: Math.abs(a), c: [cx / (3 * a), cy / (3 * a)], w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
  }
  return best ? { c: best.c, w: best.w, h: best.h } : null;
}

export interface MapArea {
  code: string;
  geometry: AreaGeometry | null;
  fill: string;
  /** hatched: suppressed ("."), the same for every suppressed area */
  gesperrt?: boolean;
  nr?: number;
}

/** A map in mm: areas, Stadt borders on top, numbers, north arrow and scale bar. */
export function mapSvg(areas: MapArea[], borders: (AreaGeometry | null)[], width: number, height: number, title: string): string {
  const proj = fitProjection(areas.map((a) => a.geometry), width, height - 8);
  const shapes = areas.map((a) => `<path d="${pathOf(a.geometry, proj)}" fill="${a.gesperrt ? 'url(#schraffur)' : a.fill}" stroke="#fff" stroke-width="0.25"/>`).join('');
  const lines = borders.map((g) => `<path d="${pathOf(g, proj)}" fill="none" stroke="#333" stroke-width="0.6"/>`).join('');
  const nums = areas.map((a) => {
    const l = a.nr === undefined ? null : labelPoint(a.geometry, proj);
    if (!l) return '';
    // a narrow upright area gets its number turned, so neighbouring numbers do not run together
    const wide = String(a.nr).length * 1.6 + 0.6;
    const [x, y] = [l.c[0].toFixed(2), l.c[1].toFixed(2)];
    return `<text x="${x}" y="${y}" class="nr"${l.w < wide && l.h > l.w ? ` transform="rotate(-90 ${x} ${y})"` : ''}>${a.nr}</text>`;
  }).join('');
  // scale bar: a round number of km near a fifth of the width
  const target = width / 5 / proj.mmPerKm;
  const km = [1, 2, 5, 10, 20, 50].find((s) => s >= target * 0.6) ?? 50;
  const bar = km * proj.mmPerKm;
  const y = height - 4;
  const scale = `<g class="massstab"><rect x="4" y="${y - 1.2}" width="${(bar / 2).toFixed(2)}" height="1.2" fill="#333"/><rect x="${(4 + bar / 2).toFixed(2)}" y="${y - 1.2}" width="${(bar / 2).toFixed(2)}" height="1.2" fill="#fff" stroke="#333" stroke-width="0.2"/><text x="4" y="${y + 3}">0</text><text x="${(4 + bar).toFixed(2)}" y="${y + 3}" text-anchor="middle">${km} km</text></g>`;
  const north = `<g class="nordpfeil" transform="translate(${width - 8} 8)"><path d="M0 -6 L2.5 2 L0 0.5 L-2.5 2 Z" fill="#333"/><text x="0" y="6" text-anchor="middle">N</text></g>`;
  return `<svg class="karte" viewBox="0 0 ${width} ${height}" width="${width}mm" height="${height}mm" role="img" aria-label="${esc(title)}"><defs><pattern id="schraffur" patternUnits="userSpaceOnUse" width="1.6" height="1.6" patternTransform="rotate(45)"><rect width="1.6" height="1.6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="1.6" stroke="#666" stroke-width="0.6"/></pattern></defs>${shapes}${lines}${nums}${scale}${north}</svg>`;
}

export interface Bar {
  label: string;
  value: number | null;
}

/** Horizontal ranking bars (mm), values printed, a dashed line for the Kreis value. */
export function rankingSvg(bars: Bar[], d: number, width: number, reference?: { label: string; value: number }): string {
  const row = 3.9;
  const labelW = 58;
  const valueW = 14;
  const top = reference ? 6 : 1;
  const height = top + bars.length * row + 2;
  const vals = bars.map((b) => b.value).filter((v): v is number => v !== null);
  if (reference) vals.push(reference.value);
  const lo = Math.min(0, ...vals);
  const hi = Math.max(0, ...vals);
  const span = hi - lo || 1;
  const plotW = width - labelW - valueW - 2;
  const x = (v: number) => labelW + ((v - lo) / span) * plotW;
  const out: string[] = [];
  bars.forEach((b, i) => {
    const y = top + i * row;
    out.push(`<text x="${labelW - 1.5}" y="${(y + row * 0.72).toFixed(2)}" text-anchor="end">${esc(b.label)}</text>`);
    if (b.value === null) {
      out.push(`<text x="${x(0) + 1}" y="${(y + row * 0.72).toFixed(2)}">.</text>`);
      return;
    }
    const x0 = x(Math.min(0, b.value));
    const w = Math.abs(x(b.value) - x(0));
    out.push(`<rect x="${x0.toFixed(2)}" y="${(y + 0.5).toFixed(2)}" width="${Math.max(w, 0.2).toFixed(2)}" height="${(row - 1).toFixed(2)}" fill="#41b6c4"/>`);
    out.push(`<text x="${(Math.max(x(b.value), x(0)) + 1).toFixed(2)}" y="${(y + row * 0.72).toFixed(2)}">${fmt(b.value, d)}</text>`);
  });
  out.push(`<line x1="${x(0).toFixed(2)}" x2="${x(0).toFixed(2)}" y1="${top}" y2="${height - 2}" stroke="#999" stroke-width="0.2"/>`);
  if (reference) {
    const rx = x(reference.value).toFixed(2);
    out.push(`<line x1="${rx}" x2="${rx}" y1="${top - 1}" y2="${height - 2}" stroke="#b2182b" stroke-width="0.4" stroke-dasharray="1.2 0.8"/>`);
    out.push(`<text x="${rx}" y="${top - 2}" text-anchor="middle" fill="#b2182b">${esc(reference.label)}: ${fmt(reference.value, d)}</text>`);
  }
  return `<svg class="rangfolge" viewBox="0 0 ${width} ${height.toFixed(2)}" width="${width}mm" height="${height.toFixed(2)}mm">${out.join('')}</svg>`;
}
