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
  parseExploreList,
  type ExploreInputs,
} from './exploreInputs.ts';
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
        (schedules, ranks, microbatches, stagesPerRank, memLimit, frontierOnly, validOnly, y) => {
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
