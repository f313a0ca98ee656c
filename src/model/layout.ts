/**
 * Pipeline layouts: which layers each (rank, virtual stage) holds (docs/model.md §3).
 * - from a layout string or list: Megatron's PipelineParallelLayerLayout (__init__ and
 *   validate_layer_layout): global stage k runs on rank k mod PP as virtual stage k div PP;
 * - without one: Megatron's even split (transformer_block.get_num_layers_to_build), with
 *   account_for_embedding/loss_in_pipeline_split and decoder_first/last_pipeline_num_layers;
 * - torchtitan's split (generate_llm_fqn_per_model_part): embedding and output count as
 *   `inputWeight` / `outputWeight` layers, so the first and last stage get fewer decoders.
 */
import type { MegatronArgs } from './args.ts';
import { ModelInputError } from './errors.ts';
import { layoutToString, parseLayoutString, type LayerKind } from './layoutString.ts';

export type { LayerKind } from './layoutString.ts';

export interface PipelineLayout {
  pipelineParallel: number;
  virtualStages: number;
  /** layers of each global stage, in layer order (stage k: rank k mod PP, virtual stage k div PP) */
  stages: LayerKind[][];
  /** `byRank[rank][chunk]`: Megatron's 2-D layout, the CLI's "layout" field */
  byRank: LayerKind[][][];
  /** the layout as a string Megatron accepts */
  text: string;
  /** where it came from */
  source: 'layout' | 'even' | 'torchtitan';
}

const FIELD = 'pipeline_model_parallel_layout';
const KINDS: readonly LayerKind[] = ['embedding', 'decoder', 'mtp', 'loss'];

/** Megatron's 1-D → 2-D conversion: stage k → rank k mod PP, virtual stage k div PP. */
export function fromStages(stages: LayerKind[][], pp: number, source: PipelineLayout['source']): PipelineLayout {
  if (stages.length % pp !== 0) {
    throw new ModelInputError(
      FIELD,
      `has ${stages.length} stage${stages.length === 1 ? '' : 's'} ("|"-separated), which is not a multiple of pipeline_model_parallel_size ${pp}`,
    );
  }
  const vpp = stages.length / pp;
  const byRank = Array.from({ length: pp }, (_, rank) => Array.from({ length: vpp }, (_, chunk) => stages[chunk * pp + rank]));
  return { pipelineParallel: pp, virtualStages: vpp, stages, byRank, text: layoutToString(stages), source };
}

function fromList(list: string[][]): LayerKind[][] {
  return list.map((stage, k) =>
    stage.map((name) => {
      const kind = name.trim().toLowerCase();
      if (!(KINDS as readonly string[]).includes(kind)) {
        throw new ModelInputError(FIELD, `stage ${k} has "${name}", which is not a layer type (${KINDS.join(', ')})`);
      }
      return kind as LayerKind;
    }),
  );
}

const where = (l: PipelineLayout, stage: number) =>
  `stage ${stage} (rank ${stage % l.pipelineParallel}, virtual stage ${Math.floor(stage / l.pipelineParallel)})`;

/** Megatron's validate_layer_layout, with the offending stage named. */
export function validateLayout(l: PipelineLayout, numLayers: number, mtpNumLayers: number | null): void {
  const flat = l.stages.flat();
  const count = (k: LayerKind) => flat.filter((x) => x === k).length;
  const fail = (msg: string): never => {
    throw new ModelInputError(FIELD, msg);
  };
  if (flat[0] !== 'embedding') fail(`the first layer must be the embedding (E), but it is ${flat[0] ?? 'missing (the layout is empty)'}`);
  if (flat[flat.length - 1] !== 'loss') fail(`the last layer must be the loss (L), but it is ${flat[flat.length - 1]}`);
  if (count('embedding') !== 1) fail(`the embedding (E) must appear exactly once; it appears ${count('embedding')} times`);
  if (count('loss') !== 1) fail(`the loss (L) must appear exactly once; it appears ${count('loss')} times`);
  if (count('decoder') !== numLayers) fail(`has ${count('decoder')} decoder layers (t) but num_layers is ${numLayers}`);
  const mtp = count('mtp');
  if (!(mtp === (mtpNumLayers ?? 0))) fail(`has ${mtp} MTP layers (m) but mtp_num_layers is ${mtpNumLayers ?? 'not set'}`);
  const firstMtp = flat.indexOf('mtp');
  if (firstMtp >= 0 && flat.slice(firstMtp).includes('decoder')) fail('decoder layers (t) must all come before the MTP layers (m)');
  for (let s = 0; s < l.stages.length; s++) {
    const chunk = Math.floor(s / l.pipelineParallel);
    if (l.stages[s].includes('mtp') && chunk < l.virtualStages - 1) {
      fail(`${where(l, s)} has MTP layers; Megatron requires them in the last virtual stage of a rank`);
    }
    if (l.stages[s].includes('mtp') && l.stages[s].filter((x) => x === 'mtp').length !== mtp) {
      fail(`${where(l, s)} holds only some of the MTP layers; Megatron requires all of them in one virtual stage`);
    }
  }
}

export interface ResolvedLayout {
  layout: PipelineLayout;
  warnings: string[];
}

/**
 * The layout of a run, validated: its layout string/list (or "torchtitan") if given, else Megatron's
 * even split. Where Megatron would refuse the even split (layers not divisible by PP × V), torchtitan's
 * split is used instead with a warning, so the Megatron estimates (which need no layout) still print.
 */
export function resolveLayout(a: MegatronArgs, override?: string): ResolvedLayout {
  const pp = a.pipeline_model_parallel_size;
  const given = override ?? a.pipeline_model_parallel_layout;
  const warnings: string[] = [];
  let layout: PipelineLayout;
  if (given === null) {
    try {
      layout = evenLayout(a);
    } catch (e) {
      const uneven = a.decoder_first_pipeline_num_layers !== null || a.decoder_last_pipeline_num_layers !== null;
      if (!(e instanceof ModelInputError) || uneven || e.suggested === undefined) throw e;
      const vpp = pp > 1 ? (a.virtual_pipeline_model_parallel_size ?? 1) : 1;
      try {
        layout = torchtitanLayout(a.num_layers, pp, vpp, a.mtp_num_layers ?? 0);
        warnings.push(`${e.message}; using torchtitan's split instead: "${layout.text}"`);
      } catch {
        layout = spreadLayout(a.num_layers, pp, vpp, a.mtp_num_layers ?? 0);
        warnings.push(`${e.message}; fewer layers than stages, so some stages are empty: "${layout.text}"`);
      }
    }
  } else if (typeof given === 'string' && /^\s*torchtitan\s*$/i.test(given)) {
    layout = torchtitanLayout(a.num_layers, pp, pp > 1 ? (a.virtual_pipeline_model_parallel_size ?? 1) : 1, a.mtp_num_layers ?? 0);
  } else {
    layout = fromStages(typeof given === 'string' ? parseLayoutString(given) : fromList(given), pp, 'layout');
    const argVpp = a.virtual_pipeline_model_parallel_size ?? 1;
    if (argVpp !== layout.virtualStages) {
      warnings.push(
        `the layout has ${layout.virtualStages} virtual stage${layout.virtualStages > 1 ? 's' : ''} per rank but virtual_pipeline_model_parallel_size is ${a.virtual_pipeline_model_parallel_size ?? 'not set'}; Megatron's estimates use the argument as given (a Megatron run would take it from the layout)`,
      );
    }
  }
  validateLayout(layout, a.num_layers, a.mtp_num_layers);
  return { layout, warnings };
}

/** Megatron without a layout string: get_num_layers_to_build for every (rank, virtual stage). */
export function evenLayout(a: MegatronArgs): PipelineLayout {
  const pp = a.pipeline_model_parallel_size;
  const vpp = pp > 1 ? (a.virtual_pipeline_model_parallel_size ?? 1) : 1;
  const first = a.decoder_first_pipeline_num_layers;
  const last = a.decoder_last_pipeline_num_layers;
  const suggestion = () => {
    try {
      return torchtitanLayout(a.num_layers, pp, vpp, a.mtp_num_layers ?? 0).text;
    } catch {
      return spreadLayout(a.num_layers, pp, vpp, a.mtp_num_layers ?? 0).text;
    }
  };
  const perRank: number[] = [];
  if (first !== null || last !== null) {
    if (a.account_for_embedding_in_pipeline_split || a.account_for_loss_in_pipeline_split) {
      throw new ModelInputError(
        'decoder_first_pipeline_num_layers',
        'uneven first/last stages cannot be combined with account_for_embedding/loss_in_pipeline_split (Megatron asserts this)',
      );
    }
    let rest = a.num_layers - (first ?? 0) - (last ?? 0);
    const stagesLeft = pp - (first !== null ? 1 : 0) - (last !== null ? 1 : 0);
    if (rest < 0)
      throw new ModelInputError('decoder_first_pipeline_num_layers', `first and last stage layers exceed num_layers ${a.num_layers}`);
    if (stagesLeft > 0 && rest % stagesLeft !== 0) {
      throw new ModelInputError(
        'decoder_first_pipeline_num_layers',
        `the ${rest} layers left over do not divide over the ${stagesLeft} middle stages (Megatron asserts this)`,
        suggestion(),
      );
    }
    const middle = stagesLeft > 0 ? rest / stagesLeft : 0;
    for (let r = 0; r < pp; r++) perRank.push(r === pp - 1 && last !== null ? last : r === 0 && first !== null ? first : middle);
    rest = perRank.reduce((x, y) => x + y, 0);
    if (rest !== a.num_layers)
      throw new ModelInputError(
        'decoder_first_pipeline_num_layers',
        `the stages hold ${rest} decoder layers but num_layers is ${a.num_layers}`,
        suggestion(),
      );
  } else {
    const total = a.num_layers + (a.account_for_embedding_in_pipeline_split ? 1 : 0) + (a.account_for_loss_in_pipeline_split ? 1 : 0);
    if (total % pp !== 0) {
      throw new ModelInputError(
        'num_layers',
        `${total} layers${total !== a.num_layers ? ' (with embedding/loss counted)' : ''} do not divide evenly over pipeline_model_parallel_size ${pp}; give pipeline_model_parallel_layout`,
        suggestion(),
      );
    }
    for (let r = 0; r < pp; r++) perRank.push(total / pp);
  }
  const stages: LayerKind[][] = Array.from({ length: pp * vpp }, () => []);
  for (let r = 0; r < pp; r++) {
    if (perRank[r] % vpp !== 0) {
      throw new ModelInputError(
        'virtual_pipeline_model_parallel_size',
        `rank ${r} has ${perRank[r]} layers, not divisible into ${vpp} virtual stages`,
        suggestion(),
      );
    }
    for (let c = 0; c < vpp; c++) {
      let n = perRank[r] / vpp;
      if (a.account_for_embedding_in_pipeline_split && r === 0 && c === 0) n -= 1;
      if (a.account_for_loss_in_pipeline_split && r === pp - 1 && c === vpp - 1) n -= 1;
      if (n < 0)
        throw new ModelInputError('num_layers', `not enough layers for rank ${r}, virtual stage ${c} once the embedding/loss is counted`);
      stages[c * pp + r] = Array(n).fill('decoder');
    }
  }
  stages[0].unshift('embedding');
  const lastStage = stages[stages.length - 1];
  for (let i = 0; i < (a.mtp_num_layers ?? 0); i++) lastStage.push('mtp');
  lastStage.push('loss');
  return fromStages(stages, pp, 'even');
}

/**
 * torchtitan's generate_llm_fqn_per_model_part over PP × V stages: the embedding counts as
 * `inputWeight` layers on the first stage and norm + output as `outputWeight` on the last, so those
 * stages get fewer decoders; MTP layers (not in torchtitan) go with the loss.
 */
export function torchtitanLayout(
  numLayers: number,
  pp: number,
  vpp: number,
  mtpLayers: number,
  inputWeight = 1,
  outputWeight = 1,
): PipelineLayout {
  const numStages = pp * vpp;
  const stages: LayerKind[][] = [];
  if (numStages === 1) {
    stages.push(['embedding', ...Array<LayerKind>(numLayers).fill('decoder'), ...Array<LayerKind>(mtpLayers).fill('mtp'), 'loss']);
    return fromStages(stages, pp, 'torchtitan');
  }
  const effective = numLayers + inputWeight + outputWeight;
  const perStage = Math.floor(effective / numStages);
  const extra = effective % numStages;
  if (perStage === 0 || inputWeight > perStage || outputWeight > perStage) {
    throw new ModelInputError(
      'pipeline_model_parallel_size',
      `${numStages} stages are too many for ${numLayers} layers (torchtitan needs at least ${Math.max(inputWeight, outputWeight)} effective layers per stage)`,
    );
  }
  let next = 0;
  for (let s = 0; s < numStages; s++) {
    const share = perStage + (s < extra ? 1 : 0) - (s === 0 ? inputWeight : 0) - (s === numStages - 1 ? outputWeight : 0);
    const take = Math.max(0, Math.min(share, numLayers - next));
    next += take;
    const stage: LayerKind[] = Array(take).fill('decoder');
    if (s === 0) stage.unshift('embedding');
    if (s === numStages - 1) stage.push(...Array<LayerKind>(mtpLayers).fill('mtp'), 'loss');
    stages.push(stage);
  }
  return fromStages(stages, pp, 'torchtitan');
}

/** Decoders spread as evenly as possible (earlier stages take the extra ones; stages may be empty). */
export function spreadLayout(numLayers: number, pp: number, vpp: number, mtpLayers: number): PipelineLayout {
  const n = pp * vpp;
  const stages: LayerKind[][] = Array.from({ length: n }, (_, s) =>
    Array<LayerKind>(Math.floor(numLayers / n) + (s < numLayers % n ? 1 : 0)).fill('decoder'),
  );
  stages[0].unshift('embedding');
  stages[n - 1].push(...Array<LayerKind>(mtpLayers).fill('mtp'), 'loss');
  return fromStages(stages, pp, 'even');
}

/** Decoder layer ids (0-based, model order) of every global stage. */
export function decoderIds(l: PipelineLayout): number[][] {
  let next = 0;
  return l.stages.map((stage) => stage.filter((k) => k === 'decoder').map(() => next++));
}
