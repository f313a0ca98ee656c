import { describe, expect, it } from 'vitest';
import { getPreset } from '../engine/overlap/index.ts';
import { DEFAULT_PARAMS, hwDefaults, type Params } from '../store/params.ts';
import { bindingLink, hardwareNote, hardwareNoteText } from './hardware.ts';
import { detailedCostsOf } from './runEngine.ts';

const detailed = (hw: string, patch: Partial<Params> = {}): Params => ({
  ...DEFAULT_PARAMS,
  detailed: true,
  hw,
  ...hwDefaults(hw),
  ...patch,
});

describe('hardwareNote', () => {
  it('the derived H800, H100 and H200 draw the same costs: IB binds every piece', () => {
    const n = hardwareNote(detailed('deepseek-v3-h100-derived'));
    expect(n.same.map((q) => q.id)).toEqual(['deepseek-v3-h800-derived', 'deepseek-v3-h200-derived']);
    expect(n.bound).toBe('ib');
    // the claim holds: equal op costs
    const a = detailedCostsOf(detailed('deepseek-v3-h100-derived')).costs;
    for (const q of n.same) expect(detailedCostsOf(detailed(q.id)).costs).toEqual(a);
    expect(hardwareNoteText(n)).toBe(
      'Same timeline as DeepSeek-V3 on H800 (derived), DeepSeek-V3 on H200 (derived): all-to-all and PP sends are bound by IB (50 GB/s, one 400 Gb/s NIC per GPU), not NVLink (360 GB/s or 160 GB/s); compute is the same measured GH100 pieces, and HBM is not modelled.',
    );
  });

  it('the measured preset stands alone; its pieces scale with IB', () => {
    const n = hardwareNote(detailed('deepseek-v3-h800-measured'));
    expect(n.same).toEqual([]);
    expect(n.bound).toBe('ib');
    expect(hardwareNoteText(n)).toMatch(/^All-to-all and PP sends are bound by IB/);
  });

  it('with enough IB, NVLink binds the all-to-all and the GPUs part ways', () => {
    const p = detailed('deepseek-v3-h800-derived', { ib: 400 });
    const n = hardwareNote(p);
    expect(n.same).toEqual([]);
    expect(n.bound).toBe('mixed'); // the PP sends go over IB only
    expect(bindingLink(getPreset('deepseek-v3-h800-derived').model, 20)).toBe('ib');
  });
});
