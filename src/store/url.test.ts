import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCHEDULE_NAMES } from '../engine/index.ts';
import { DEFAULT_PARAMS, HW_IDS, hwDefaults, type Params } from './params.ts';
import { formatTable } from './stageTable.ts';
import { DEFAULT_VIEW, decodeUrl, encodeUrl, type ViewState } from './url.ts';

describe('decodeUrl', () => {
  it('reads the public link of the issue exactly', () => {
    const d = decodeUrl('?schedule=dualpipe&ranks=8&microbatches=20');
    expect(d.warnings).toEqual([]);
    expect(d.params).toEqual(DEFAULT_PARAMS);
    expect(d.view).toEqual(DEFAULT_VIEW);
  });

  it('reads every parameter and view field', () => {
    const d = decodeUrl(
      'schedule=interleaved-1f1b&ranks=4&microbatches=12&stagesPerRank=3&F=1.5&I=2&W=0.5&B=3&FB=4&comm=0.25&unit=us&detail=1&hw=deepseek-v3-h100-derived&sms=24&nvl=300&ib=40&layers=2&cmp=1f1b&seq=4&group=6&ep=1&basis=stage&sc=F:1,2,3,4;mF:2&mem=7.5&t0=1.5&t1=7&mb=3&theme=dark&pal=paper&render=canvas&tab=fp8&page=explore',
    );
    expect(d.warnings).toEqual([]);
    expect(d.params).toEqual({
      schedule: 'interleaved-1f1b',
      ranks: 4,
      microbatches: 12,
      stagesPerRank: 3,
      seqSplits: 4,
      groupSize: 6,
      epOverlap: true,
      F: 1.5,
      I: 2,
      W: 0.5,
      B: 3,
      FB: 4,
      comm: 0.25,
      costUnit: 'us',
      basis: 'stage',
      stageCosts: 'F:1,2,3,4;mF:2',
      memLimit: 7.5,
      detailed: true,
      hw: 'deepseek-v3-h100-derived',
      commSms: 24,
      nvlink: 300,
      ib: 40,
      layers: 2,
      compare: '1f1b',
    });
    expect(d.view).toEqual({
      domain: [1.5, 7],
      selectedMb: 3,
      theme: 'dark',
      palette: 'paper',
      renderer: 'canvas',
      tab: 'fp8',
      page: 'explore',
    });
  });

  it.each([
    ['ranks=abc', 'ranks', 8, /"abc" is not a number/],
    ['ranks=0', 'ranks', 8, /at least 1/],
    ['ranks=-3', 'ranks', 8, /at least 1/],
    ['ranks=2.5', 'ranks', 8, /whole number/],
    ['microbatches=', 'microbatches', 20, /needs a value/],
    ['F=-1', 'F', 1, /must not be negative/],
    ['F=1e400', 'F', 1, /finite/],
    ['schedule=pipedream', 'schedule', 'dualpipe', /unknown schedule/],
    ['cmp=nope', 'compare', null, /unknown schedule/],
    ['sc=F:1,x', 'stageCosts', '', /row 2: "x" is not a number/],
    ['sc=F:1,2;W:1,2,3', 'stageCosts', '', /different numbers of rows/],
    ['sc=Q:1', 'stageCosts', '', /column "Q" is not one of/],
    ['mem=0', 'memLimit', null, /must be positive/],
    ['basis=chunk', 'basis', 'share', /cost basis is "share"/],
    ['seq=0', 'seqSplits', 2, /at least 1/],
    ['detail=maybe', 'detailed', false, /on \(1\) or off \(0\)/],
    ['hw=tpu', 'hw', 'deepseek-v3-h800-measured', /unknown hardware/],
    ['nvl=0', 'nvlink', 160, /positive/],
  ] as const)('%s falls back to the default and says so', (q, key, fallback, reason) => {
    const d = decodeUrl(`?${q}`);
    expect(d.params[key as keyof Params]).toEqual(fallback);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(reason);
    expect(d.warnings[0]).toMatch(/using the default/);
  });

  it('rejects bad view values with a warning each', () => {
    const d = decodeUrl('?t0=5&t1=2&mb=99&theme=pink&pal=x&render=webgl&tab=z&page=gantt&zoom=3');
    expect(d.view).toEqual(DEFAULT_VIEW);
    expect(d.warnings).toHaveLength(8);
    expect(d.warnings).toContain('page="gantt" is not one of schedule, explore, measured; using schedule');
    expect(d.warnings.join('\n')).toMatch(/not a time window[\s\S]*not a micro-batch id from 0 to 19[\s\S]*unknown parameter "zoom"/);
  });

  it('takes bandwidth defaults from the hardware preset', () => {
    for (const hw of HW_IDS) {
      const d = decodeUrl(`?hw=${hw}`);
      expect(d.params).toMatchObject(hwDefaults(hw));
    }
    expect(hwDefaults('deepseek-v3-h100-derived').nvlink).toBe(360);
  });

  it('keeps a link whose combination the engine rejects (that is for the store to explain)', () => {
    const d = decodeUrl('?schedule=dualpipe&ranks=7&microbatches=20');
    expect(d.warnings).toEqual([]);
    expect(d.params.ranks).toBe(7);
  });
});

describe('encodeUrl', () => {
  it('writes only what differs from the defaults, always naming schedule, ranks and micro-batches', () => {
    expect(encodeUrl(DEFAULT_PARAMS, DEFAULT_VIEW)).toBe('?schedule=dualpipe&ranks=8&microbatches=20');
    expect(
      encodeUrl({ ...DEFAULT_PARAMS, schedule: 'looped-bfs', F: 2, compare: 'gpipe' }, { ...DEFAULT_VIEW, theme: 'dark', selectedMb: 4 }),
    ).toBe('?schedule=looped-bfs&ranks=8&microbatches=20&stagesPerRank=2&F=2&cmp=gpipe&mb=4&theme=dark');
  });

  it('keeps the cost table readable: its ":" "," ";" stay literal and read back the same; other characters are escaped', () => {
    const p: Params = { ...DEFAULT_PARAMS, basis: 'stage', stageCosts: 'F:1,1.5,2;mF:2' };
    const q = encodeUrl(p, DEFAULT_VIEW);
    expect(q).toBe('?schedule=dualpipe&ranks=8&microbatches=20&basis=stage&sc=F:1,1.5,2;mF:2');
    expect(decodeUrl(q).params).toEqual(p);
    expect(encodeUrl(DEFAULT_PARAMS, { ...DEFAULT_VIEW, domain: [1, 2] })).not.toMatch(/%3A|%2C|%3B/);
  });

  it('rounds the zoom window to what reads back within a millionth of its width', () => {
    const q = encodeUrl(DEFAULT_PARAMS, { ...DEFAULT_VIEW, domain: [12.3456789123, 15.9876543219] });
    const d = decodeUrl(q).view.domain!;
    expect(Math.abs(d[0] - 12.3456789123)).toBeLessThan(3.7e-6);
    expect(Math.abs(d[1] - 15.9876543219)).toBeLessThan(3.7e-6);
    expect(q.length).toBeLessThan(90);
  });
});

const cost = fc.oneof(fc.integer({ min: 0, max: 100000 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }));
const paramsArb: fc.Arbitrary<Params> = fc.record({
  schedule: fc.constantFrom(...SCHEDULE_NAMES),
  ranks: fc.integer({ min: 1, max: 1024 }),
  microbatches: fc.integer({ min: 1, max: 65536 }),
  stagesPerRank: fc.integer({ min: 1, max: 64 }),
  seqSplits: fc.integer({ min: 1, max: 1024 }),
  groupSize: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: null }),
  epOverlap: fc.boolean(),
  F: cost,
  I: cost,
  W: cost,
  B: fc.option(cost, { nil: null }),
  FB: fc.option(cost, { nil: null }),
  comm: cost,
  costUnit: fc.constantFrom('units', 'us'),
  basis: fc.constantFrom('share', 'stage'),
  stageCosts: fc.oneof(
    fc.constant(''),
    fc
      .integer({ min: 1, max: 16 })
      .chain((n) => fc.record({ F: fc.array(cost, { minLength: n, maxLength: n }), W: fc.array(cost, { minLength: n, maxLength: n }) }))
      .map((t) => formatTable(t)),
  ),
  memLimit: fc.option(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { nil: null }),
  detailed: fc.boolean(),
  hw: fc.constantFrom(...HW_IDS),
  commSms: fc.integer({ min: 1, max: 131 }),
  nvlink: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
  ib: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
  layers: fc.integer({ min: 1, max: 64 }),
  compare: fc.option(fc.constantFrom(...SCHEDULE_NAMES), { nil: null }),
});
const viewArb: fc.Arbitrary<ViewState> = fc.record({
  domain: fc.constant(null),
  selectedMb: fc.constant(null),
  theme: fc.constantFrom('auto', 'light', 'dark'),
  palette: fc.constantFrom('cb', 'paper'),
  renderer: fc.constantFrom('auto', 'svg', 'canvas'),
  tab: fc.constantFrom('metrics', 'fp8'),
  page: fc.constantFrom('schedule', 'explore', 'measured'),
});

describe('URL round trip (property)', () => {
  it('decode(encode(state)) = state for every field-valid state, without warnings', () => {
    fc.assert(
      fc.property(paramsArb, viewArb, (p, v) => {
        const d = decodeUrl(encodeUrl(p, v));
        expect(d.warnings).toEqual([]);
        expect(d.params).toEqual(p);
        expect(d.view).toEqual(v);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary query strings and always yields usable values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('schedule', 'ranks', 'microbatches', 'F', 'B', 'detail', 'sms', 't0', 't1', 'mb', 'theme', 'x'),
          fc.string(),
        ),
        (dict) => {
          const d = decodeUrl(new URLSearchParams(dict).toString());
          expect(SCHEDULE_NAMES).toContain(d.params.schedule);
          expect(Number.isInteger(d.params.ranks) && d.params.ranks >= 1).toBe(true);
          expect(d.params.F >= 0).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
