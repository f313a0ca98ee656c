import { describe, expect, it } from 'vitest';
import { DEFAULT_FP8 } from '../fp8panel/inputs.ts';
import { createAppStore, urlOf } from './index.ts';

describe('fp8 slice', () => {
  it('starts from the URL and writes its keys back after the app keys', () => {
    const s = createAppStore('?schedule=dualpipe&ranks=8&microbatches=20&fp8fmt=e5m2&fp8shape=64x128');
    expect(s.getState().fp8.format).toBe('e5m2');
    expect(s.getState().fp8.methods).toEqual(['per_tensor_e5m2', 'mx32_e5m2_floor']);
    expect(s.getState().warnings).toEqual([]);
    expect(urlOf(s.getState())).toBe('?schedule=dualpipe&ranks=8&microbatches=20&fp8shape=64x128&fp8fmt=e5m2');
    expect(urlOf(createAppStore('').getState())).not.toContain('fp8');
  });

  it('bad fp8 keys become warnings in the banner, not errors', () => {
    const s = createAppStore('?fp8shape=0x0');
    expect(s.getState().fp8.shape).toEqual(DEFAULT_FP8.shape);
    expect(s.getState().warnings[0]).toMatch(/fp8shape="0x0": The shape 0x0 has no elements/);
  });

  it('typed fields: valid text applies, invalid text keeps the last valid inputs', () => {
    const s = createAppStore('');
    s.getState().setFp8Field('shape', '256x512');
    expect(s.getState().fp8.shape).toEqual([256, 512]);
    const before = s.getState().fp8;
    s.getState().setFp8Field('shape', '0x0');
    expect(s.getState().fp8Drafts.shape).toBe('0x0');
    expect(s.getState().fp8).toBe(before);
  });

  it('format switch keeps compatible methods or takes the defaults; toggles keep the core order', () => {
    const s = createAppStore('');
    s.getState().toggleFp8Method('mx32_e4m3_rceil', true);
    s.getState().toggleFp8Method('per_row_e4m3', true);
    expect(s.getState().fp8.methods).toEqual(['per_tensor_e4m3', 'per_row_e4m3', 'tile1x128_e4m3', 'block128x128_e4m3', 'mx32_e4m3_rceil']);
    s.getState().setFp8Format('e5m2');
    expect(s.getState().fp8.methods).toEqual(['per_tensor_e5m2', 'mx32_e5m2_floor']);
    s.getState().toggleFp8Method('per_tensor_e5m2', false);
    s.getState().setFp8Format('e4m3');
    expect(s.getState().fp8.methods).toEqual(DEFAULT_FP8.methods);
  });
});
