/** The sweep's list syntax (sweepLists.ts): comma lists and a:b:step ranges, their errors, and the shortest form. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LIST_VALUES, formatList, parseList, type ListRule } from './sweepLists.ts';

const INT: ListRule = { integer: true, min: 1, max: 1024 };
const REAL: ListRule = { integer: false, min: 0.001, max: 1e9 };
const values = (raw: string, rule = INT) => {
  const r = parseList(raw, rule, 'ranks');
  if (!r.ok) throw new Error(r.message);
  return r.values;
};
const message = (raw: string, rule = INT) => {
  const r = parseList(raw, rule, 'ranks');
  if (r.ok) throw new Error(`accepted ${raw}: ${r.values}`);
  return r.message;
};

describe('parseList', () => {
  it('reads numbers, comma lists and inclusive ranges in the order written', () => {
    expect(values('8')).toEqual([8]);
    expect(values('4:32:4')).toEqual([4, 8, 12, 16, 20, 24, 28, 32]);
    expect(values('2:5')).toEqual([2, 3, 4, 5]);
    expect(values(' 16, 8 ,64:256:64')).toEqual([16, 8, 64, 128, 192, 256]);
    // a range stops at the last value not past b
    expect(values('4:30:8')).toEqual([4, 12, 20, 28]);
    expect(values('7:7:3')).toEqual([7]);
  });

  it('drops repeats (a repeat would sweep the same point twice)', () => {
    expect(values('4,8,4:12:4')).toEqual([4, 8, 12]);
  });

  it('lands decimal ranges on their ends', () => {
    expect(values('0.1:0.5:0.1', REAL)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(values('1e3,2.5e3', REAL)).toEqual([1000, 2500]);
  });

  it('names the item that is wrong, in one sentence', () => {
    expect(message('')).toBe('ranks: needs at least one value (a number, a comma list, or a range a:b:step)');
    expect(message('4,,8')).toMatch(/^ranks: empty item in "4,,8"/);
    expect(message('four')).toBe('ranks: "four" is not a whole number or a range a:b:step');
    expect(message('2.5')).toBe('ranks: "2.5" must be a whole number');
    expect(message('0')).toBe('ranks: 0 is below the smallest value 1');
    expect(message('2000')).toBe('ranks: 2000 is above the largest value 1024');
    expect(message('8:4')).toBe('ranks: the range "8:4" runs backwards (4 < 8)');
    expect(message('4:8:0')).toBe('ranks: the step of "4:8:0" must be positive');
    expect(message('4:8:-2')).toBe('ranks: the step of "4:8:-2" must be positive');
    expect(message('1:2:3:4')).toBe('ranks: "1:2:3:4" has more than two colons; a range is a:b or a:b:step');
    expect(message('1:x')).toBe('ranks: "1:x" is not a range a:b:step of numbers');
    expect(message('1:8:1.5')).toBe('ranks: "2.5" must be a whole number (in "1:8:1.5")');
    expect(message('1000:1100')).toBe('ranks: 1025 is above the largest value 1024 (in "1000:1100")');
    expect(message('0x10')).toMatch(/is not a whole number/);
    for (const raw of ['', '4,,8', 'four', '8:4', '1:1e9']) expect(message(raw, { integer: true, min: 1, max: 1e12 })).not.toMatch(/\n/);
  });

  it('refuses lists that expand past the limit before building them', () => {
    expect(message('1:1e9', { integer: true, min: 1, max: 1e12 })).toBe(
      `ranks: "1:1e9" gives 1,000,000,000 values; at most ${MAX_LIST_VALUES} per list`,
    );
  });
});

describe('formatList', () => {
  it('writes runs of three or more equal steps as ranges', () => {
    expect(formatList([4, 8, 12, 16])).toBe('4:16:4');
    expect(formatList([1, 2, 3])).toBe('1:3');
    expect(formatList([16, 32])).toBe('16,32');
    expect(formatList([2, 4, 6, 7, 100])).toBe('2:6:2,7,100');
    expect(formatList([])).toBe('');
  });

  it('reads back as the same values (any list of distinct whole numbers)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1024 }), { minLength: 1, maxLength: 40 }), (xs) => {
        expect(values(formatList(xs))).toEqual(xs);
      }),
      { numRuns: 500 },
    );
  });
});
