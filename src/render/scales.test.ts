import { describe, expect, it } from 'vitest';
import { laneAt, rowLayout } from './rows.ts';
import {
  COST_UNITS,
  GUTTER,
  MICROSECONDS_AS_MS,
  MICROSECONDS_AS_S,
  TimeScale,
  axisTicks,
  axisUnits,
  formatCompact,
  formatTime,
  timeScale,
} from './scales.ts';

describe('TimeScale', () => {
  it('maps the window onto the plot between the gutters, and back', () => {
    const x = timeScale([0, 50], 1128);
    expect([x.left, x.right, x.width, x.start, x.end]).toEqual([GUTTER.left, 1064, 1000, 0, 50]);
    expect(x.px(0)).toBe(GUTTER.left);
    expect(x.px(50)).toBe(1128 - GUTTER.right);
    expect(x.px(25)).toBe((GUTTER.left + 1128 - GUTTER.right) / 2);
    expect(x.time(GUTTER.left + 100)).toBe(5);
    expect(x.unitsPerPx).toBe(0.05);
  });

  it('a zoomed window: 20 px per unit from t = 10; clamped 2 px past the plot, or to the plot', () => {
    const x = new TimeScale(10, 20, 100, 300);
    expect([x.px(10), x.px(15), x.px(20), x.px(5)]).toEqual([100, 200, 300, 0]);
    expect([x.clampedPx(5), x.clampedPx(10.25), x.clampedPx(1e9)]).toEqual([98, 105, 302]);
    expect([x.insidePx(5), x.insidePx(25)]).toEqual([100, 300]);
    expect([x.overlaps(50, 99), x.overlaps(50, 100), x.overlaps(301, 250), x.overlaps(301, 400)]).toEqual([false, true, true, false]);
  });

  it('an empty window or plot still maps (one unit, one px)', () => {
    const x = new TimeScale(3, 3, 64, 64);
    expect([x.end, x.right, x.px(4)]).toEqual([4, 65, 65]);
    expect(timeScale([0, 10], 10).width).toBe(1);
  });
});

describe('formatTime', () => {
  it('4 significant digits, ms for the detailed mode', () => {
    expect(formatTime(17, COST_UNITS)).toBe('17');
    expect(formatTime(2.333333, COST_UNITS)).toBe('2.333');
    expect(formatTime(18522, COST_UNITS)).toBe('18,522');
    expect(formatTime(2086479, COST_UNITS)).toBe('2,086,479');
    expect(formatTime(1234.5, COST_UNITS)).toBe('1,235');
    expect(formatTime(-0, COST_UNITS)).toBe('0');
    expect(formatTime(98693.4, MICROSECONDS_AS_MS)).toBe('98.69 ms');
    expect(formatTime(1174.40512, MICROSECONDS_AS_MS)).toBe('1.174 ms');
    expect(formatTime(0, MICROSECONDS_AS_MS)).toBe('0 ms');
    // from 10⁴ ms on, seconds
    expect(formatTime(9_999_000, MICROSECONDS_AS_MS)).toBe('9,999 ms');
    expect(formatTime(11_357_951.8, MICROSECONDS_AS_MS)).toBe('11.36 s');
    expect(formatTime(123_456_000_000, MICROSECONDS_AS_MS)).toBe('123,456 s');
  });

  it('compact for the gutters: SI prefixes past 7 characters', () => {
    expect(formatCompact(180149, COST_UNITS)).toBe('180,149');
    expect(formatCompact(2613149, COST_UNITS)).toBe('2.61M');
    expect(formatCompact(3e9, COST_UNITS)).toBe('3G');
    expect(formatCompact(180149, MICROSECONDS_AS_MS)).toBe('180.1 ms');
    expect(formatCompact(1.2345e11, MICROSECONDS_AS_MS)).toBe('123,450 s');
    expect(formatCompact(1.2345e12, MICROSECONDS_AS_MS)).toBe('1.23M s');
  });
});

describe('axisTicks', () => {
  it('about one tick per 90 px, labelled in display units', () => {
    const x = timeScale([0, 66], 64 + 64 + 600);
    const t = axisTicks(x, COST_UNITS);
    expect(t.map((k) => k.label)).toEqual(['0', '10', '20', '30', '40', '50', '60']);
    expect(t[1].px).toBeCloseTo(64 + 600 * (10 / 66), 9);
    const ms = axisTicks(timeScale([0, 4_000_000], 728), MICROSECONDS_AS_MS);
    expect(ms[1].label).toBe('500');
    expect(ms[1].value).toBeCloseTo(500_000, 6);
    // a window past 10 s is labelled in seconds
    const s = axisTicks(timeScale([0, 12_000_000], 728), MICROSECONDS_AS_MS);
    expect(axisUnits(timeScale([0, 12_000_000], 728), MICROSECONDS_AS_MS)).toBe(MICROSECONDS_AS_S);
    expect(s[1].label).toBe('2');
    expect(s[1].value).toBeCloseTo(2_000_000, 6);
    // long labels turn SI so neighbours do not overlap
    expect(axisTicks(timeScale([0, 3e9], 128 + 300), COST_UNITS).map((k) => k.label)).toEqual(['0', '1G', '2G', '3G']);
    expect(axisTicks(timeScale([0, 2.6e6], 128 + 600), COST_UNITS)[1].label).toBe('500k');
  });
});

describe('rows', () => {
  it('plain mode: one lane per rank, sized to fit', () => {
    const r = rowLayout(8, false);
    expect(r.unit).toBe(26);
    expect(r.rows[1].y - r.rows[0].y).toBe(26 + 4);
    expect(rowLayout(64, false).unit).toBe(6);
    expect(laneAt(r, r.rows[3].y + 1)).toEqual({ rank: 3, lane: 'compute' });
    expect(laneAt(r, r.rows[3].y + 27)).toBeNull();
    expect(laneAt(r, -5)).toBeNull();
  });
  it('detailed mode: compute, comm and pp lanes per rank', () => {
    const r = rowLayout(4, true);
    const row = r.rows[2];
    expect(laneAt(r, row.compute.y + 1)?.lane).toBe('compute');
    expect(laneAt(r, row.comm!.y + 1)).toEqual({ rank: 2, lane: 'comm' });
    expect(laneAt(r, row.pp!.y + 1)).toEqual({ rank: 2, lane: 'pp' });
    expect(row.pp!.y + row.pp!.h).toBe(row.y + row.h);
  });
});
