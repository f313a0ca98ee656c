import { describe, expect, it } from 'vitest';
import { keyFrames, type TraceEvent } from './frameTrace.ts';

const main = { pid: 1, tid: 1 };
const x = (name: string, ts: number, dur: number, type?: string): TraceEvent => ({
  name,
  ph: 'X',
  ts,
  dur,
  ...main,
  ...(type ? { args: { data: { type } } } : {}),
});
const presented = (ts: number): TraceEvent => ({ name: 'AnimationFrame::Presentation', ph: 'n', ts, ...main });

describe('keyFrames', () => {
  it('times each keydown to the end of the next frame on the main thread and to its presentation', () => {
    const events = [
      presented(500), // an earlier frame's presentation: not this key's
      x('Layerize', 900, 100), // a frame before the key
      x('EventDispatch', 1_000, 6_000, 'keydown'),
      x('EventDispatch', 7_100, 200, 'keyup'),
      x('Layerize', 13_000, 500),
      presented(20_000),
      x('EventDispatch', 40_000, 5_000, 'keydown'),
      x('Layerize', 52_000, 1_000),
      { ...x('Layerize', 46_000, 1_000), tid: 2 }, // another thread
      presented(60_000),
    ];
    expect(keyFrames(events)).toEqual([
      { handled: 6, committed: 12.5, presented: 19 },
      { handled: 5, committed: 13, presented: 20 },
    ]);
  });

  it('leaves out a key whose frame the trace does not reach', () => {
    expect(keyFrames([x('EventDispatch', 0, 1_000, 'keydown'), x('Layerize', 2_000, 100)])).toEqual([]);
    expect(keyFrames([])).toEqual([]);
  });
});
