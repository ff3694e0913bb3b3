/**
 * Packs intervals into as few lanes as possible (greedy by start time), so thousands of runner lives fit in
 * a bounded-height swimlane while overlapping lives never share a row. Pure; O(n log n).
 */
export interface Interval {
  start: number;
  end: number;
}

export function packLanes<T extends Interval>(items: readonly T[], gap = 0): { item: T; lane: number }[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || a.end - b.end);
  const laneEnds: number[] = [];
  const out: { item: T; lane: number }[] = [];
  for (const item of sorted) {
    let lane = laneEnds.findIndex((end) => end + gap <= item.start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(item.end);
    } else laneEnds[lane] = item.end;
    out.push({ item, lane });
  }
  return out;
}
