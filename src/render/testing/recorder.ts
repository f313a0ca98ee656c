/** A 2D canvas context that records what is drawn instead of drawing (painter tests). */
import type { Ctx } from '../canvasPainter.ts';

export interface DrawCall {
  op: 'fillRect' | 'strokeRect' | 'fillText';
  /** x, y, w, h (text: x, y) */
  args: number[];
  /** fill or stroke style at the time */
  fill: unknown;
  alpha: number;
  text?: string;
}

export function recorder(): { ctx: Ctx; calls: DrawCall[] } {
  const calls: DrawCall[] = [];
  let path: number[][] = [];
  const ctx = {
    fillStyle: '' as unknown,
    strokeStyle: '' as unknown,
    globalAlpha: 1,
    lineWidth: 1,
    font: '',
    textAlign: 'center',
    textBaseline: 'middle',
    rect(...args: number[]) {
      path.push(args);
    },
    fill() {
      for (const args of path) calls.push({ op: 'fillRect', args, fill: this.fillStyle, alpha: this.globalAlpha });
      path = [];
    },
    stroke() {
      for (const args of path) calls.push({ op: 'strokeRect', args, fill: this.strokeStyle, alpha: this.globalAlpha });
      path = [];
    },
    clip() {
      path = [];
    },
    beginPath() {
      path = [];
    },
    fillText(text: string, ...args: number[]) {
      calls.push({ op: 'fillText', args, fill: this.fillStyle, alpha: this.globalAlpha, text });
    },
    clearRect() {},
    moveTo() {},
    lineTo() {},
    save() {},
    restore() {},
  };
  return { ctx: ctx as unknown as Ctx, calls };
}
