// @vitest-environment jsdom
/**
 * The canvas charts paint under React StrictMode, as `npm start` (the dev server) renders them:
 * StrictMode mounts, unmounts and mounts every component again, and a paint scheduler that kept
 * the id of the frame cancelled on that unmount never painted again. Animation frames are run by
 * hand here, and each canvas gets a recording 2D context (jsdom has no canvas).
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../store/index.ts';
import { App } from '../components/App.tsx';

/** Calls a canvas received, by method name. */
type Calls = Map<string, number>;
const contexts = new WeakMap<HTMLCanvasElement, Calls>();

function recordingContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  let calls = contexts.get(canvas);
  if (!calls) contexts.set(canvas, (calls = new Map()));
  const log = calls;
  const props: Record<string, unknown> = {};
  return new Proxy(props, {
    get: (_, name: string) =>
      name in props
        ? props[name]
        : name === 'canvas'
          ? canvas
          : (..._args: unknown[]) => {
              log.set(name, (log.get(name) ?? 0) + 1);
              return name === 'createPattern' ? {} : undefined;
            },
    set: (_, name: string, value) => {
      props[name] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

const calls = (canvas: Element | null, name: string) => contexts.get(canvas as HTMLCanvasElement)?.get(name) ?? 0;

let frames: Map<number, FrameRequestCallback>;
let nextFrame: number;

/** Runs the animation frames requested so far (and not cancelled), as the browser's next frame does. */
function runFrames() {
  const due = [...frames.values()];
  frames.clear();
  act(() => due.forEach((f) => f(performance.now())));
}

beforeEach(() => {
  frames = new Map();
  nextFrame = 1;
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    frames.set(nextFrame, cb);
    return nextFrame++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  // jsdom lays nothing out: give every element the size of a desktop chart viewport (useSize)
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ width: 1000, height: 600 }));
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    return recordingContext(this);
  } as unknown as typeof HTMLCanvasElement.prototype.getContext);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const strict = (query: string) => {
  const store = createAppStore(query);
  render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
  return store;
};

describe('canvas charts under <StrictMode>', () => {
  it('the canvas renderer paints every op of a large schedule, and repaints after a change', () => {
    strict('?schedule=dualpipe&ranks=16&microbatches=64');
    expect(screen.getByTestId('viewport').getAttribute('data-renderer')).toBe('canvas');
    const canvas = screen.getByTestId('gantt-canvas');
    expect(calls(canvas, 'rect')).toBe(0);
    runFrames();
    // one rect per op at least (ops, bubbles and outlines are batched into paths of rects)
    const ops = window.__pipescope!.visibleOps;
    expect(ops).toBeGreaterThan(1000);
    expect(calls(canvas, 'rect')).toBeGreaterThanOrEqual(ops);
    expect(calls(canvas, 'fill')).toBeGreaterThan(0);
    expect(window.__pipescope!.paints).toBe(1);

    fireEvent.change(screen.getByLabelText('Micro-batches M'), { target: { value: '66' } });
    const before = calls(canvas, 'rect');
    runFrames();
    expect(calls(canvas, 'rect')).toBeGreaterThan(before);
    expect(window.__pipescope!.paints).toBe(2);
  });

  it('the SVG view paints its op labels on its canvas layer', () => {
    strict('?schedule=dualpipe&ranks=8&microbatches=20');
    expect(screen.getByTestId('viewport').getAttribute('data-renderer')).toBe('svg');
    const labels = screen.getByTestId('gantt').parentElement!.querySelector('canvas.gantt-labels');
    expect(labels).not.toBeNull();
    runFrames();
    // a micro-batch id on (nearly) every one of the 282 ops: all but the narrowest are wide enough
    const ops = screen.getByTestId('gantt').querySelectorAll('[data-kind]').length;
    expect(ops).toBe(282);
    expect(calls(labels, 'fillText')).toBeGreaterThan(0.9 * ops);
  });

  it('the activation strip on canvas paints too, and an unmounted chart leaves no frame behind', () => {
    strict('?schedule=zb-v&ranks=16&microbatches=64&render=canvas');
    const strip = screen.getByTestId('activation').querySelector('canvas');
    runFrames();
    expect(calls(strip, 'fill')).toBeGreaterThan(0);
    fireEvent.change(screen.getByLabelText('Micro-batches M'), { target: { value: '66' } });
    expect(frames.size).toBeGreaterThan(0);
    cleanup();
    expect(frames.size).toBe(0);
  });
});
