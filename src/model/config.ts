/**
 * One entry for a model configuration (docs/model.md §1): a preset name, a pasted Megatron args
 * object, or a Hugging Face config.json — all end as resolved MegatronArgs plus warnings.
 */
import { parseMegatronArgs, type ParsedArgs } from './args.ts';
import { ModelInputError } from './errors.ts';
import { fromHfConfig, isHfConfig } from './hfConfig.ts';
import { modelPreset } from './presets.ts';

export interface ModelConfig extends ParsedArgs {
  source: 'preset' | 'megatron' | 'huggingface';
}

/** Resolves a parsed JSON value: Megatron arguments, or a Hugging Face config (detected by its keys). */
export function modelConfigFromJson(input: unknown): ModelConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ModelInputError('config', 'must be a JSON object (Megatron-LM arguments or a Hugging Face config.json)');
  }
  const raw = input as Record<string, unknown>;
  if (isHfConfig(raw)) {
    const hf = fromHfConfig(raw);
    const parsed = parseMegatronArgs(hf.args);
    return { ...parsed, warnings: [...hf.warnings, ...parsed.warnings], source: 'huggingface' };
  }
  return { ...parseMegatronArgs(raw), source: 'megatron' };
}

export function modelConfigFromPreset(id: string): ModelConfig {
  return { ...parseMegatronArgs(modelPreset(id).args), source: 'preset' };
}
