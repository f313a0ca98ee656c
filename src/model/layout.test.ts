/**
 * Pipeline layouts: the golden parse of Megatron's PipelineParallelLayerLayout, its regex quirks,
 * errors with columns, Megatron's even split and torchtitan's split.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMegatronArgs } from './args.ts';
import { ModelInputError } from './errors.ts';
import { evenLayout, resolveLayout, torchtitanLayout } from './layout.ts';
import { layoutToString, parseLayoutString } from './layoutString.ts';

const golden = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/megatron-estimates/deepseek-v3_tp1_pp16_ep64_dp128_layout.json', import.meta.url), 'utf8'),
) as { args: Record<string, unknown>; layout: { input: string; parsed: string[][][]; vpp: number } };

const base = { hidden_size: 64, num_attention_heads: 4, padded_vocab_size: 1000, seq_length: 128, micro_batch_size: 1 };
const args = (extra: Record<string, unknown>) => parseMegatronArgs({ ...base, ...extra }).args;

function errorOf(f: () => unknown): ModelInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof ModelInputError) return e;
    throw e;
  }
  throw new Error('expected a ModelInputError');
}

describe('Megatron layout strings', () => {
  it('parses the DeepSeek-V3 recipe layout exactly as PipelineParallelLayerLayout', () => {
    const { layout } = resolveLayout(parseMegatronArgs(golden.args).args);
    expect(layout.byRank).toEqual(golden.layout.parsed);
    expect(layout.virtualStages).toBe(golden.layout.vpp);
    expect(layout.stages).toHaveLength(32);
    // Stage k on rank k mod PP, virtual stage k div PP.
    expect(layout.byRank[14][1]).toEqual(['mtp']);
    expect(layout.stages[30]).toEqual(['mtp']);
  });

  it("keeps Megatron's regex quirks: one unrolling pass each, commas ignored", () => {
    expect(parseLayoutString('(t)*2*3')).toEqual([Array(4).fill('decoder')]); // "tt*3" → "tttt", not 6
    expect(parseLayoutString('E,t,t|L')).toEqual([['embedding', 'decoder', 'decoder'], ['loss']]);
    expect(parseLayoutString('(|t)*2,L')).toEqual([[], ['decoder'], ['decoder', 'loss']]);
    expect(parseLayoutString('E|t*007|L')[1]).toHaveLength(7);
    expect(parseLayoutString('t*0|L')).toEqual([[], ['loss']]);
    expect(parseLayoutString('(t*2|)*2')).toEqual([['decoder', 'decoder'], ['decoder', 'decoder'], []]);
  });

  it('says where an invalid layout string goes wrong', () => {
    expect(errorOf(() => parseLayoutString('Et*3|tx|L')).message).toBe(
      'pipeline_model_parallel_layout: column 7 of "Et*3|tx|L": invalid layer character "x"; known: E (embedding), t (decoder), m (mtp), L (loss), "|" (next stage)',
    );
    // The first regex pass eats the outer "(" and ")*2"; the inner "(" (column 2) is what remains.
    expect(errorOf(() => parseLayoutString('((tt)*2)*3|L')).message).toMatch(/column 2 of .*unexpected "\(": .*cannot be nested/);
    expect(errorOf(() => parseLayoutString('E(tt|L')).message).toMatch(/column 2 of .*unexpected "\("/);
    expect(errorOf(() => parseLayoutString('Et**2|L')).message).toMatch(/column 3 of .*unexpected "\*"/);
    expect(errorOf(() => parseLayoutString('E3t|L')).message).toMatch(/column 2 of .*a number may only follow "\*"/);
    expect(errorOf(() => parseLayoutString('t*99999999')).message).toMatch(/column 3 of .*longer than/);
    expect(errorOf(() => parseLayoutString('Et*3|tx|L')).field).toBe('pipeline_model_parallel_layout');
  });

  it('rejects layouts that do not fit the model, naming the stage', () => {
    const a = args({ num_layers: 4, pipeline_model_parallel_size: 2, mtp_num_layers: 1 });
    expect(errorOf(() => resolveLayout(a, 'Ett|tm|L')).message).toMatch(/3 stages .* not a multiple of pipeline_model_parallel_size 2/);
    expect(errorOf(() => resolveLayout(a, 'Ett|tmL')).message).toMatch(/has 3 decoder layers \(t\) but num_layers is 4/);
    expect(errorOf(() => resolveLayout(a, 'tEtt|ttmL')).message).toMatch(/first layer must be the embedding/);
    expect(errorOf(() => resolveLayout(a, 'Ett|ttL')).message).toMatch(/0 MTP layers .* mtp_num_layers is 1/);
    expect(errorOf(() => resolveLayout(a, 'Ettm|ttL')).message).toMatch(/decoder layers \(t\) must all come before/);
    expect(errorOf(() => resolveLayout(a, 'Ett|ttm||L')).message).toMatch(/stage 1 \(rank 1, virtual stage 0\) has MTP layers/);
    expect(resolveLayout(a, 'Ett|ttmL').layout.byRank).toEqual([
      [['embedding', 'decoder', 'decoder']],
      [['decoder', 'decoder', 'mtp', 'loss']],
    ]);
  });
});

describe('layouts without a string', () => {
  it("Megatron's even split: embedding first, MTP and loss last, virtual stages interleaved", () => {
    const a = args({ num_layers: 8, pipeline_model_parallel_size: 2, virtual_pipeline_model_parallel_size: 2, mtp_num_layers: 1 });
    const l = evenLayout(a);
    expect(l.text).toBe('Et*2|t*2|t*2|t*2mL');
    expect(l.byRank[1][1]).toEqual(['decoder', 'decoder', 'mtp', 'loss']);
  });

  it('account_for_embedding/loss_in_pipeline_split and uneven first/last stages', () => {
    expect(
      evenLayout(
        args({
          num_layers: 6,
          pipeline_model_parallel_size: 4,
          account_for_embedding_in_pipeline_split: true,
          account_for_loss_in_pipeline_split: true,
        }),
      ).text,
    ).toBe('Et|t*2|t*2|tL');
    expect(
      evenLayout(
        args({
          num_layers: 10,
          pipeline_model_parallel_size: 4,
          decoder_first_pipeline_num_layers: 1,
          decoder_last_pipeline_num_layers: 1,
        }),
      ).text,
    ).toBe('Et|t*4|t*4|tL');
  });

  it("falls back to torchtitan's split, with a warning, where Megatron's even split refuses", () => {
    const a = args({ num_layers: 61, pipeline_model_parallel_size: 16, mtp_num_layers: 1 });
    const e = errorOf(() => evenLayout(a));
    expect(e.field).toBe('num_layers');
    expect(e.suggested).toBe(torchtitanLayout(61, 16, 1, 1).text);
    const { layout, warnings } = resolveLayout(a);
    expect(layout.source).toBe('torchtitan');
    expect(warnings[0]).toMatch(/do not divide evenly .*torchtitan's split/);
  });

  it("torchtitan: embedding and output count as a layer each (Llama 3's 126 layers on 16 stages)", () => {
    const l = torchtitanLayout(126, 16, 1, 0);
    expect(l.text).toBe('Et*7|' + 't*8|'.repeat(14) + 't*7L');
    expect(layoutToString(parseLayoutString('Et*7|(t*8|)*14,t*7L'))).toBe(l.text);
    // generate_llm_fqn_per_model_part(4, 10): effective 12 → 3 per stage.
    expect(torchtitanLayout(10, 2, 2, 0).text).toBe('Et*2|t*3|t*3|t*2L');
    expect(torchtitanLayout(11, 4, 1, 0).text).toBe('Et*3|t*3|t*3|t*2L'); // 13 effective: the first stage takes the extra one
  });
});
