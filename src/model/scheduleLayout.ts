/**
 * The model layout a pipeline schedule runs (docs/model.md §8.1). A schedule fixes how many model
 * parts the model is cut into and where each runs (the engine's topology, engine/topology.ts):
 * - one stage per rank (GPipe, 1F1B, ZB-H1/H2, zb-auto, Seq1F1B): PP parts, part k on rank k;
 * - looped (interleaved 1F1B, LoopedBFS, interleaved ZB, Megatron's interleaving): v·PP parts, part k
 *   on rank k mod PP — Megatron's own placement of a layout with v virtual stages;
 * - V (ZB-V, V-Half, V-Min, v-auto, 1F1B-V, DualPipeV): 2·PP parts, part k on rank k for k < PP and
 *   on rank 2·PP − 1 − k after — so the first part (embedding) and the last (loss) share rank 0;
 * - DualPipe: PP parts, each rank r holding parts r and PP − 1 − r (stage PP + k of the second
 *   direction runs part k): two copies of the weights, embedding and head again on one rank.
 *
 * Which layers a part holds, in this order of preference:
 * 1. the run's layout string (`pipeline_model_parallel_layout` or `--layout`) when it has exactly as
 *    many stages as the schedule has parts;
 * 2. merged: k consecutive stages of that layout per part, when it has k times as many stages;
 * 3. split: each of its stages cut into k parts (transformer layers spread evenly, earlier parts
 *    taking the extra ones; the embedding in the first, the loss in the last), when it has k times
 *    fewer;
 * 4. otherwise (or without a layout string) Megatron's even split for that many parts, with the
 *    planner's fallback to torchtitan's split where Megatron's does not divide (layout.ts).
 */
import type { MegatronArgs } from './args.ts';
import { ModelInputError } from './errors.ts';
import { resolveLayout, torchtitanLayout, type LayerKind } from './layout.ts';
import { layoutToString, parseLayoutString } from './layoutString.ts';
import { modelPartOf, scheduleTopology, type ScheduleParams, type Topology } from '../engine/index.ts';

export type PartsSource = 'layout' | 'merged' | 'split' | 'even' | 'torchtitan';

export interface ScheduleLayout {
  /** layers of each model part, in model order */
  parts: LayerKind[][];
  /** the schedule's topology: global stages, their ranks and chains */
  topology: Topology;
  /** global stage → model part (DualPipe's second direction reuses parts 0..PP−1) */
  partOfStage: number[];
  /** the parts as a layout string */
  text: string;
  source: PartsSource;
  /** one sentence: which layout was used and why */
  note: string;
  warnings: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** k consecutive stages per part. */
function merge(stages: LayerKind[][], k: number): LayerKind[][] {
  return Array.from({ length: stages.length / k }, (_, p) => stages.slice(p * k, p * k + k).flat());
}

/** Each stage cut into k parts: transformer layers spread evenly (earlier parts take the extra ones). */
function split(stages: LayerKind[][], k: number): LayerKind[][] {
  return stages.flatMap((stage) => {
    const layers = stage.filter((x) => x === 'decoder' || x === 'mtp');
    const parts: LayerKind[][] = [];
    let next = 0;
    for (let p = 0; p < k; p++) {
      const take = Math.floor(layers.length / k) + (p < layers.length % k ? 1 : 0);
      parts.push(layers.slice(next, next + take));
      next += take;
    }
    if (stage.includes('embedding')) parts[0].unshift('embedding');
    if (stage.includes('loss')) parts[k - 1].push('loss');
    return parts;
  });
}

/** The layout string (or list) the run gives, as stages; null without one or for "torchtitan". */
function givenStages(a: MegatronArgs, override: string | undefined): LayerKind[][] | 'torchtitan' | null {
  const given = override ?? a.pipeline_model_parallel_layout;
  if (given === null) return null;
  if (typeof given === 'string') return /^\s*torchtitan\s*$/i.test(given) ? 'torchtitan' : parseLayoutString(given);
  // a list layout: validated by resolveLayout, which names the bad entry
  return resolveLayout(a).layout.stages;
}

/** Megatron's even split over `parts` parts (PP ranks × parts/PP virtual stages), with the planner's fallbacks. */
function evenParts(a: MegatronArgs, pp: number, parts: number): { stages: LayerKind[][]; source: PartsSource; warnings: string[] } {
  const vpp = parts / pp;
  if (pp === 1 && parts > 1) {
    // Megatron ignores virtual stages without pipeline parallelism: cut the model by torchtitan's rule.
    const l = torchtitanLayout(a.num_layers, 1, parts, a.mtp_num_layers ?? 0);
    return { stages: l.stages, source: 'torchtitan', warnings: [] };
  }
  const r = resolveLayout({ ...a, pipeline_model_parallel_layout: null, virtual_pipeline_model_parallel_size: vpp > 1 ? vpp : null });
  return { stages: r.layout.stages, source: r.layout.source === 'torchtitan' ? 'torchtitan' : 'even', warnings: r.warnings };
}

/** The layout of `params.schedule` on `params.ranks` = pipeline_model_parallel_size ranks. Throws a ScheduleError for invalid params. */
export function scheduleLayout(a: MegatronArgs, params: ScheduleParams, override?: string): ScheduleLayout {
  const pp = a.pipeline_model_parallel_size;
  if (params.ranks !== pp)
    throw new ModelInputError('ranks', `the schedule runs on the pipeline_model_parallel_size = ${pp} ranks; got ${params.ranks}`, pp);
  const topology = scheduleTopology(params);
  const n = topology.modelParts;
  const given = givenStages(a, override);
  const parts = `${plural(n, 'model part')} (${plural(topology.numStages / pp, 'stage')} per rank)`;
  let stages: LayerKind[][];
  let source: PartsSource;
  let note: string;
  let warnings: string[] = [];
  if (given === 'torchtitan') {
    stages = torchtitanLayout(a.num_layers, pp, n / pp, a.mtp_num_layers ?? 0).stages;
    source = 'torchtitan';
    note = `torchtitan's split into ${parts}, as asked`;
  } else if (given !== null && given.length === n) {
    stages = given;
    source = 'layout';
    note = `the run's layout: its ${plural(n, 'stage')} are the schedule's ${parts}`;
  } else if (given !== null && given.length % n === 0) {
    stages = merge(given, given.length / n);
    source = 'merged';
    note = `the run's layout has ${plural(given.length, 'stage')}; every ${given.length / n} consecutive ones merged into the schedule's ${parts}`;
  } else if (given !== null && n % given.length === 0) {
    stages = split(given, n / given.length);
    source = 'split';
    note = `the run's layout has ${plural(given.length, 'stage')}; each cut into ${n / given.length} for the schedule's ${parts}`;
  } else {
    const even = evenParts(a, pp, n);
    stages = even.stages;
    source = even.source;
    warnings = even.warnings;
    const why =
      given === null ? 'no layout string given' : `the run's layout has ${plural(given.length, 'stage')}, which does not fit ${n}`;
    note = `${source === 'even' ? "Megatron's even split" : "torchtitan's split (Megatron's even split does not divide)"} into ${parts}; ${why}`;
  }
  const S = topology.numStages;
  return {
    parts: stages,
    topology,
    partOfStage: Array.from({ length: S }, (_, s) => modelPartOf(s, S, n)),
    text: layoutToString(stages),
    source,
    note,
    warnings,
  };
}
