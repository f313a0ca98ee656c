/**
 * What the user looks at: the visible time window, the highlighted micro-batch, the op under the
 * pointer and the keyboard cursor. Times in timeline units (cost units, or µs in detailed mode).
 * `domain` and `selectedMb` go to the URL; hover and cursor are ephemeral.
 */
import type { SliceCreator } from './types.ts';

/** An op of one chart: index into that chart's layout.rects (chart 0 = main, 1 = compare). */
export interface OpRef {
  chart: 0 | 1;
  op: number;
}

export interface HoverState extends OpRef {
  /** which half of an FB op (0 = forward, top), or which lane piece; -1 = the op itself */
  half: 0 | 1 | -1;
  /** piece index within the op's chunk on `lane`, -1 = none */
  piece: number;
  lane: 'compute' | 'comm' | 'pp';
  /** pointer position in the chart viewport, px */
  x: number;
  y: number;
}

export interface ViewSlice {
  domain: [number, number] | null;
  selectedMb: number | null;
  hover: HoverState | null;
  cursor: OpRef | null;
  setDomain: (domain: [number, number] | null) => void;
  selectMb: (mb: number | null) => void;
  setHover: (hover: HoverState | null) => void;
  setCursor: (cursor: OpRef | null) => void;
}

export const createViewSlice =
  (initial: { domain: [number, number] | null; selectedMb: number | null }): SliceCreator<ViewSlice> =>
  (set, get) => ({
    domain: initial.domain,
    selectedMb: initial.selectedMb,
    hover: null,
    cursor: null,
    setDomain: (domain) => {
      const d = get().domain;
      if (d === domain || (d && domain && d[0] === domain[0] && d[1] === domain[1])) return;
      set({ domain });
    },
    selectMb: (mb) => set({ selectedMb: mb }),
    setHover: (hover) => {
      const h = get().hover;
      if (
        h === hover ||
        (h &&
          hover &&
          h.chart === hover.chart &&
          h.op === hover.op &&
          h.half === hover.half &&
          h.piece === hover.piece &&
          h.lane === hover.lane &&
          h.x === hover.x &&
          h.y === hover.y)
      )
        return;
      set({ hover });
    },
    setCursor: (cursor) => set({ cursor }),
  });
