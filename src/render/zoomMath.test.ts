import { describe, expect, it } from 'vitest';
import { clampDomain, minSpanOf, normalizeDomain, panBy, revealInterval, zoomAround } from './zoomMath.ts';

describe('zoom arithmetic (hand-computed)', () => {
  it('zoomAround keeps the centre time at the same fraction of the window', () => {
    expect(zoomAround([0, 100], 2, 50, 100, 1)).toEqual([25, 75]);
    expect(zoomAround([0, 100], 2, 0, 100, 1)).toEqual([0, 50]);
    expect(zoomAround([20, 60], 4, 30, 100, 1)).toEqual([27.5, 37.5]);
    expect(zoomAround([25, 75], 0.5, 50, 100, 1)).toEqual([0, 100]);
  });
  it('never narrower than minSpan, never outside [0, extent]', () => {
    expect(zoomAround([0, 10], 100, 5, 100, 1)).toEqual([4.5, 5.5]);
    expect(clampDomain([-5, 5], 100, 1)).toEqual([0, 10]);
    expect(clampDomain([95, 110], 100, 1)).toEqual([85, 100]);
    expect(clampDomain([10, 10], 100, 2)).toEqual([10, 12]);
    expect(clampDomain([-10, 300], 100, 1)).toEqual([0, 100]);
  });
  it('panBy moves by a fraction of the window and stops at the ends', () => {
    expect(panBy([10, 30], 0.5, 100, 1)).toEqual([20, 40]);
    expect(panBy([10, 30], -1, 100, 1)).toEqual([0, 20]);
    expect(panBy([80, 100], 0.2, 100, 1)).toEqual([80, 100]);
  });
  it('normalizeDomain says null for the whole timeline', () => {
    expect(normalizeDomain([0, 100], 100)).toBeNull();
    expect(normalizeDomain([0, 99], 100)).toEqual([0, 99]);
  });
  it('revealInterval moves the least to show an op with a 5% margin', () => {
    expect(revealInterval([0, 100], 10, 20, 1000, 1)).toEqual([0, 100]);
    expect(revealInterval([0, 100], 120, 130, 1000, 1)).toEqual([35, 135]);
    expect(revealInterval([200, 300], 150, 160, 1000, 1)).toEqual([145, 245]);
  });
  it('minSpanOf: a tenth of the shortest op, within float sanity', () => {
    expect(minSpanOf(1, 66)).toBe(0.1);
    expect(minSpanOf(0, 66)).toBeCloseTo(6.6e-6, 12);
  });
});
