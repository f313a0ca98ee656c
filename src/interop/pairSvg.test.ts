/**
 * The pair SVG: XML, standalone, one rect per piece for the model and (when given) the measured
 * trace, durations in data attributes, escaped title.
 */
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getPreset, piecesAt, replayPair } from '../engine/overlap/index.ts';
import { importProfilerPair } from './kineto.ts';
import { pairSvg } from './pairSvg.ts';

const { DOMParser } = new JSDOM('').window;
const parse = (svg: string) => {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc;
};

describe('pairSvg', () => {
  it('draws the measured pieces of the synthetic trace above the model replay', () => {
    const { pair } = importProfilerPair(readFileSync(new URL('../../fixtures/kineto/synthetic-fb-2layers.json', import.meta.url), 'utf8'));
    const svg = pairSvg({ simulated: pair.simulated, measured: pair.measured, measuredSpan: pair.span, title: '<b>pair</b> & "trace"' });
    const doc = parse(svg);
    expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(doc.getElementsByTagName('title')[0].textContent).toBe('<b>pair</b> & "trace"');
    expect(doc.querySelectorAll('[data-source="measured"] rect.piece')).toHaveLength(
      pair.measured.compute.length + pair.measured.comm.length,
    );
    expect(doc.querySelectorAll('[data-source="simulated"] rect.piece')).toHaveLength(
      pair.simulated.streams.compute.length + pair.simulated.streams.comm.length,
    );
    const d = Array.from(doc.querySelectorAll('[data-source="measured"][data-stream="compute"] rect.piece')).map((r) =>
      Number(r.getAttribute('data-duration')),
    );
    expect(d).toEqual(pair.measured.compute.map((p) => p.end - p.start));
    expect(svg).not.toMatch(/href|url\(|<script/);
    expect(svg).toBe(
      pairSvg({ simulated: pair.simulated, measured: pair.measured, measuredSpan: pair.span, title: '<b>pair</b> & "trace"' }),
    );
    expect(doc.querySelector('.caption')!.textContent).toMatch(/model span .* µs · exposed comm .* measured span/);
  });

  it('draws a preset pair alone, PP sends included', () => {
    const model = getPreset('deepseek-v3-h800-derived').model;
    const pair = replayPair(piecesAt(model, 20), { pp: true });
    const doc = parse(pairSvg({ simulated: pair }));
    expect(doc.querySelectorAll('rect.piece')).toHaveLength(
      pair.streams.compute.length + pair.streams.comm.length + pair.streams.pp.length,
    );
    expect(doc.querySelectorAll('[data-source="measured"]')).toHaveLength(0);
  });
});
