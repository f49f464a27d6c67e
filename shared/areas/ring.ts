/**
 * Checks of one polygon ring of an area outline (PUT /api/areas, `sozialmonitor gebiete pruefen`):
 * enough distinct points, no self-intersection or self-contact (a bow-tie, a spike), a real area.
 * Maps, the point-in-polygon assignment of addresses and areas in the report all assume this.
 *
 * The intersection test is a sweep over the x axis: segments sorted by their left end, each tested
 * only against the segments still open at that x. For real outlines few segments are open at once,
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
/** Segment pairs the sweep may test per upload (real outlines need a few per segment). */
export const SWEEP_BUDGET = 50 * MAX_UPLOAD_VERTICES;

export interface SweepBudget {
  left: number;
}

const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
const sign = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);
/** c lies within the bounding box of a–b (used for collinear points only) */
const within = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean =>
  Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);

/** Whether segments p1–p2 and p3–p4 have any point in common (crossing or touching). */
function segmentsMeet(p1: number[], p2: number[], p3: number[], p4: number[]): boolean {
  const [x1, y1] = p1 as [number, number];
  const [x2, y2] = p2 as [number, number];
  const [x3, y3] = p3 as [number, number];
  const [x4, y4] = p4 as [number, number];
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

const fmt = (p: number[]): string => `${p[0]}, ${p[1]}`;

/**
 * What is wrong with a closed ring (first point = last point, at least 4 points: checked by the
 * schema before; the point count against MAX_RING_VERTICES by the caller, before anything else), or
 * undefined. Repeated consecutive points are allowed and ignored.
 */
export function ringProblem(ring: readonly number[][], budget: SweepBudget = { left: SWEEP_BUDGET }): string | undefined {
  const pts: number[][] = [];
  for (const p of ring.slice(0, -1)) {
    const last = pts[pts.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push(p);
  }
  while (pts.length > 1 && pts[0]![0] === pts[pts.length - 1]![0] && pts[0]![1] === pts[pts.length - 1]![1]) pts.pop();
  const n = pts.length;
  if (n < 3) return 'hat keine Fläche: weniger als 3 verschiedene Punkte';

  // Segment i runs from pts[i] to pts[i + 1] (the last back to the first).
  const a = (i: number): number[] => pts[i]!;
  const b = (i: number): number[] => pts[(i + 1) % n]!;
  // Neighbouring segments share a point; they are wrong only if the second turns straight back (a spike).
  for (let i = 0; i < n; i++) {
    const p = a(i);
    const q = b(i);
    const r = b((i + 1) % n);
    if (cross(q[0]!, q[1]!, p[0]!, p[1]!, r[0]!, r[1]!) === 0 && (p[0]! - q[0]!) * (r[0]! - q[0]!) + (p[1]! - q[1]!) * (r[1]! - q[1]!) > 0) {
      return `läuft bei Punkt ${i + 2} (${fmt(q)}) auf sich selbst zurück (eine Spitze ohne Fläche); bitte den Punkt entfernen`;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i);
  const minX = (i: number): number => Math.min(a(i)[0]!, b(i)[0]!);
  const maxX = (i: number): number => Math.max(a(i)[0]!, b(i)[0]!);
  order.sort((i, j) => minX(i) - minX(j));
  let active: number[] = [];
  for (const s of order) {
    const x = minX(s);
    active = active.filter((t) => maxX(t) >= x);
    budget.left -= active.length + 1;
    if (budget.left < 0) {
      return 'ist zu verwinkelt, um in vertretbarer Zeit auf Überschneidungen geprüft zu werden (sehr viele lange, sich überlagernde Strecken); bitte die Umrisse vereinfachen';
    }
    for (const t of active) {
      const adjacent = Math.abs(s - t) === 1 || Math.abs(s - t) === n - 1;
      if (adjacent) continue;
      if (segmentsMeet(a(s), b(s), a(t), b(t))) {
        const [i, j] = s < t ? [s, t] : [t, s];
        return `kreuzt oder berührt sich selbst: die Strecke von Punkt ${i + 1} (${fmt(a(i))}) nach ${i + 2} trifft die Strecke von Punkt ${j + 1} (${fmt(a(j))}) nach ${j + 2 > n ? 1 : j + 2}. Ein Ring muss ein einfaches Vieleck sein; bitte die Punktfolge prüfen`;
      }
    }
    active.push(s);
  }
  let twiceArea = 0;
  const [x0, y0] = pts[0] as [number, number];
  for (let i = 1; i + 1 < n; i++) twiceArea += cross(x0, y0, a(i)[0]!, a(i)[1]!, a(i + 1)[0]!, a(i + 1)[1]!);
  if (Math.abs(twiceArea) / 2 < MIN_RING_AREA) return 'hat keine Fläche (alle Punkte liegen auf einer Linie oder fast auf einem Punkt)';
  return undefined;
}
