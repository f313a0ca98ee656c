/** The Explore page's inputs (exploreInputs.ts): defaults, list validation, and the link's ex* keys. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCHEDULE_NAMES } from '../engine/index.ts';
import {
  DEFAULT_EXPLORE,
  decodeExploreUrl,
  encodeExploreUrl,
  exploreAxes,
  exploreDraftsOf,
  exploreSourceSpec,
  parseExploreList,
  type ExploreInputs,
} from './exploreInputs.ts';
import { GPU_PRESETS, MODEL_SETUPS } from '../model/index.ts';
import { setupInputs } from '../store/modelInputs.ts';
import { sweepSize } from './sweep.ts';

describe('decodeExploreUrl / encodeExploreUrl', () => {
  it('reads every key', () => {
    const d = decodeExploreUrl('?exs=zb-v,1f1b&exp=4:32:4&exm=16,32&exv=1:3&exmem=8,12.5&exhide=zb-v&exfront=1&exvalid=1&exy=makespan');
    expect(d.warnings).toEqual([]);
    expect(d.inputs).toEqual({
      // in the engine's order
      schedules: ['1f1b', 'zb-v'],
      ranks: [4, 8, 12, 16, 20, 24, 28, 32],
      microbatches: [16, 32],
      stagesPerRank: [1, 2, 3],
      memLimit: [8, 12.5],
      hidden: ['zb-v'],
      frontierOnly: true,
      validOnly: true,
      y: 'makespan',
      source: 'costs',
      setup: 'deepseek-v3-2048-h800',
      gpu: 'h800',
      mfu: 0.3,
    });
  });

  it('leaves defaults out and reads its own link back', () => {
    expect(encodeExploreUrl(DEFAULT_EXPLORE)).toBe('');
    const i: ExploreInputs = { ...DEFAULT_EXPLORE, ranks: [4, 8, 12, 16], memLimit: [6], frontierOnly: true };
    expect(encodeExploreUrl(i)).toBe('exp=4%3A16%3A4&exmem=6&exfront=1');
    expect(decodeExploreUrl(encodeExploreUrl(i)).inputs).toEqual(i);
  });

  it('a bad value falls back to its default with a warning naming it', () => {
    const d = decodeExploreUrl('exs=nope&exp=8:4&exm=&exfront=yes&exy=log&exq=1&exhide=1f1b');
    expect(d.inputs.schedules).toEqual(DEFAULT_EXPLORE.schedules);
    expect(d.inputs.ranks).toEqual(DEFAULT_EXPLORE.ranks);
    expect(d.inputs.microbatches).toEqual(DEFAULT_EXPLORE.microbatches);
    expect(d.inputs.frontierOnly).toBe(false);
    expect(d.inputs.y).toBe('perMicrobatch');
    expect(d.warnings).toEqual([
      'exs="nope": unknown schedule "nope" ignored',
      'exs="nope" names no schedule; using the default gpipe,1f1b,interleaved-1f1b,zb-h1,zb-v,dualpipe',
      'exp="8:4": ranks P: the range "8:4" runs backwards (4 < 8); using the default 4,8,16',
      'exm="": micro-batches M: needs at least one value (a number, a comma list, or a range a:b:step); using the default 8:64:8',
      'exfront="yes" is not 1 or 0; using 0',
      'exy="log" is not one of mb, makespan; using mb',
      'unknown parameter "exq" ignored',
    ]);
  });

  it('round-trips any valid inputs (property)', () => {
    const list = (min: number, max: number) => fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...SCHEDULE_NAMES), { minLength: 1 }),
        list(1, 1024),
        list(1, 65536),
        list(1, 64),
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('perMicrobatch' as const, 'makespan' as const),
        fc.constantFrom('costs' as const, 'model' as const),
        fc.constantFrom(...MODEL_SETUPS.map((m) => m.id)),
        fc.option(fc.constantFrom(...GPU_PRESETS.map((g) => g.id)), { nil: undefined }),
        fc.option(fc.double({ min: 0.01, max: 1, noNaN: true }), { nil: undefined }),
        (schedules, ranks, microbatches, stagesPerRank, memLimit, frontierOnly, validOnly, y, source, setup, gpu, mfu) => {
          const ordered = SCHEDULE_NAMES.filter((s) => schedules.includes(s));
          const i: ExploreInputs = {
            schedules: ordered,
            ranks,
            microbatches,
            stagesPerRank,
            memLimit,
            hidden: ordered.slice(0, 1),
            frontierOnly,
            validOnly,
            y,
            source,
            setup,
            gpu: gpu ?? setupInputs(setup).gpu,
            mfu: mfu ?? setupInputs(setup).mfu,
          };
          const d = decodeExploreUrl(encodeExploreUrl(i));
          expect(d.warnings).toEqual([]);
          expect(d.inputs).toEqual(i);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the cost source (exsrc, exsetup, exgpu, exmfu)', () => {
  it("reads a model source; the GPU and MFU default to the setup's own and are left out when they are", () => {
    const d = decodeExploreUrl('?exsrc=model&exsetup=llama3.1-70b-128-h100');
    expect(d.warnings).toEqual([]);
    expect(d.inputs).toMatchObject({
      source: 'model',
      setup: 'llama3.1-70b-128-h100',
      gpu: 'h100',
      mfu: setupInputs('llama3.1-70b-128-h100').mfu,
    });
    expect(encodeExploreUrl(d.inputs)).toBe('exsrc=model&exsetup=llama3.1-70b-128-h100');
    const other = { ...d.inputs, gpu: 'b200', mfu: 0.45 };
    expect(encodeExploreUrl(other)).toBe('exsrc=model&exsetup=llama3.1-70b-128-h100&exgpu=b200&exmfu=0.45');
    expect(decodeExploreUrl(encodeExploreUrl(other)).inputs).toEqual(other);
  });

  it("checks each value by the Model panel's field rules, falling back with a warning naming it", () => {
    const d = decodeExploreUrl('exsrc=cluster&exsetup=gpt5&exgpu=tpu&exmfu=1.5');
    expect(d.inputs).toMatchObject({ source: 'costs', setup: 'deepseek-v3-2048-h800', gpu: 'h800', mfu: 0.3 });
    expect(d.warnings).toHaveLength(4);
    expect(d.warnings[0]).toBe('exsrc="cluster" is not model or costs; using costs');
    expect(d.warnings[1]).toMatch(/^exsetup="gpt5": unknown setup "gpt5"; expected one of .*; using deepseek-v3-2048-h800$/);
    expect(d.warnings[2]).toMatch(/^exgpu="tpu": unknown GPU "tpu"; .*; using the setup's h800$/);
    expect(d.warnings[3]).toBe('exmfu="1.5": MFU while computing must be above 0 and at most 1; got 1.5; using the setup\'s 0.3');
  });

  it("the sweep spec: the plain costs, or the setup's Megatron arguments on the chosen GPU and MFU", () => {
    const costs = { kind: 'costs' as const, costs: { F: 2 } };
    expect(exploreSourceSpec(DEFAULT_EXPLORE, costs)).toBe(costs);
    const spec = exploreSourceSpec({ ...DEFAULT_EXPLORE, source: 'model', setup: 'llama3.1-8b-64-h100', gpu: 'h200', mfu: 0.5 }, costs);
    expect(spec.kind).toBe('model');
    if (spec.kind !== 'model') return;
    expect(spec.model.hardware).toBe('h200');
    expect(spec.model.mfu).toBe(0.5);
    expect(spec.model.args).toMatchObject({ num_layers: 32, pipeline_model_parallel_size: setupInputs('llama3.1-8b-64-h100').pp });
    // plain data: it crosses to the workers by structured clone
    expect(structuredClone(spec)).toEqual(spec);
  });
});

describe('lists and axes', () => {
  it('memory limits may be empty (each schedule default); other lists may not', () => {
    expect(parseExploreList('memLimit', ' ')).toEqual({ ok: true, values: [] });
    expect(parseExploreList('ranks', '').ok).toBe(false);
    expect(exploreDraftsOf(DEFAULT_EXPLORE)).toEqual({ ranks: '4,8,16', microbatches: '8:64:8', stagesPerRank: '2', memLimit: '' });
  });

  it('the default sweep: v only for interleaved-1f1b', () => {
    expect(sweepSize(exploreAxes(DEFAULT_EXPLORE), true)).toBe(6 * 3 * 8);
    expect(exploreAxes({ ...DEFAULT_EXPLORE, memLimit: [] }).memLimit).toBeNull();
  });
});
