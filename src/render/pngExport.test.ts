/**
 * Parameter handling of the PNG export, with fake canvas/image (the real rasterisation runs in
 * chromium: e2e/export.spec.ts): size from width/height or viewBox, 2× default, the clamp at the
 * largest canvas side, the background, and clear errors.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CANVAS_SIDE, pngCanvasSize, svgDataUrl, svgPixelSize, svgToPngBlob, type PngEnv } from './pngExport.ts';

const svg = (attrs: string) => `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" ${attrs}><rect width="1" height="1"/></svg>`;

function fakeEnv() {
  const calls: string[] = [];
  const env: PngEnv = {
    loadImage: async (url) => {
      calls.push(`load ${url.slice(0, 24)}`);
      return {} as CanvasImageSource;
    },
    createCanvas: (w, h) => {
      calls.push(`canvas ${w}x${h}`);
      const ctx = {
        set fillStyle(v: string) {
          calls.push(`fill ${v}`);
        },
        fillRect: (...a: number[]) => calls.push(`fillRect ${a.join(',')}`),
        drawImage: (_: unknown, ...a: number[]) => calls.push(`draw ${a.join(',')}`),
      };
      return { getContext: () => ctx as unknown as CanvasRenderingContext2D, toBlob: (cb, type) => cb(new Blob(['png'], { type })) };
    },
  };
  return { env, calls };
}

describe('PNG export parameters', () => {
  it('reads the size from width/height, else the viewBox', () => {
    expect(svgPixelSize(svg('width="1200" height="264" viewBox="0 0 10 10"'))).toEqual({ width: 1200, height: 264 });
    expect(svgPixelSize(svg('viewBox="0 0 300 150"'))).toEqual({ width: 300, height: 150 });
    expect(() => svgPixelSize('<html></html>')).toThrow(/not an SVG/);
    expect(() => svgPixelSize(svg('width="0" height="5"'))).toThrow(/no usable width/);
  });

  it('scales 2× by default and shrinks the scale to fit the largest canvas', () => {
    expect(pngCanvasSize(svg('width="1200" height="264"'))).toEqual({ width: 2400, height: 528, scale: 2 });
    const wide = pngCanvasSize(svg('width="20000" height="300"'));
    expect(wide.width).toBe(MAX_CANVAS_SIDE);
    expect(wide.scale).toBeCloseTo(MAX_CANVAS_SIDE / 20000);
    for (const bad of [0, -1, NaN, 9, Infinity]) expect(() => pngCanvasSize(svg('width="10" height="10"'), bad)).toThrow(/scale/);
  });

  it('paints the background, draws at canvas size and returns a PNG blob', async () => {
    const { env, calls } = fakeEnv();
    const blob = await svgToPngBlob(svg('width="100" height="50"'), {}, env);
    expect(blob.type).toBe('image/png');
    expect(calls).toEqual(['load data:image/svg+xml;chars', 'canvas 200x100', 'fill #ffffff', 'fillRect 0,0,200,100', 'draw 0,0,200,100']);
    const t = fakeEnv();
    await svgToPngBlob(svg('width="100" height="50"'), { scale: 1, background: null }, t.env);
    expect(t.calls).toEqual(['load data:image/svg+xml;chars', 'canvas 100x50', 'draw 0,0,100,50']);
  });

  it('reports each step as it starts: decode before the image loads, draw, then encode', async () => {
    const { env, calls } = fakeEnv();
    await svgToPngBlob(svg('width="100" height="50"'), { onStage: (s) => calls.push(`stage ${s}`) }, env);
    expect(calls.filter((c) => /^(stage|load|draw)/.test(c))).toEqual([
      'stage decode',
      'load data:image/svg+xml;chars',
      'stage draw',
      'draw 0,0,200,100',
      'stage encode',
    ]);
  });

  it('encodes the SVG losslessly in the data URL', () => {
    const s = svg('width="1" height="1"') + '<!-- # % & µs -->';
    expect(decodeURIComponent(svgDataUrl(s).split(',')[1])).toBe(s);
  });
});
