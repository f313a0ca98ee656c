import { describe, expect, it } from 'vitest';
import { PANEL_MAX_ELEMENTS, parseShape } from './limits.ts';

describe('parseShape', () => {
  it.each([
    ['4096x4096', [4096, 4096]],
    [' 128 × 256 ', [128, 256]],
    ['64,128', [64, 128]],
    ['1X7', [1, 7]],
  ])('%s', (raw, shape) => {
    expect(parseShape(raw)).toEqual({ ok: true, shape });
  });

  it.each([
    ['', /rows x cols/],
    ['4096', /not a shape/],
    ['0x0', /0x0 has no elements/],
    ['0x5', /no elements/],
    ['3.5x2', /rows "3.5" is not a whole number/],
    ['-1x2', /not a whole number/],
    ['abcxdef', /not a whole number/],
    ['100000x100000', /1\.00e10 elements, more than the panel's limit of 33,554,432 .*CLI/],
    ['99999999999999999999x2', /not a whole number/],
  ])('%s is refused with a message', (raw, message) => {
    const r = parseShape(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('accepts exactly the limit', () => {
    expect(parseShape(`4096x${PANEL_MAX_ELEMENTS / 4096}`).ok).toBe(true);
    expect(parseShape(`4097x${PANEL_MAX_ELEMENTS / 4096}`).ok).toBe(false);
  });
});
