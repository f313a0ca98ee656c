/**
 * Why two hardware presets draw the same detailed timeline (docs/overlap.md §2, presets.ts): the
 * overlap model's communication time is max(IB bytes / bw_IB(s), NVLink bytes / bw_NVL(s)) per
 * piece, and compute pieces are the measured H800 ones for every GH100 GPU. When IB is the slower
 * link for every piece, GPUs that differ only in NVLink (H800 vs H100/H200) or only in HBM (H200,
 * not in the model) give identical op costs. This module finds which presets do, at the panel's
 * SM split and layer count, and which link binds. Pure; bandwidths GB/s, times µs.
 */
import { PRESETS, linkBandwidth, type OverlapModel, type OverlapPreset } from '../engine/overlap/index.ts';
import type { Params } from '../store/params.ts';
import { detailedCostsOf, overlapModelOf } from './runEngine.ts';

export type BindingLink = 'ib' | 'nvlink' | 'mixed' | 'none';

export interface HardwareNote {
  /** other presets whose op costs equal these at the same SM split and layers */
  same: OverlapPreset[];
  /** which link sets every all-to-all and PP send's time here */
  bound: BindingLink;
  /** the links of this configuration, GB/s per GPU */
  ibGBps: number;
  nvlinkGBps: number;
  /** NVLink of the presets in `same`, GB/s (the links that make no difference) */
  otherNvlinkGBps: number[];
}

/** Which link is the slower one for each comm piece (dispatch/combine of each layer, PP sends). */
export function bindingLink(model: OverlapModel, commSms: number): BindingLink {
  const hw = model.hardware;
  const ib = linkBandwidth(hw.ibGBps, commSms, hw.saturationSms);
  const nvl = linkBandwidth(hw.nvlinkGBps, commSms, hw.saturationSms);
  let ibSlower = 0;
  let nvlSlower = 0;
  const pieces = [...model.layers.flatMap((l) => Object.values(l.commBytes)), ...Object.values(model.ppBytes)];
  for (const b of pieces) {
    if (b.ib === 0 && b.nvlink === 0) continue;
    // equal times count for both: neither link alone would change them
    if (b.ib / ib >= b.nvlink / nvl) ibSlower++;
    if (b.nvlink / nvl >= b.ib / ib) nvlSlower++;
  }
  const n = pieces.filter((b) => b.ib > 0 || b.nvlink > 0).length;
  if (n === 0) return 'none';
  return ibSlower === n ? 'ib' : nvlSlower === n ? 'nvlink' : 'mixed';
}

const sameCosts = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).every((k) => Math.abs(a[k] - b[k]) <= 1e-9 * Math.max(1, Math.abs(a[k])));

export function hardwareNote(p: Params): HardwareNote {
  const model = overlapModelOf(p);
  const mine = detailedCostsOf(p).costs as unknown as Record<string, number>;
  const same: OverlapPreset[] = [];
  for (const q of PRESETS) {
    if (q.id === p.hw) continue;
    // the other GPU with its own links, at this split and layer count
    const costs = detailedCostsOf({ ...p, hw: q.id, nvlink: q.model.hardware.nvlinkGBps, ib: q.model.hardware.ibGBps }).costs;
    if (sameCosts(mine, costs as unknown as Record<string, number>)) same.push(q);
  }
  return {
    same,
    bound: bindingLink(model, p.commSms),
    ibGBps: p.ib,
    nvlinkGBps: p.nvlink,
    otherNvlinkGBps: same.map((q) => q.model.hardware.nvlinkGBps),
  };
}

/** The note as one sentence for the panel. */
export function hardwareNoteText(n: HardwareNote): string {
  const gbps = (x: number) => `${Number(x.toPrecision(4))} GB/s`;
  const nic = `${gbps(n.ibGBps)}, one ${Number((n.ibGBps * 8).toPrecision(4))} Gb/s NIC per GPU`;
  const link =
    n.bound === 'ib'
      ? `all-to-all and PP sends are bound by IB (${nic}), not NVLink (${[n.nvlinkGBps, ...n.otherNvlinkGBps]
          .filter((x, i, all) => all.indexOf(x) === i)
          .map(gbps)
          .join(' or ')})`
      : n.bound === 'nvlink'
        ? `every all-to-all here is bound by NVLink (${gbps(n.nvlinkGBps)}), not IB (${gbps(n.ibGBps)})`
        : n.bound === 'mixed'
          ? `some all-to-all pieces are bound by IB (${gbps(n.ibGBps)}), others by NVLink (${gbps(n.nvlinkGBps)})`
          : 'no communication is modelled';
  if (n.same.length === 0) return `${link[0].toUpperCase()}${link.slice(1)}.`;
  return `Same timeline as ${n.same.map((q) => q.label).join(', ')}: ${link}; compute is the same measured GH100 pieces, and HBM is not modelled.`;
}
