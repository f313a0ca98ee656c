/**
 * Test-only access to the golden files in fixtures/golden (produced by running the reference
 * implementations; see fixtures/golden/README.md). Node-only: tests, bench and scripts use it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Op } from '../types.ts';

export const GOLDEN_ROOT = new URL('../../../fixtures/golden/', import.meta.url);

/** A golden op tuple: ["F", s, mb] or ["FB", fs, fmb, bs, bmb]. */
export type GoldenOp = [string, number, number] | ['FB', number, number, number, number];

export interface GoldenFile {
  file: string;
  schedule: string;
  num_ranks: number;
  num_microbatches: number;
  stages_per_rank?: number;
  rank_stages: number[][];
  ops: GoldenOp[][];
  runtime_ops?: GoldenOp[][];
  slots?: unknown;
  costs?: { F: number; I: number; W: number; comm: number; B_full: number };
  memory_model?: { limit: number };
  times?: [number, number][][];
  makespan?: number;
  rank_bubble?: number[];
}

export function goldenFiles(folder: string): GoldenFile[] {
  const dir = new URL(`${folder}/`, GOLDEN_ROOT);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort()
    .map((file) => ({ ...JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file }));
}

export function goldenIndex<T = unknown>(folder: string): T {
  return JSON.parse(readFileSync(new URL(`${folder}/index.json`, GOLDEN_ROOT), 'utf8')) as T;
}

export function toGolden(op: Op): GoldenOp {
  if (op.kind === 'FB') return ['FB', op.forward.stage, op.forward.microbatch, op.backward.stage, op.backward.microbatch];
  return [op.kind, op.stage, op.microbatch];
}
