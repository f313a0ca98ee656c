/**
 * GPU presets for the per-stage cost model (docs/hardware.md has every number's source). Peaks are
 * dense (no 2:4 sparsity) tensor-core TFLOP/s; HBM in GB (10^9 B); link bandwidths in GB/s per GPU
 * and per direction, as the vendor states them. LINK_EFFICIENCY turns a stated scale-up bandwidth into
 * what collectives reach: 0.8 = DeepSeek's H800 figure (160 GB/s of 200 GB/s per direction). Scale-out
 * is used as stated: DeepEP measures ~50 GB/s RDMA on 400 Gb/s NICs (docs/presets.md §4).
 */
import type { Hardware } from '../engine/overlap/index.ts';
import { ModelInputError } from './errors.ts';

export interface GpuPreset {
  id: string;
  name: string;
  /** dense BF16 tensor-core peak, TFLOP/s */
  bf16Tflops: number;
  /** dense FP8 tensor-core peak, TFLOP/s */
  fp8Tflops: number;
  /** HBM capacity, GB (10^9 bytes) */
  hbmGB: number;
  /** HBM bandwidth, TB/s */
  hbmTBps: number;
  /** scale-up link (NVLink / Infinity Fabric) to all peers together, GB/s per direction */
  scaleUpGBps: number;
  /** scale-up bandwidth to one peer, GB/s per direction (NVSwitch: all of it; MI300X mesh: one link) */
  peerGBps: number;
  /** scale-out NIC bandwidth per GPU, GB/s per direction (400 Gb/s = 50 GB/s) */
  scaleOutGBps: number;
  /** GPUs per node sharing the scale-up fabric */
  gpusPerNode: number;
  /** SMs (NVIDIA) or CUs (AMD), for the all-to-all SM model of the overlap engine */
  sms: number;
  sources: string[];
}

export const LINK_EFFICIENCY = 160 / 200;

export const GPU_PRESETS: readonly GpuPreset[] = [
  {
    id: 'h800',
    name: 'H800 SXM',
    bf16Tflops: 989.5,
    fp8Tflops: 1979,
    hbmGB: 80,
    hbmTBps: 3.35,
    scaleUpGBps: 200,
    peerGBps: 200,
    scaleOutGBps: 50,
    gpusPerNode: 8,
    sms: 132,
    sources: [
      'compute and HBM as H100 SXM (same GH100 part; export variant with reduced NVLink)',
      "NVLink 400 GB/s bidirectional = 200 GB/s per direction (DeepSeek ISCA'25, arXiv 2505.09343 §4.1); DeepSeek-V3 §3.2.2 measures 160 GB/s",
      'eight 400 Gb/s ConnectX-7 NICs per node = 50 GB/s per GPU (arXiv 2505.09343 §4.1; DeepSeek-V3 §3.2.2 "IB (50 GB/s)")',
    ],
  },
  {
    id: 'h100',
    name: 'H100 SXM',
    bf16Tflops: 989.5,
    fp8Tflops: 1979,
    hbmGB: 80,
    hbmTBps: 3.35,
    scaleUpGBps: 450,
    peerGBps: 450,
    scaleOutGBps: 50,
    gpusPerNode: 8,
    sms: 132,
    sources: [
      'NVIDIA H100 Tensor Core GPU datasheet (SXM): BF16 1,979 and FP8 3,958 TFLOPS with sparsity → 989.5 / 1,979 dense; 80 GB HBM3, 3.35 TB/s',
      'NVLink 4: 900 GB/s bidirectional per GPU = 450 GB/s per direction (same datasheet)',
      'DGX H100: eight ConnectX-7 400 Gb/s compute NICs → 50 GB/s per GPU',
    ],
  },
  {
    id: 'h200',
    name: 'H200 SXM',
    bf16Tflops: 989.5,
    fp8Tflops: 1979,
    hbmGB: 141,
    hbmTBps: 4.8,
    scaleUpGBps: 450,
    peerGBps: 450,
    scaleOutGBps: 50,
    gpusPerNode: 8,
    sms: 132,
    sources: [
      'NVIDIA H200 datasheet (SXM): same tensor-core peaks as H100 SXM (BF16 1,979 / FP8 3,958 TFLOPS with sparsity); 141 GB HBM3e, 4.8 TB/s',
      'NVLink 4: 900 GB/s bidirectional = 450 GB/s per direction; 400 Gb/s NIC per GPU = 50 GB/s (HGX H200)',
    ],
  },
  {
    id: 'b200',
    name: 'B200 (HGX)',
    bf16Tflops: 2250,
    fp8Tflops: 4500,
    hbmGB: 180,
    hbmTBps: 7.7,
    scaleUpGBps: 900,
    peerGBps: 900,
    scaleOutGBps: 50,
    gpusPerNode: 8,
    sms: 148,
    sources: [
      'NVIDIA HGX B200 datasheet, per GPU: FP8 9 PFLOPS and BF16 4.5 PFLOPS with sparsity → 4,500 / 2,250 TFLOPS dense; 180 GB HBM3e, 7.7 TB/s',
      'NVLink 5: 1.8 TB/s bidirectional per GPU = 900 GB/s per direction (same datasheet)',
      "DGX B200: eight ConnectX-7 400 Gb/s NICs → 50 GB/s per GPU; 148 SMs (Blackwell B200, as DeepEP's SM100 numbers assume)",
    ],
  },
  {
    id: 'mi300x',
    name: 'MI300X',
    bf16Tflops: 1307.4,
    fp8Tflops: 2614.9,
    hbmGB: 192,
    hbmTBps: 5.3,
    scaleUpGBps: 448,
    peerGBps: 64,
    scaleOutGBps: 50,
    gpusPerNode: 8,
    sms: 304,
    sources: [
      'AMD Instinct MI300X data sheet: peak dense BF16 1,307.4 TFLOPS, FP8 2,614.9 TFLOPS; 192 GB HBM3, 5.3 TB/s; 304 compute units',
      'Infinity Fabric: 7 links × 128 GB/s bidirectional = 64 GB/s per direction to each of the 7 peers, 448 GB/s to all peers together (fully connected 8-GPU platform)',
      'one 400 Gb/s NIC per GPU = 50 GB/s (AMD Instinct MI300X platform reference design)',
    ],
  },
];

export function gpuPreset(id: string): GpuPreset {
  const p = GPU_PRESETS.find((x) => x.id === id.toLowerCase());
  if (!p) throw new ModelInputError('hardware', `unknown GPU "${id}"; expected one of ${GPU_PRESETS.map((x) => x.id).join(', ')}`);
  return p;
}

/** The overlap engine's link model for this GPU: usable bandwidths, 20 SMs saturate a link (DeepSeek-V3 §3.2.2). */
export function overlapHardware(p: GpuPreset): Hardware {
  return {
    name: p.name,
    sms: p.sms,
    nvlinkGBps: p.scaleUpGBps * LINK_EFFICIENCY,
    ibGBps: p.scaleOutGBps,
    saturationSms: 20,
  };
}
