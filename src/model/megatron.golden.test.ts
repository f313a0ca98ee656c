/**
 * Megatron-LM's estimators against the outputs of NVIDIA/Megatron-LM d98e8a6 run unmodified
 * (fixtures/golden/megatron-estimates): bytes and FLOPs equal to the last bit, the verbose parameter
 * lines equal to their printed digits.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMegatronArgs } from './args.ts';
import { megatronEstimates } from './megatron.ts';

const DIR = fileURLToPath(new URL('../../fixtures/golden/megatron-estimates/', import.meta.url));

interface Golden {
  args: Record<string, unknown>;
  num_microbatches: number;
  weight_and_optimizer_bytes_first_stage: number;
  activation_bytes_first_stage: number;
  flops_per_iteration_per_global_batch: number;
  global_batch_size: number;
  verbose_report: string[];
}

const files = readdirSync(DIR).filter((f) => f !== 'index.json' && f.endsWith('.json'));

function printed(report: string[], prefix: string): number | undefined {
  const line = report.find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length).trim());
}

describe('Megatron estimators = Megatron-LM d98e8a6', () => {
  it('covers every golden file', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });
  for (const file of files) {
    it(file, () => {
      const g = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Golden;
      const { args } = parseMegatronArgs(g.args);
      const e = megatronEstimates(args, g.num_microbatches);
      expect(e.weightAndOptimizerBytes).toBe(g.weight_and_optimizer_bytes_first_stage);
      expect(e.activationBytes).toBe(g.activation_bytes_first_stage);
      expect(e.flopsPerIteration).toBe(g.flops_per_iteration_per_global_batch);
      expect(e.globalBatchSize).toBe(g.global_batch_size);
      const r = g.verbose_report;
      const billions = (x: number, digits: number) => Number((x / 1e9).toFixed(digits));
      expect(billions(e.parameters.transformerBlock, 2)).toBe(printed(r, 'Number of parameters in transformer block in billions:'));
      expect(billions(e.parameters.activeTransformerBlock, 2)).toBe(
        printed(r, 'Number of active parameters in transformer block in billions:'),
      );
      expect(billions(e.parameters.embedding, 2)).toBe(printed(r, 'Number of parameters in embedding layers in billions:'));
      expect(billions(e.parameters.total, 2)).toBe(printed(r, 'Total number of parameters in billions:'));
      expect(billions(e.parameters.active, 2)).toBe(printed(r, 'Total number of active parameters in billions:'));
      expect(billions(e.parameters.mostLoadedShard, 4)).toBe(printed(r, 'Number of parameters in most loaded shard in billions:'));
      expect(billions(e.parameters.otherShards!, 4)).toBe(printed(r, 'Number of parameters in other shards in billions:'));
      const mtp = printed(r, 'Number of parameters in mtp block in billions:');
      if (mtp !== undefined) expect(billions(e.parameters.mtpBlock, 2)).toBe(mtp);
    });
  }
});
