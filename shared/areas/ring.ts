/**
 * Checks of one polygon ring of an area outline (PUT /api/areas, `sozialmonitor gebiete pruefen`):
 * enough distinct points, no self-intersection or self-contact (a bow-tie, a spike), a real area.
 * Maps, the point-in-polygon assignment of addresses and areas in the report all assume this.
 *
 * The intersection test is a sweep along one axis (the one the segments are shorter on): segments
 * sorted by their lower end, each tested only against the segments still open there (and only if
 * they overlap on the other axis). For real outlines few segments are open at once,
 * so the cost is about n log n; for a pathological ring (thousands of long zig-zags over the same
 * x range) the number of segment pairs tested is capped by a budget shared by the whole upload, and
 * the ring is refused as too convoluted rather than the server working for minutes.
 */
/** Most points of one ring (a Baublock needs dozens, a detailed Stadt outline a few thousand). */
export const MAX_RING_VERTICES = 100_000;
/** Most points of all outlines of one upload together. */
export const MAX_UPLOAD_VERTICES = 1_000_000;
/** Smallest ring area in square degrees (1e-12 ≈ 0.008 m² in NRW): below it a ring has no area. */
export const MIN_RING_AREA = 1e-12;
/**
 * Steps (segment pairs looked at) the sweep may take per upload: real outlines need a few per
 * segment (a 100,000-point circle: 3 per point); at the limit it is about 1 s of work.
 */
export const SWEEP_BUDGET = 20 * MAX_UPLOAD_VERTICES;

export interface SweepBudget {
  left: number;
}

const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
const sign = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);
/** c lies within the bounding box of a–b (used for collinear points only) */
const within = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean =>
  Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);

/** Whether segments (x1,y1)–(x2,y2) and (x3,y3)–(x4,y4) have any point in common (crossing or touching). */
function segmentsMeet(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, x4: number, y4: number): boolean {
  const d1 = sign(cross(x3, y3, x4, y4, x1, y1));
  const d2 = sign(cross(x3, y3, x4, y4, x2, y2));
  const d3 = sign(cross(x1, y1, x2, y2, x3, y3));
  const d4 = sign(cross(x1, y1, x2, y2, x4, y4));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && within(x3, y3, x4, y4, x1, y1)) ||
    (d2 === 0 && within(x3, y3, x4, y4, x2, y2)) ||
    (d3 === 0 && within(x1, y1, x2, y2, x3, y3)) ||
    (d4 === 0 && within(x1, y1, x2, y2, x4, y4))
  );
}

const fmt = (x: number, y: number): string => `${x}, ${y}`;

/**
 * What is wrong with a closed ring (first point = last point, at least 4 points: checked by the
 * schema before; the point count against MAX_RING_VERTICES by the caller, before anything else), or
 * undefined. Repeated consecutive points are allowed and ignored.
 */
export function ringProblem(ring: readonly number[][], budget: SweepBudget = { left: SWEEP_BUDGET }): string | undefined {
  // distinct consecutive points, without the closing one, in flat arrays (the sweep reads them a lot)
  const xs = new Float64Array(ring.length);
  const ys = new Float64Array(ring.length);
  let n = 0;
  for (let k = 0; k < ring.length - 1; k++) {
    const x = ring[k]![0]!;
    const y = ring[k]![1]!;
    if (n > 0 && xs[n - 1] === x && ys[n - 1] === y) continue;
    xs[n] = x;
    ys[n] = y;
    n++;
  }
  while (n > 1 && xs[0] === xs[n - 1] && ys[0] === ys[n - 1]) n--;
  if (n < 3) return 'hat keine Fläche: weniger als 3 verschiedene Punkte';

  // Segment i runs from point i to point i + 1 (the last back to the first).
  const next = (i: number): number => (i + 1 === n ? 0 : i + 1);
  // Neighbouring segments share a point; they are wrong only if the second turns straight back (a spike).
  for (let i = 0; i < n; i++) {
    const q = next(i);
    const r = next(q);
    const [px, py, qx, qy, rx, ry] = [xs[i]!, ys[i]!, xs[q]!, ys[q]!, xs[r]!, ys[r]!];
    if (cross(qx, qy, px, py, rx, ry) === 0 && (px - qx) * (rx - qx) + (py - qy) * (ry - qy) > 0) {
      return `läuft bei Punkt ${q + 1} (${fmt(qx, qy)}) auf sich selbst zurück (eine Spitze ohne Fläche); bitte den Punkt entfernen`;
    }
  }

  // Sweep along the axis on which the segments are shorter relative to the ring's extent (fewer
  // segments open at once: for long east-west zig-zags that is north-south).
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, sumDx = 0, sumDy = 0;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, xs[i]!);
    maxX = Math.max(maxX, xs[i]!);
    minY = Math.min(minY, ys[i]!);
    maxY = Math.max(maxY, ys[i]!);
    sumDx += Math.abs(xs[next(i)]! - xs[i]!);
    sumDy += Math.abs(ys[next(i)]! - ys[i]!);
  }
  const alongX = sumDx * (maxY - minY) <= sumDy * (maxX - minX);
  const [u, v] = alongX ? [xs, ys] : [ys, xs];
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const vlo = new Float64Array(n);
  const vhi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = next(i);
    lo[i] = Math.min(u[i]!, u[j]!);
    hi[i] = Math.max(u[i]!, u[j]!);
    vlo[i] = Math.min(v[i]!, v[j]!);
    vhi[i] = Math.max(v[i]!, v[j]!);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => lo[i]! - lo[j]!);
  const active = new Int32Array(n);
  let open = 0;
  for (const s of order) {
    const x = lo[s]!;
    budget.left -= open + 1;
    if (budget.left < 0) {
      return 'ist zu verwinkelt, um in vertretbarer Zeit auf Überschneidungen geprüft zu werden (sehr viele lange, sich überlagernde Strecken); bitte die Umrisse vereinfachen';
    }
    // one pass: drop the segments that ended before x, test the others against s
    let kept = 0;
    for (let k = 0; k < open; k++) {
      const t = active[k]!;
      if (hi[t]! < x) continue;
      active[kept++] = t;
      if (vhi[t]! < vlo[s]! || vhi[s]! < vlo[t]!) continue;
      if (next(s) === t || next(t) === s) continue;
      if (segmentsMeet(xs[s]!, ys[s]!, xs[next(s)]!, ys[next(s)]!, xs[t]!, ys[t]!, xs[next(t)]!, ys[next(t)]!)) {
        const [i, j] = s < t ? [s, t] : [t, s];
        return `kreuzt oder berührt sich selbst: die Strecke von Punkt ${i + 1} (${fmt(xs[i]!, ys[i]!)}) nach ${i + 2} trifft die Strecke von Punkt ${j + 1} (${fmt(xs[j]!, ys[j]!)}) nach ${next(j) + 1}. Ein Ring muss ein einfaches Vieleck sein; bitte die Punktfolge prüfen`;
      }
    }
    open = kept;
    active[open++] = s;
  }
  let twiceArea = 0;
  for (let i = 1; i + 1 < n; i++) twiceArea += cross(xs[0]!, ys[0]!, xs[i]!, ys[i]!, xs[i + 1]!, ys[i + 1]!);
  if (Math.abs(twiceArea) / 2 < MIN_RING_AREA) return 'hat keine Fläche (alle Punkte liegen auf einer Linie oder fast auf einem Punkt)';
  return undefined;
}
