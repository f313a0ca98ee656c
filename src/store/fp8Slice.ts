/**
 * The FP8 panel's inputs (src/fp8panel/inputs.ts): `fp8` holds the last valid inputs (what the
 * worker runs), `fp8Drafts` the text of the typed fields as shown, possibly invalid — the panel
 * re-validates the drafts for its messages. Results are derived data and live outside the store
 * (components/fp8/controller.ts).
 */
import { FP8_METHODS, type Fp8Format, type Fp8Method } from '../fp8/index.ts';
import {
  DEFAULT_METHODS,
  draftsOf,
  evaluateDrafts,
  methodsOf,
  type Fp8Drafts,
  type Fp8Inputs,
  type Fp8TextKey,
} from '../fp8panel/inputs.ts';
import type { SliceCreator } from './types.ts';

export interface Fp8Slice {
  fp8: Fp8Inputs;
  fp8Drafts: Fp8Drafts;
  /** edit a typed field; valid fields apply at once, invalid ones keep the last valid value */
  setFp8Field: (key: Fp8TextKey, raw: string) => void;
  /** set choice fields (selects, radio buttons) */
  setFp8: (patch: Partial<Omit<Fp8Inputs, 'methods' | 'format' | Fp8TextKey>>) => void;
  /** switch the element format; the methods follow (those of the new format, or its defaults) */
  setFp8Format: (format: Fp8Format) => void;
  toggleFp8Method: (method: Fp8Method, on: boolean) => void;
}

const order = (ms: Fp8Method[]) => FP8_METHODS.filter((m) => ms.includes(m));

export const createFp8Slice =
  (initial: Fp8Inputs): SliceCreator<Fp8Slice> =>
  (set, get) => ({
    fp8: initial,
    fp8Drafts: draftsOf(initial),
    setFp8Field: (key, raw) => {
      const drafts = { ...get().fp8Drafts, [key]: raw };
      const { inputs } = evaluateDrafts(drafts, get().fp8);
      // Valid fields move on; an invalid one keeps its last valid value (errors are re-derived by the panel).
      set(JSON.stringify(inputs) !== JSON.stringify(get().fp8) ? { fp8Drafts: drafts, fp8: inputs } : { fp8Drafts: drafts });
    },
    setFp8: (patch) => set({ fp8: { ...get().fp8, ...patch } }),
    setFp8Format: (format) => {
      const cur = get().fp8;
      if (cur.format === format) return;
      const kept = cur.methods.filter((m) => methodsOf(format).includes(m));
      set({ fp8: { ...cur, format, methods: kept.length ? kept : [...DEFAULT_METHODS[format]] } });
    },
    toggleFp8Method: (method, on) => {
      const cur = get().fp8;
      const methods = on ? order([...cur.methods, method]) : cur.methods.filter((m) => m !== method);
      set({ fp8: { ...cur, methods } });
    },
  });
