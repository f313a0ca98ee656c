/**
 * Overlap presets with their sources (docs/presets.md §3-6, docs/overlap.md §5). Durations µs, bytes per
 * GPU, bandwidths GB/s per GPU (one direction).
 *
 * Compute pieces in every preset are the measured H800 ones: H800, H100 and H200 SXM share the
 * GH100 die (132 SMs, same clocks and tensor-core peak); H800 differs in NVLink, H200 in HBM
 * (141 GB HBM3e, 4.8 TB/s vs 80 GB, 3.35 TB/s), which this first-order model does not use.
 */
import type { CommBytes, Hardware, LayerModel, MoeShape, OverlapModel } from './commModel.ts';
import { combineBytes, dispatchBytes, modelFromPieces, ppSendBytes } from './commModel.ts';
import { OverlapInputError } from './errors.ts';
import type { LayerPieces } from './pieces.ts';

/**
 * Per-layer piece durations of the measured F&B pair, µs (segment end − start), from
 * deepseek-ai/profile-data train.json as summarized in fixtures/golden/deepseek-profile/
 * train_fb_overlap_4layers.json: H800, EP64 TP1, 4K tokens, 20 comm SMs (GEMMs launch 112 blocks).
 * Index = layer: the forward of layer i runs in layer step i, the backward of layer j in step 3 − j.
 */
export const H800_TRACE_LAYERS: readonly LayerPieces[] = [
  {
    'attn(F)': 4833,
    'mlp(F)': 4289,
    'attn(B)': 9737,
    'mlp(B)': 4772,
    'attn(W)': 2412,
    'mlp(W)': 4639,
    'dispatch(F)': 6087,
    'combine(F)': 7327,
    'dispatch(B)': 7466,
    'combine(B)': 7275,
  },
  {
    'attn(F)': 4393,
    'mlp(F)': 4420,
    'attn(B)': 9646,
    'mlp(B)': 5467,
    'attn(W)': 2400,
    'mlp(W)': 5260,
    'dispatch(F)': 5746,
    'combine(F)': 8262,
    'dispatch(B)': 7517,
    'combine(B)': 6210,
  },
  {
    'attn(F)': 4567,
    'mlp(F)': 5212,
    'attn(B)': 9563,
    'mlp(B)': 5467,
    'attn(W)': 2390,
    'mlp(W)': 5059,
    'dispatch(F)': 7129,
    'combine(F)': 9541,
    'dispatch(B)': 7912,
    'combine(B)': 5227,
  },
  {
    'attn(F)': 4602,
    'mlp(F)': 4644,
    'attn(B)': 9215,
    'mlp(B)': 5746,
    'attn(W)': 2381,
    'mlp(W)': 5333,
    'dispatch(F)': 7988,
    'combine(F)': 9653,
    'dispatch(B)': 7338,
    'combine(B)': 4424,
  },
];
/** Comm SMs of the trace: "we allocate 20 out of the 132 SMs" (V3 report §3.5.1). */
export const H800_TRACE_COMM_SMS = 20;
/** Measured span of the pair from its first piece, µs: 129,728 − 716 (golden file). */
export const H800_TRACE_SPAN_US = 129_012;

/** DeepSeek-V3 micro-batch shape (V3 report §3.2.2, §3.3; DeepEP README benchmark setting). */
export const DEEPSEEK_V3_SHAPE: MoeShape = {
  tokens: 4096,
  hidden: 7168,
  topK: 8,
  maxNodes: 4,
  gpusPerNode: 8,
  expertParallel: 64,
  dispatchBytesPerValue: 1 + 4 / 128,
  combineBytesPerValue: 2,
  ppBytesPerValue: 2,
};

/** H800: "NVLink offers a bandwidth of 160 GB/s, roughly 3.2 times that of IB (50 GB/s)" (§3.2.2). */
export const H800: Hardware = { name: 'H800 SXM', sms: 132, nvlinkGBps: 160, ibGBps: 50, saturationSms: 20 };
/**
 * H100 SXM: NVLink 4 900 GB/s bidirectional = 450 GB/s per direction (NVIDIA H100 datasheet); usable
 * 360 GB/s assumes H800's achieved fraction 160 / 200 (H800 NVLink is 400 GB/s bidirectional, ISCA'25
 * arXiv 2505.09343 §4.1). IB: one ConnectX-7 400 Gb/s NIC per GPU = 50 GB/s (DGX/HGX H100), as on
 * DeepSeek's H800 nodes. 20 SMs to saturate: DeepEP's default num_sms on SM90 (assumed, not measured).
 */
export const H100: Hardware = { name: 'H100 SXM', sms: 132, nvlinkGBps: 360, ibGBps: 50, saturationSms: 20 };
/** H200 SXM: same NVLink 4 (900 GB/s, NVIDIA H200 datasheet) and CX7 400 Gb/s per GPU as H100. */
export const H200: Hardware = { name: 'H200 SXM', sms: 132, nvlinkGBps: 360, ibGBps: 50, saturationSms: 20 };

export interface OverlapPreset {
  id: string;
  label: string;
  /** where each number comes from, one line each */
  sources: string[];
  model: OverlapModel;
}

function ppOf(shape: MoeShape): Record<'send(F)' | 'send(B)', CommBytes> {
  return { 'send(F)': ppSendBytes(shape), 'send(B)': ppSendBytes(shape) };
}

function measuredModel(): OverlapModel {
  const m = modelFromPieces(
    { layers: H800_TRACE_LAYERS.map((l) => ({ ...l })), pp: { 'send(F)': 0, 'send(B)': 0 } },
    H800,
    H800_TRACE_COMM_SMS,
  );
  // The trace has no PP traffic; the PP sends are derived (T·h·2 bytes over IB).
  return { ...m, ppBytes: ppOf(DEEPSEEK_V3_SHAPE) };
}

function derivedModel(hw: Hardware, shape: MoeShape = DEEPSEEK_V3_SHAPE): OverlapModel {
  const d = dispatchBytes(shape);
  const c = combineBytes(shape);
  const layers: LayerModel[] = H800_TRACE_LAYERS.map((l) => ({
    computeUs: {
      'attn(F)': l['attn(F)'],
      'mlp(F)': l['mlp(F)'],
      'attn(B)': l['attn(B)'],
      'mlp(B)': l['mlp(B)'],
      'attn(W)': l['attn(W)'],
      'mlp(W)': l['mlp(W)'],
    },
    commBytes: { 'dispatch(F)': d, 'dispatch(B)': d, 'combine(F)': c, 'combine(B)': c },
  }));
  return {
    hardware: hw,
    layers,
    refComputeSms: H800.sms - H800_TRACE_COMM_SMS,
    ppBytes: ppOf(shape),
    commLatencyUs: 0,
    defaultCommSms: 20,
  };
}

const COMMON_DERIVED = [
  'compute pieces: measured H800 trace (deepseek-ai/profile-data train.json), taken at 20 comm SMs',
  'bytes: T=4096 tokens, h=7168, top-8 experts, ≤4 nodes per token, EP64 on 8-GPU nodes, FP8 dispatch (1+4/128 B/value), BF16 combine and PP (V3 report §3.2.2, §3.3)',
  'comm time = max(IB bytes / bw_IB(s), NVLink bytes / bw_NVL(s)), bw(s) = min(link, s·link/20); latency 0, so notify/layout/cast kernels seen in the trace are not included (a lower bound)',
];

export const PRESETS: readonly OverlapPreset[] = [
  {
    id: 'deepseek-v3-h800-measured',
    label: 'DeepSeek-V3 on H800 (measured)',
    sources: [
      'per-piece durations of one F&B pair, 4 MoE layers, H800, EP64: deepseek-ai/profile-data train.json (golden/deepseek-profile)',
      'split: 20 of 132 SMs for communication (V3 report §3.5.1); the durations hold at s = 20 and scale with the SM model',
      'comm pieces scale with IB bandwidth 50 GB/s (DeepEP: EP64 internode bottleneck is RDMA, ~50 GB/s)',
      'PP sends derived: T·h·2 = 58.7 MB over IB (not in the trace)',
    ],
    model: measuredModel(),
  },
  {
    id: 'deepseek-v3-h800-derived',
    label: 'DeepSeek-V3 on H800 (derived)',
    sources: ['NVLink 160 GB/s, IB 50 GB/s, 132 SMs, 20 SMs saturate both (V3 report §3.2.2)', ...COMMON_DERIVED],
    model: derivedModel(H800),
  },
  {
    id: 'deepseek-v3-h100-derived',
    label: 'DeepSeek-V3 on H100 (derived)',
    sources: [
      'NVLink 360 GB/s usable = 450 GB/s per direction (H100 datasheet: 900 GB/s bidirectional) × 0.8 (H800 achieved 160 of 200)',
      'IB 50 GB/s = ConnectX-7 400 Gb/s per GPU (DGX H100); 20 SMs to saturate assumed (DeepEP default num_sms)',
      ...COMMON_DERIVED,
    ],
    model: derivedModel(H100),
  },
  {
    id: 'deepseek-v3-h200-derived',
    label: 'DeepSeek-V3 on H200 (derived)',
    sources: [
      'NVLink 360 GB/s usable (H200 datasheet: 900 GB/s bidirectional, as H100), IB 50 GB/s (ConnectX-7 400 Gb/s per GPU)',
      'same GH100 compute as H100/H800; its larger, faster HBM3e is not part of this model, so the timeline equals H100',
      ...COMMON_DERIVED,
    ],
    model: derivedModel(H200),
  },
];

export const DEFAULT_PRESET_ID = 'deepseek-v3-h800-measured';

export function getPreset(id: string): OverlapPreset {
  const p = PRESETS.find((x) => x.id === id);
  if (!p)
    throw new OverlapInputError({
      field: 'preset',
      message: `unknown preset "${id}"; expected one of ${PRESETS.map((x) => x.id).join(', ')}`,
    });
  return p;
}
