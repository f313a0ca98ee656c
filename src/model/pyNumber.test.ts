/**
 * Python number semantics: the expected values were printed by CPython 3.11 (`repr(...)`); a plain JS
 * double computation gives a different last digit for the first two, which is why Megatron's ints
 * are bigints here.
 */
import { describe, expect, it } from 'vitest';
import { add, div, floorDiv, int, lessThan, min, mul, toNumber } from './pyNumber.ts';

describe('Python int/float emulation', () => {
  it('keeps int products exact until a float joins, like CPython', () => {
    // 548805150 * 254277060 * 2031 * 1.5  → 4.251346882071279e+20 (naive doubles: ...128e+20)
    expect(toNumber(mul(int(548805150), int(254277060), int(2031), 1.5))).toBe(4.251346882071279e20);
    expect(548805150 * 254277060 * 2031 * 1.5).not.toBe(4.251346882071279e20);
    // int / int is correctly rounded: (548805150 * 254277060 * 2031) / 7 → 4.048901792448837e+19
    expect(div(mul(int(548805150), int(254277060), int(2031)), int(7))).toBe(4.048901792448837e19);
    expect(div(2n ** 60n + 1n, 3n)).toBe(3.843071682022823e17);
    expect(div(10n ** 30n + 7n, 10n ** 17n + 3n)).toBe(10000000000000.0);
    expect(div(-(2n ** 64n - 1n), 2n ** 11n)).toBe(-9007199254740992.0);
  });

  it('adds, floors and compares the Python way', () => {
    expect(add(2n ** 53n, 1n)).toBe(2n ** 53n + 1n);
    expect(toNumber(add(2n ** 53n + 1n, 0.5))).toBe(9007199254740992.0);
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(floorDiv(7n, 2n)).toBe(3n);
    expect(min(1n, 1.0)).toBe(1n); // min returns the first of equals
    expect(min(1n, 0.75)).toBe(0.75);
    expect(lessThan(2n ** 53n + 1n, 2 ** 53)).toBe(false);
    expect(lessThan(2 ** 53, 2n ** 53n + 1n)).toBe(true); // exact, not by rounding the int
    expect(() => div(1n, 0n)).toThrow(/division by zero/);
    expect(() => int(1.5)).toThrow();
  });
});
