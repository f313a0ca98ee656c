/**
 * Activation bytes one micro-batch leaves on one GPU of a stage until its backward (docs/model.md §5).
 *
 * Each term is a tensor a backward needs, in BF16 (2 B) unless noted, after Korthikanti et al. 2022
 * (arXiv 2205.05198, §4.1 and Table 2), generalised to GQA, MLA, SwiGLU and MoE:
 * - T = seq_length · micro_batch_size / CP tokens; tensors outside the tensor-parallel regions (norm
 *   inputs and outputs, dropout masks) are divided by TP only with sequence parallelism;
 * - attention runs as a fused (flash) kernel: it keeps Q, K, V, its output and the fp32 log-sum-exp,
 *   never the s×s score matrix, so selective recompute of core_attn stores the same tensors;
 * - dropout masks (1 B per element) only when hidden_dropout > 0;
 * - MoE: each GPU runs T·k·ETP/TP token-expert pairs; it keeps the dispatched tokens, the fc1 and
 *   activation outputs of its experts and the fp32 router probabilities. The routing weights are
 *   applied inside the experts' activation function (Megatron-Core ≥ 0.13), so the combine keeps
 *   no expert outputs;
 * - with `fp8`, an input a weight GEMM keeps for its weight gradient is kept in FP8, 1 B per element
 *   plus a 4 B scale per 128 (Transformer Engine's Linear saves its FP8-cast input; DeepSeek-V3
 *   §3.3.3 caches Linear inputs in FP8 with 1×128 tiles); the attention output stays BF16 (the
 *   attention kernel's backward reads it);
 * - selective recompute of `recompute_modules` (Megatron's names): layernorm drops the norm outputs,
 *   mla_up_proj the up-projected Q, K, V, moe_act the experts' activation output, mlp / moe /
 *   shared_experts everything inside the module but its input; the backward rebuilds them;
 * - full recompute keeps only each recompute group's input (uniform: every recompute_num_layers
 *   layers; block: the first recompute_num_layers layers of the stage) and rebuilds the rest in the
 *   backward: the largest group is reported as transient bytes.
 * `weightGrad` is the part of `stored` only the weight-gradient pass (W) still needs: the inputs of
 * weight GEMMs. What recompute rebuilds in the backward and W still needs is `rebuiltForW` (alive from
 * I until W); what it rebuilds only for the input gradient is `rebuilt` (alive during one layer's I).
 * With Korthikanti's assumptions (MHA, GeLU, ffn = 4h, dropout, no SP) a layer is 34·s·b·h bytes.
 */
import type { MegatronArgs, RecomputeModule } from './args.ts';

export interface Bytes {
  /** bytes kept from the forward until the backward of this micro-batch */
  stored: number;
  /** of `stored`, the inputs of weight GEMMs, kept until W */
  weightGrad: number;
  /** bytes recompute rebuilds in the backward that W needs (weight-GEMM inputs), alive from I until W */
  rebuiltForW: number;
  /** bytes recompute rebuilds only for the input gradient: the largest block's, alive during its I */
  rebuilt: number;
}

const NONE: Bytes = { stored: 0, weightGrad: 0, rebuiltForW: 0, rebuilt: 0 };
const sum = (...xs: Bytes[]): Bytes =>
  xs.reduce(
    (a, b) => ({
      stored: a.stored + b.stored,
      weightGrad: a.weightGrad + b.weightGrad,
      rebuiltForW: a.rebuiltForW + b.rebuiltForW,
      // the backward rebuilds one block at a time
      rebuilt: Math.max(a.rebuilt, b.rebuilt),
    }),
    NONE,
  );

/** One tensor the backward needs: its BF16 size, whether W needs it (a weight-GEMM input), whether recompute drops it. */
interface Tensor {
  bytes: number;
  forW?: boolean;
  dropped?: boolean;
  /** a weight-GEMM input that is saved only by its GEMM (so in FP8 under fp8) */
  fp8?: boolean;
}

/** A block's tensors: what F keeps, what W needs, and what recompute rebuilds (together, for this block). */
function block(s: Shape, tensors: Tensor[]): Bytes {
  const b = { ...NONE };
  for (const t of tensors) {
    const bytes = t.fp8 ? t.bytes * s.gemmInputScale : t.bytes;
    if (t.dropped) {
      if (t.forW) b.rebuiltForW += bytes;
      else b.rebuilt += bytes;
    } else {
      b.stored += bytes;
      if (t.forW) b.weightGrad += bytes;
    }
  }
  return b;
}

interface Shape {
  tokens: number;
  h: number;
  /** factor for tensors outside TP regions: 1/TP with sequence parallelism, else 1 */
  rep: number;
  tp: number;
  mask: number;
  /** bytes of a saved weight-GEMM input relative to BF16: (1 + 4/128) / 2 with fp8, else 1 */
  gemmInputScale: number;
  /** modules dropped by selective recompute */
  recompute: ReadonlySet<RecomputeModule>;
}

function shapeOf(a: MegatronArgs): Shape {
  const tp = a.tensor_model_parallel_size;
  return {
    tokens: (a.seq_length * a.micro_batch_size) / a.context_parallel_size,
    h: a.hidden_size,
    rep: a.sequence_parallel ? 1 / tp : 1,
    tp,
    mask: a.hidden_dropout > 0 ? 1 : 0,
    gemmInputScale: a.fp8 !== null ? (1 + 4 / 128) / 2 : 1,
    recompute: new Set(a.recompute_granularity === 'selective' ? a.recompute_modules : []),
  };
}

/** Attention block: norm input and output, what the fused attention kernel keeps, output dropout mask. */
function attention(a: MegatronArgs, s: Shape): Bytes {
  const { tokens: T, h, rep, tp } = s;
  const norm = s.recompute.has('layernorm');
  const heads = a.num_attention_heads;
  const common: Tensor[] = [
    { bytes: 2 * T * h * rep }, // norm input
    { bytes: 2 * T * h * rep, forW: true, fp8: true, dropped: norm }, // norm output: input of QKV (or the MLA down projections)
    { bytes: s.mask * T * h * rep },
    { bytes: (4 * T * heads) / tp }, // fp32 log-sum-exp
  ];
  if (a.multi_latent_attention) {
    const qHead = a.qk_head_dim + a.qk_pos_emb_head_dim;
    const upProj = s.recompute.has('mla_up_proj');
    const q = a.q_lora_rank ?? 0;
    return block(s, [
      ...common,
      { bytes: 2 * T * q * rep }, // q latent: norm input
      { bytes: 2 * T * q * rep, forW: true, fp8: true, dropped: norm }, // q latent after its norm: up-projection input
      { bytes: 2 * T * (a.kv_lora_rank + a.qk_pos_emb_head_dim) * rep }, // kv latent (with the rope key): norm input
      { bytes: 2 * T * a.kv_lora_rank * rep, forW: true, fp8: true, dropped: norm }, // kv latent after its norm
      { bytes: (2 * T * heads * (2 * qHead + a.v_head_dim)) / tp, dropped: upProj }, // Q, K, V after the up-projections
      { bytes: (2 * T * heads * a.v_head_dim) / tp, forW: true }, // output: kept in BF16 by the attention kernel
    ]);
  }
  const q = heads * a.kv_channels;
  const k = (a.group_query_attention ? a.num_query_groups : heads) * a.kv_channels;
  return block(s, [
    ...common,
    { bytes: a.qk_layernorm ? (2 * T * (q + k)) / tp : 0 },
    { bytes: (2 * T * (q + 2 * k)) / tp },
    { bytes: (2 * T * q) / tp, forW: true },
  ]);
}

/** A dense MLP of width `ffn` (also a shared expert) without its input: fc1 output, activation output. */
function mlp(a: MegatronArgs, s: Shape, ffn: number, dropped: boolean): Bytes {
  const { tokens: T, tp } = s;
  const glu = a.swiglu ? 2 : 1;
  return block(s, [
    { bytes: (2 * T * ffn * glu) / tp, dropped },
    { bytes: (2 * T * ffn) / tp, forW: true, fp8: true, dropped },
  ]);
}

function moe(a: MegatronArgs, s: Shape): Bytes {
  const { tokens: T, h, rep, tp } = s;
  const glu = a.swiglu ? 2 : 1;
  const etp = a.expert_tensor_parallel_size;
  const expertFfn = a.moe_ffn_hidden_size ?? a.ffn_hidden_size;
  const pairs = (T * a.moe_router_topk * etp) / tp;
  const all = s.recompute.has('moe');
  const routed = block(s, [
    { bytes: 4 * T * rep * (a.num_experts ?? 0), dropped: all }, // fp32 router probabilities
    { bytes: 2 * pairs * h, forW: true, fp8: true, dropped: all }, // dispatched tokens: fc1 input
    { bytes: (2 * pairs * expertFfn * glu) / etp, dropped: all },
    { bytes: (2 * pairs * expertFfn) / etp, forW: true, fp8: true, dropped: all || s.recompute.has('moe_act') },
  ]);
  const shared = a.moe_shared_expert_intermediate_size ?? 0;
  return sum(routed, shared > 0 ? mlp(a, s, shared, all || s.recompute.has('shared_experts')) : NONE);
}

/** One decoder (or MTP) transformer layer, as the forward leaves it (selective recompute applied). */
export function layerBytes(a: MegatronArgs, kind: 'dense' | 'moe'): Bytes {
  const s = shapeOf(a);
  const { tokens: T, h, rep } = s;
  const mlpBlock = block(s, [
    { bytes: 2 * T * h * rep }, // norm input
    { bytes: 2 * T * h * rep, forW: true, fp8: true, dropped: s.recompute.has('layernorm') }, // norm output: MLP (router, fc1) input
    { bytes: s.mask * T * h * rep },
  ]);
  const inner = kind === 'moe' && a.num_experts !== null ? moe(a, s) : mlp(a, s, a.ffn_hidden_size, s.recompute.has('mlp'));
  return sum(attention(a, s), mlpBlock, inner);
}

/** The input of a layer: what full recompute keeps per checkpointed group. */
export function layerInputBytes(a: MegatronArgs): number {
  const s = shapeOf(a);
  return 2 * s.tokens * s.h * s.rep;
}

/** Embedding stage extras: int64 token ids and the embedding dropout mask. */
export function embeddingBytes(a: MegatronArgs): Bytes {
  const s = shapeOf(a);
  return { ...NONE, stored: 8 * s.tokens + s.mask * s.tokens * s.h * s.rep };
}

/** Loss stage: final norm input, output-layer input and the fp32 logits the cross entropy keeps. */
export function lossBytes(a: MegatronArgs): Bytes {
  const s = shapeOf(a);
  const headIn = 2 * s.tokens * s.h * s.rep;
  return { ...NONE, stored: headIn + headIn + (4 * s.tokens * a.padded_vocab_size) / s.tp, weightGrad: headIn };
}

/** An MTP layer without its transformer layer: embedding of the shifted tokens, enorm/hnorm, eh_proj, its own head and loss. */
export function mtpExtraBytes(a: MegatronArgs): Bytes {
  const s = shapeOf(a);
  const { tokens: T, h, rep } = s;
  const norms = 2 * (2 * T * h * rep);
  const ehIn = 2 * T * 2 * h * rep;
  return sum(embeddingBytes(a), { ...NONE, stored: norms + ehIn, weightGrad: ehIn }, lossBytes(a));
}

export interface StageBytes {
  stored: number;
  weightGrad: number;
  rebuiltForW: number;
  /** bytes alive only while one layer (full recompute: one recompute group) is rebuilt in the backward, beyond `rebuiltForW` */
  transient: number;
}

/**
 * A stage's activation bytes for one micro-batch given its transformer layers in order
 * ('dense' | 'moe', MTP layers included) and whether it holds the embedding, loss and MTP extras.
 */
export function stageBytes(
  a: MegatronArgs,
  layers: readonly ('dense' | 'moe')[],
  holds: { embedding: boolean; loss: boolean; mtpLayers: number },
): StageBytes {
  const extras = sum(
    holds.embedding ? embeddingBytes(a) : NONE,
    holds.loss ? lossBytes(a) : NONE,
    ...Array(holds.mtpLayers).fill(mtpExtraBytes(a)),
  );
  const full = layers.map((k) => layerBytes(a, k));
  if (a.recompute_granularity !== 'full' || layers.length === 0) {
    const t = sum(extras, ...full);
    return { stored: t.stored, weightGrad: t.weightGrad, rebuiltForW: t.rebuiltForW, transient: t.rebuilt };
  }
  const n = Math.max(1, a.recompute_num_layers ?? 1);
  const input = layerInputBytes(a);
  const out = { stored: extras.stored, weightGrad: extras.weightGrad, rebuiltForW: extras.rebuiltForW, transient: 0 };
  // A recomputed group keeps its input; the backward rebuilds all of it, and its weight-GEMM inputs stay until W.
  const recomputed = (group: Bytes[]) => {
    out.stored += input;
    out.rebuiltForW += group.reduce((x, b) => x + b.weightGrad + b.rebuiltForW, 0);
    out.transient = Math.max(
      out.transient,
      group.reduce((x, b) => x + b.stored - b.weightGrad, 0) + Math.max(0, ...group.map((b) => b.rebuilt)),
    );
  };
  if (a.recompute_method === 'block') {
    // The first n layers keep only their input; the rest are stored in full.
    full.forEach((b, i) => {
      if (i < n) recomputed([b]);
      else {
        out.stored += b.stored;
        out.weightGrad += b.weightGrad;
        out.rebuiltForW += b.rebuiltForW;
        out.transient = Math.max(out.transient, b.rebuilt);
      }
    });
  } else {
    for (let i = 0; i < full.length; i += n) recomputed(full.slice(i, i + n));
  }
  return out;
}
