/** Test helper: the real torch-runtime traces of fixtures/golden (README "torch-runtime notes"). */
import { readFileSync } from 'node:fs';
import type { TraceFile } from '../files.ts';

export const RUNTIME_DIR = new URL('../../../fixtures/golden/torch-runtime/', import.meta.url);

export const CONFIGS = ['Interleaved1F1B_p4_m8_v2', 'InterleavedZeroBubble_p4_m8_v2u'] as const;

export function fixtureText(config: string, file: string): string {
  return readFileSync(new URL(`${config}/${file}`, RUNTIME_DIR), 'utf8');
}

export function fixtureFiles(config: string, ranks = [0, 1, 2, 3]): TraceFile[] {
  return ranks.map((r) => ({ name: `${config}/rank${r}.pt.trace.json`, text: fixtureText(config, `rank${r}.pt.trace.json`) }));
}

export function fixtureMeta(config: string): { pipeline_order: Record<string, (string | null)[]>; rank_stages: number[][] } {
  return JSON.parse(fixtureText(config, 'meta.json'));
}
