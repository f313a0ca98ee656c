/**
 * Training setups: a model preset (presets.ts, its parallel sizes) on a GPU, with the MFU knob, the
 * micro-batches per step and the schedule to draw — what the app's Model panel starts from
 * (docs/model.md §10). Sources say where each number comes from; where none is published the setup
 * says it is an example.
 */
import { ModelInputError } from './errors.ts';
import type { ScheduleName } from '../engine/index.ts';

export interface ModelSetup {
  id: string;
  label: string;
  /** model preset id (presets.ts) */
  model: string;
  /** GPU preset id (hardware.ts) */
  gpu: string;
  mfu: number;
  /** micro-batches per step and data-parallel rank */
  microbatches: number;
  schedule: ScheduleName;
  source: string;
}

export const MODEL_SETUPS: readonly ModelSetup[] = [
  {
    id: 'deepseek-v3-2048-h800',
    label: 'DeepSeek-V3 on 2048 H800',
    model: 'deepseek-v3',
    gpu: 'h800',
    mfu: 0.3,
    microbatches: 120,
    schedule: 'dualpipe',
    source:
      'DeepSeek-V3 report §3.1–3.2: PP16 DualPipe, EP64, ZeRO-1 DP128; batch 15360 × 4K = 120 micro-batches per DP rank; MFU 0.30 from DeepSeek’s H800 trace of one F&B pair (docs/model.md §9)',
  },
  {
    id: 'llama3.1-405b-16k-h100',
    label: 'Llama 3.1 405B on 16 384 H100',
    model: 'llama3.1-405b',
    gpu: 'h100',
    mfu: 0.45,
    microbatches: 16,
    schedule: 'interleaved-1f1b',
    source:
      'Llama 3 paper Table 4: TP8 CP1 PP16 DP128, sequence 8192, 16M tokens per batch = 16 micro-batches per DP rank; 38–43 % BF16 MFU reported',
  },
  {
    id: 'llama3.1-70b-128-h100',
    label: 'Llama 3.1 70B on 128 H100',
    model: 'llama3.1-70b',
    gpu: 'h100',
    mfu: 0.5,
    microbatches: 16,
    schedule: 'interleaved-1f1b',
    source: 'example: TP8 PP4 with 5 virtual stages, DP4 (the preset), 16 micro-batches',
  },
  {
    id: 'llama3.1-8b-64-h100',
    label: 'Llama 3.1 8B on 64 H100',
    model: 'llama3.1-8b',
    gpu: 'h100',
    mfu: 0.5,
    microbatches: 16,
    schedule: '1f1b',
    source: 'example: TP2 PP4 DP8 (the preset), 16 micro-batches',
  },
  {
    id: 'qwen3-235b-256-h100',
    label: 'Qwen3-235B-A22B on 256 H100',
    model: 'qwen3-235b-a22b',
    gpu: 'h100',
    mfu: 0.4,
    microbatches: 32,
    schedule: 'zb-v',
    source: 'example: TP4 PP8 EP8 DP8 (the preset), 32 micro-batches',
  },
  {
    id: 'mixtral-8x22b-128-h100',
    label: 'Mixtral 8x22B on 128 H100',
    model: 'mixtral-8x22b',
    gpu: 'h100',
    mfu: 0.45,
    microbatches: 16,
    schedule: '1f1b',
    source: 'example: TP4 PP4 EP8 DP8 (the preset), 16 micro-batches',
  },
  {
    id: 'gpt3-175b-1536-h100',
    label: 'GPT-3 175B on 1536 H100',
    model: 'gpt3-175b',
    gpu: 'h100',
    mfu: 0.5,
    microbatches: 128,
    schedule: 'interleaved-1f1b',
    source:
      'Megatron-LM paper Table 1: TP8 PP16 DP12, batch 1536 = 128 micro-batches per DP rank, full recompute (on A100 there; H100 here)',
  },
];

export function modelSetup(id: string): ModelSetup {
  const s = MODEL_SETUPS.find((x) => x.id === id);
  if (!s) throw new ModelInputError('setup', `unknown setup "${id}"; expected one of ${MODEL_SETUPS.map((x) => x.id).join(', ')}`);
  return s;
}
