import { describe, expect, it } from 'vitest';
import { scaleGrid, scaleStats } from './scaleGrid.ts';

describe('scaleGrid', () => {
  it('keeps a small grid as log2 values', () => {
    const g = scaleGrid(new Float32Array([1, 2, 4, 8, 0.5, 0.25]), [2, 3]);
    expect([g.rows, g.cols, g.blockRows, g.blockCols]).toEqual([2, 3, 1, 1]);
    expect(Array.from(g.values)).toEqual([0, 1, 2, 3, -1, -2]);
    expect([g.lo, g.hi]).toEqual([-2, 3]);
  });

  it('averages log2 over blocks (geometric mean), skipping NaN scales', () => {
    const s = new Float32Array(6 * 4).fill(1);
    s[0] = 4; // cell (0,0) holds groups rows 0-2, cols 0-1 → mean log2 = 2/6
    s[1] = NaN;
    const g = scaleGrid(s, [6, 4], 2, 2);
    expect([g.rows, g.cols, g.blockRows, g.blockCols]).toEqual([2, 2, 3, 2]);
    expect(g.values[0]).toBeCloseTo(2 / 5);
    expect(g.values[3]).toBe(0);
    expect(g.stats).toMatchObject({ min: 1, max: 4, nan: 1, count: 24 });
  });

  it('an all-NaN grid has no colour range', () => {
    const g = scaleGrid(new Float32Array([NaN, NaN]), [1, 2]);
    expect(Number.isNaN(g.lo) && Number.isNaN(g.hi)).toBe(true);
    expect(Number.isNaN(g.values[0]!)).toBe(true);
  });

  it('refuses a grid that does not match its shape', () => {
    expect(() => scaleGrid(new Float32Array(5), [2, 3])).toThrow(/5 scales for a 2x3 grid/);
  });

  it('scaleStats: median of an even count is the geometric middle', () => {
    expect(scaleStats(new Float32Array([1, 4, 16, 64])).median).toBe(8);
    expect(scaleStats(new Float32Array([2, 0, NaN])).median).toBe(2);
  });
});

describe('viridisPixels', () => {
  it('maps lo and hi to the ends of viridis, NaN to transparent', async () => {
    const { viridisPixels, viridisLut } = await import('./scaleGrid.ts');
    const px = viridisPixels(new Float32Array([-3, 5, NaN]), -3, 5);
    const lut = viridisLut();
    expect(Array.from(px.slice(0, 4))).toEqual([lut[0], lut[1], lut[2], 255]);
    expect(Array.from(px.slice(4, 8))).toEqual([lut[765], lut[766], lut[767], 255]);
    expect(Array.from(px.slice(8, 12))).toEqual([0, 0, 0, 0]);
    expect([lut[0], lut[1], lut[2]]).toEqual([68, 1, 84]); // viridis starts at #440154
  });
});
