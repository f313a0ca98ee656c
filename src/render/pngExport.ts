/**
 * PNG export (docs/style.md E, docs/interop.md §7): rasterises the exported SVG string (interop/svgExport)
 * in the browser — SVG → data URL → Image → canvas at `scale` device pixels per SVG px (default
 * 2) → `toBlob('image/png')`. Browser-only at run time; the DOM is reached through a small `env`
 * so tests can drive it with fakes, and the size arithmetic is pure.
 *
 * Why a data URL, not a blob: URL: an SVG without external references drawn from a data URL
 * leaves the canvas untainted in Chromium and Firefox, so `toBlob` is allowed, and there is no
 * object URL to revoke on every path.
 */

/** Largest canvas side browsers reliably allocate (Chromium and Firefox: 32767; Safari: 16384). */
export const MAX_CANVAS_SIDE = 16384;

/** The steps of a rasterisation, reported as each starts (a large schedule takes seconds). */
export type PngStage = 'decode' | 'draw' | 'encode';

export interface PngOptions {
  /** device pixels per SVG px (default 2); reduced when the canvas would exceed MAX_CANVAS_SIDE */
  scale?: number;
  /** colour painted under the image (default white); null keeps transparency */
  background?: string | null;
  /** called as each step starts */
  onStage?: (stage: PngStage) => void;
}

export interface PngSize {
  /** canvas size, device px */
  width: number;
  height: number;
  /** the scale used (≤ the requested one) */
  scale: number;
}

/** The browser pieces the rasteriser needs (tests pass fakes). */
export interface PngEnv {
  loadImage(url: string): Promise<CanvasImageSource>;
  createCanvas(
    width: number,
    height: number,
  ): { getContext(id: '2d'): CanvasRenderingContext2D | null; toBlob(cb: (b: Blob | null) => void, type: string): void };
}

const num = (s: string | undefined) => (s === undefined ? NaN : Number(s));

/** The SVG's size in px, from its root width/height or else its viewBox. */
export function svgPixelSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root) throw new Error('not an SVG document (no <svg> element)');
  const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(root)?.[1];
  let width = num(attr('width'));
  let height = num(attr('height'));
  if (!(width > 0 && height > 0)) {
    const vb = attr('viewBox')
      ?.trim()
      .split(/[\s,]+/)
      .map(Number);
    if (vb && vb.length === 4) [width, height] = [vb[2], vb[3]];
  }
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height)))
    throw new Error('the SVG has no usable width/height or viewBox');
  return { width, height };
}

/** Canvas size for `scale`, shrinking the scale so no side exceeds MAX_CANVAS_SIDE. */
export function pngCanvasSize(svg: string, scale = 2): PngSize {
  if (!(typeof scale === 'number' && Number.isFinite(scale) && scale > 0 && scale <= 8))
    throw new RangeError(`PNG scale must be a number in (0, 8]; got ${scale}`);
  const { width, height } = svgPixelSize(svg);
  const s = Math.min(scale, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height);
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)), scale: s };
}

export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function browserEnv(): PngEnv {
  return {
    loadImage: (url) =>
      new Promise((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve(img);
        img.onerror = () => reject(new Error('the browser could not decode the SVG'));
        img.src = url;
      }),
    createCanvas: (width, height) => Object.assign(document.createElement('canvas'), { width, height }),
  };
}

/** The SVG as a PNG Blob at `scale`× (default 2). */
export async function svgToPngBlob(svg: string, opts: PngOptions = {}, env: PngEnv = browserEnv()): Promise<Blob> {
  const size = pngCanvasSize(svg, opts.scale ?? 2);
  const stage = opts.onStage ?? (() => {});
  stage('decode');
  const img = await env.loadImage(svgDataUrl(svg));
  stage('draw');
  const canvas = env.createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2D canvas context');
  const background = opts.background === undefined ? '#ffffff' : opts.background;
  if (background !== null) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, size.width, size.height);
  }
  // draw at the canvas size so the SVG is rasterised at full resolution, not upscaled
  ctx.drawImage(img, 0, 0, size.width, size.height);
  stage('encode');
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas could not encode a PNG'))), 'image/png'),
  );
}
