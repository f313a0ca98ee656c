/** Test helper: the golden quant_*.json input tensors (node only). */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const GOLDEN = new URL('../../../fixtures/golden/fp8/', import.meta.url);

export interface GoldenTensor {
  name: string;
  shape: [number, number];
  x: Float32Array;
  methods: Record<string, { metrics: Record<string, number | string> }>;
}

export function goldenTensors(): GoldenTensor[] {
  return readdirSync(fileURLToPath(GOLDEN))
    .filter((f) => /^quant_.*\.json$/.test(f))
    .sort()
    .map((file) => {
      const g = JSON.parse(readFileSync(new URL(file, GOLDEN), 'utf8')) as {
        shape: [number, number];
        input_f32_b64: string;
        methods: GoldenTensor['methods'];
      };
      const raw = new Uint8Array(Buffer.from(g.input_f32_b64, 'base64'));
      const x = new Float32Array(raw.slice().buffer);
      return { name: file.replace(/^quant_|\.json$/g, ''), shape: g.shape, x, methods: g.methods };
    });
}

export function goldenJson<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, GOLDEN), 'utf8')) as T;
}
