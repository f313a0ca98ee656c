/**
 * Bytes, bandwidth and the SM split (docs/overlap.md §4-5; DeepSeek-V3 report §3.2.2).
 *
 * Units: durations µs; bytes per GPU; bandwidths GB/s (1 GB/s = 10^9 B/s = 1000 B/µs).
 * - Compute pieces run on N − s SMs: t(s) = t_ref · C_ref / (N − s), where t_ref was measured on
 *   C_ref compute SMs — first-order model of SM-bound GEMMs (the trace's GEMMs launch 112 =
 *   132 − 20 blocks, i.e. this split, so C_ref = 112 for the H800 presets).
 * - Communication pieces: bw(s) = min(link, s · link / s_sat) per link, s_sat = 20 by default
 *   ("only 20 SMs are sufficient to fully utilize the bandwidths of IB and NVLink"), and
 *   t(s) = max(IB bytes / bw_IB(s), NVLink bytes / bw_NVL(s)) + latency (0 when no bytes move).
 * - Bytes: dispatch ≈ T·k·h·(1 + 4/128) (FP8 values + one fp32 scale per 128), combine ≈ T·k·h·2
 *   (BF16); a token crosses IB once per target node (≤ M_nodes), then fans out over NVLink; a PP
 *   send is T·h·2 (BF16 activation or gradient) over IB.
 */
import type { InputIssue } from '../errors.ts';
import { checkNumber, numberIssue, OverlapInputError, type OverlapField } from './errors.ts';
import type { ChunkPieces, CommPiece, ComputePiece, PpPiece } from './pieces.ts';
import { COMM_PIECES, COMPUTE_PIECES, MAX_LAYERS, PP_PIECES } from './pieces.ts';

export interface Hardware {
  /** e.g. "H800 SXM" */
  name: string;
  /** streaming multiprocessors per GPU, N (H800/H100/H200: 132) */
  sms: number;
  /** usable NVLink bandwidth per GPU, one direction, GB/s */
  nvlinkGBps: number;
  /** usable InfiniBand (RDMA) bandwidth per GPU, GB/s */
  ibGBps: number;
  /** comm SMs that saturate a link: per-SM bandwidth = link / saturationSms (default 20) */
  saturationSms: number;
}

/** Bytes one GPU moves for one piece, split by link. */
export interface CommBytes {
  ib: number;
  nvlink: number;
}

/** Token and expert shape of one micro-batch (DeepSeek-V3 defaults in presets.ts). */
export interface MoeShape {
  /** tokens per micro-batch, T */
  tokens: number;
  /** hidden size, h */
  hidden: number;
  /** routed experts per token, k */
  topK: number;
  /** at most this many nodes per token, M_nodes (node-limited routing) */
  maxNodes: number;
  /** GPUs per node and expert-parallel width: EP / gpusPerNode nodes can be targets */
  gpusPerNode: number;
  expertParallel: number;
  /** bytes per dispatched value: FP8 1 + 4/128 (fp32 scale per 1×128 tile) */
  dispatchBytesPerValue: number;
  /** bytes per combined value: BF16 2 */
  combineBytesPerValue: number;
  /** bytes per PP-sent value: BF16 2 */
  ppBytesPerValue: number;
}

export interface LayerModel {
  /** compute piece durations, µs, measured (or given) on `refComputeSms` compute SMs */
  computeUs: Record<ComputePiece, number>;
  /** bytes each all-to-all piece moves per GPU (0 for dense layers) */
  commBytes: Record<CommPiece, CommBytes>;
}

/** Everything needed to produce piece durations at any SM split. */
export interface OverlapModel {
  hardware: Hardware;
  /** the layers of one stage (L), in forward order */
  layers: LayerModel[];
  /** compute SMs `computeUs` was measured on (N − s at the reference split; H800 trace: 112) */
  refComputeSms: number;
  /** bytes of each PP send per micro-batch (0 = not modelled) */
  ppBytes: Record<PpPiece, CommBytes>;
  /** fixed cost added to every all-to-all piece and PP send that moves bytes, µs */
  commLatencyUs: number;
  /** the SM split the preset is tuned for (DeepSeek: 20) */
  defaultCommSms: number;
}

const BYTES_PER_US_PER_GBPS = 1000;
/** Upper bound on SMs per GPU (H100: 132, B200: 148); keeps a sweep (one point per split) small. */
export const MAX_SMS = 4096;

/** bw(s) = min(link, s · link / s_sat), GB/s. */
export function linkBandwidth(linkGBps: number, commSms: number, saturationSms: number): number {
  return linkGBps * Math.min(1, commSms / saturationSms);
}

/** Duration of a transfer with s comm SMs, µs. */
export function commDurationUs(bytes: CommBytes, hw: Hardware, commSms: number, latencyUs: number): number {
  if (bytes.ib === 0 && bytes.nvlink === 0) return 0;
  const ib = bytes.ib === 0 ? 0 : bytes.ib / (linkBandwidth(hw.ibGBps, commSms, hw.saturationSms) * BYTES_PER_US_PER_GBPS);
  const nvl = bytes.nvlink === 0 ? 0 : bytes.nvlink / (linkBandwidth(hw.nvlinkGBps, commSms, hw.saturationSms) * BYTES_PER_US_PER_GBPS);
  return Math.max(ib, nvl) + latencyUs;
}

/** A compute piece measured on C_ref compute SMs, run beside s comm SMs on N: t · C_ref / (N − s), µs. */
export function computeDurationUs(tRefUs: number, refComputeSms: number, sms: number, commSms: number): number {
  return (tRefUs * refComputeSms) / (sms - commSms);
}

function valuesPerGpu(shape: MoeShape): { all: number; ib: number } {
  const nodes = Math.max(1, Math.floor(shape.expertParallel / shape.gpusPerNode));
  // One IB copy per remote target node; with a single-node EP group nothing crosses IB.
  const ibCopies = nodes > 1 ? Math.min(shape.topK, shape.maxNodes, nodes) : 0;
  return { all: shape.tokens * shape.topK * shape.hidden, ib: shape.tokens * ibCopies * shape.hidden };
}

export function dispatchBytes(shape: MoeShape): CommBytes {
  const v = valuesPerGpu(shape);
  return { ib: v.ib * shape.dispatchBytesPerValue, nvlink: v.all * shape.dispatchBytesPerValue };
}

export function combineBytes(shape: MoeShape): CommBytes {
  const v = valuesPerGpu(shape);
  return { ib: v.ib * shape.combineBytesPerValue, nvlink: v.all * shape.combineBytesPerValue };
}

/** One PP send (activation forward or gradient backward), over IB between nodes. */
export function ppSendBytes(shape: MoeShape): CommBytes {
  return { ib: shape.tokens * shape.hidden * shape.ppBytesPerValue, nvlink: 0 };
}

/** The first unusable hardware number, or null. */
export function hardwareIssue(hw: Hardware): InputIssue<OverlapField> | null {
  const count = numberIssue('sms', `${hw.name} SM count`, hw.sms, true);
  if (count) return count;
  if (!Number.isInteger(hw.sms) || hw.sms < 2 || hw.sms > MAX_SMS) {
    return {
      field: 'sms',
      message: `the GPU must have an integer number of SMs from 2 to ${MAX_SMS}; got ${hw.sms}`,
      suggestion: Math.min(MAX_SMS, Math.max(2, Math.round(hw.sms))),
    };
  }
  return (
    numberIssue('nvlinkGBps', 'NVLink bandwidth (GB/s)', hw.nvlinkGBps, true) ??
    numberIssue('ibGBps', 'IB bandwidth (GB/s)', hw.ibGBps, true) ??
    numberIssue('saturationSms', 'SMs that saturate a link', hw.saturationSms, true)
  );
}

/** Throws OverlapInputError unless the hardware numbers are usable. */
export function validateHardware(hw: Hardware): void {
  const issue = hardwareIssue(hw);
  if (issue) throw new OverlapInputError(issue);
}

/** The issue with a split of s comm SMs unless 1 ≤ s ≤ N − 1 and s is an integer (compute needs an SM). */
export function splitIssue(hw: Hardware, commSms: number): InputIssue<OverlapField> | null {
  const field = 'commSms';
  if (typeof commSms !== 'number' || !Number.isInteger(commSms)) {
    const near = Number.isFinite(commSms) ? Math.min(hw.sms - 1, Math.max(1, Math.round(commSms))) : 1;
    return { field, message: `comm SMs must be an integer; got ${commSms}`, suggestion: near };
  }
  if (commSms < 1)
    return { field, message: `comm SMs must be at least 1 (communication kernels need an SM); got ${commSms}`, suggestion: 1 };
  if (commSms >= hw.sms)
    return { field, message: `comm SMs must be less than the GPU's ${hw.sms} SMs; got ${commSms}`, suggestion: hw.sms - 1 };
  return null;
}

/** Throws unless 1 ≤ s ≤ N − 1 and s is an integer: compute needs at least one SM. */
export function validateSplit(hw: Hardware, commSms: number): void {
  const issue = splitIssue(hw, commSms);
  if (issue) throw new OverlapInputError(issue);
}

export function validateModel(m: OverlapModel): void {
  validateHardware(m.hardware);
  if (!Number.isInteger(m.refComputeSms) || m.refComputeSms < 1) {
    throw new OverlapInputError(`the compute SMs the durations were measured on must be a positive integer; got ${m.refComputeSms}`);
  }
  if (m.layers.length === 0) throw new OverlapInputError({ field: 'layers', message: 'the model needs at least one layer', suggestion: 1 });
  if (m.layers.length > MAX_LAYERS)
    throw new OverlapInputError({
      field: 'layers',
      message: `at most ${MAX_LAYERS} layers per stage; got ${m.layers.length}`,
      suggestion: MAX_LAYERS,
    });
  checkNumber('comm latency (µs)', m.commLatencyUs);
  m.layers.forEach((l, i) => {
    for (const p of COMPUTE_PIECES) checkNumber(`layer ${i} ${p} (µs)`, l.computeUs[p]);
    for (const p of COMM_PIECES) {
      checkNumber(`layer ${i} ${p} IB bytes`, l.commBytes[p].ib);
      checkNumber(`layer ${i} ${p} NVLink bytes`, l.commBytes[p].nvlink);
    }
  });
  for (const p of PP_PIECES) {
    checkNumber(`PP ${p} IB bytes`, m.ppBytes[p].ib);
    checkNumber(`PP ${p} NVLink bytes`, m.ppBytes[p].nvlink);
  }
}

/** Piece durations (µs) of the model with s comm SMs. */
export function piecesAt(m: OverlapModel, commSms: number): ChunkPieces {
  validateSplit(m.hardware, commSms);
  const hw = m.hardware;
  const layers = m.layers.map((l) => {
    const out = {} as ChunkPieces['layers'][number];
    for (const p of COMPUTE_PIECES) out[p] = computeDurationUs(l.computeUs[p], m.refComputeSms, hw.sms, commSms);
    for (const p of COMM_PIECES) out[p] = commDurationUs(l.commBytes[p], hw, commSms, m.commLatencyUs);
    return out;
  });
  return {
    layers,
    pp: {
      'send(F)': commDurationUs(m.ppBytes['send(F)'], hw, commSms, m.commLatencyUs),
      'send(B)': commDurationUs(m.ppBytes['send(B)'], hw, commSms, m.commLatencyUs),
    },
  };
}

/**
 * A model from durations measured at `atSms` comm SMs (a trace or a --pieces file). The comm
 * pieces become IB-bottlenecked byte counts (bytes = t · bw_IB(s_ref)): at EP64 DeepEP's
 * bottleneck is RDMA (DeepEP README), so the measured time scales with the IB bandwidth.
 */
export function modelFromPieces(pieces: ChunkPieces, hw: Hardware, atSms: number): OverlapModel {
  validateHardware(hw);
  validateSplit(hw, atSms);
  const bw = linkBandwidth(hw.ibGBps, atSms, hw.saturationSms) * BYTES_PER_US_PER_GBPS;
  const asBytes = (us: number): CommBytes => ({ ib: us * bw, nvlink: 0 });
  return {
    hardware: hw,
    refComputeSms: hw.sms - atSms,
    defaultCommSms: atSms,
    commLatencyUs: 0,
    layers: pieces.layers.map((l) => ({
      computeUs: Object.fromEntries(COMPUTE_PIECES.map((p) => [p, l[p]])) as Record<ComputePiece, number>,
      commBytes: Object.fromEntries(COMM_PIECES.map((p) => [p, asBytes(l[p])])) as Record<CommPiece, CommBytes>,
    })),
    ppBytes: { 'send(F)': asBytes(pieces.pp['send(F)']), 'send(B)': asBytes(pieces.pp['send(B)']) },
  };
}

/** The issue with L layers per stage unless L is an integer from 1 to MAX_LAYERS. */
export function layersIssue(layers: number): InputIssue<OverlapField> | null {
  if (Number.isInteger(layers) && layers >= 1 && layers <= MAX_LAYERS) return null;
  return {
    field: 'layers',
    message: `layers per stage must be an integer from 1 to ${MAX_LAYERS}; got ${layers}`,
    suggestion: Number.isFinite(layers) ? Math.min(MAX_LAYERS, Math.max(1, Math.round(layers))) : 1,
  };
}

/** The model with L layers: unchanged if it already has L, else its mean layer repeated L times. */
export function withLayers(m: OverlapModel, layers: number): OverlapModel {
  const issue = layersIssue(layers);
  if (issue) throw new OverlapInputError(issue);
  if (layers === m.layers.length) return m;
  const n = m.layers.length;
  const mean: LayerModel = { computeUs: {} as LayerModel['computeUs'], commBytes: {} as LayerModel['commBytes'] };
  for (const p of COMPUTE_PIECES) mean.computeUs[p] = m.layers.reduce((a, l) => a + l.computeUs[p], 0) / n;
  for (const p of COMM_PIECES) {
    mean.commBytes[p] = {
      ib: m.layers.reduce((a, l) => a + l.commBytes[p].ib, 0) / n,
      nvlink: m.layers.reduce((a, l) => a + l.commBytes[p].nvlink, 0) / n,
    };
  }
  return { ...m, layers: Array.from({ length: layers }, () => mean) };
}

/** The same model with no communication at all (all bytes and latency 0). */
export function withoutComm(m: OverlapModel): OverlapModel {
  const none = (): CommBytes => ({ ib: 0, nvlink: 0 });
  return {
    ...m,
    commLatencyUs: 0,
    layers: m.layers.map((l) => ({
      computeUs: l.computeUs,
      commBytes: Object.fromEntries(COMM_PIECES.map((p) => [p, none()])) as Record<CommPiece, CommBytes>,
    })),
    ppBytes: { 'send(F)': none(), 'send(B)': none() },
  };
}

/** The same model on other hardware numbers (bandwidth sliders, SM count). */
export function withHardware(m: OverlapModel, patch: Partial<Hardware>): OverlapModel {
  const hardware = { ...m.hardware, ...patch };
  validateHardware(hardware);
  return { ...m, hardware };
}
