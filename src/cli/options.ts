/**
 * Shared option parsing for CLI commands: strict flags (unknown ones are errors), whole numbers,
 * the `--costs F=1,I=1,...` list, and writing output to stdout or `--out FILE`.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COST_KEYS } from '../engine/costs.ts';
import type { Costs } from '../engine/types.ts';
import { UsageError } from './errors.ts';

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  // `--microbatches -3` must reach validation as a value, not be read as a flag.
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i].startsWith('--') && !argv[i].includes('=') && next !== undefined && /^-(\d|\.\d|inf|nan)/i.test(next)) {
      joined.push(`${argv[i]}=${next}`);
      i++;
    } else joined.push(argv[i]);
  }
  try {
    return parseArgs({ args: joined, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    // node's messages are already one line ("Unknown option '--foo'"); strip its hints.
    throw new UsageError((e as Error).message.split('\n')[0].replace(/\. To specify.*$/, ''));
  }
}

export function wholeNumberOption(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${name} is required`);
  }
  if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number; got "${raw}"`);
  return Number(raw);
}

export function parseCosts(raw: string | undefined): Partial<Costs> {
  const costs: Partial<Costs> = {};
  if (raw === undefined) return costs;
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const [key, value, extra] = part.split('=').map((x) => x.trim());
    if (!(COST_KEYS as readonly string[]).includes(key) || value === undefined || extra !== undefined) {
      throw new UsageError(`--costs entry "${part}" must be KEY=NUMBER with KEY one of ${COST_KEYS.join(', ')}`);
    }
    const n = Number(value);
    if (value === '' || !Number.isFinite(n)) throw new UsageError(`--costs ${key} must be a finite number; got "${value}"`);
    if (n < 0) throw new UsageError(`--costs ${key} must not be negative; got ${value}`);
    costs[key as (typeof COST_KEYS)[number]] = n;
  }
  return costs;
}

export function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  const v = raw ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${v}"`);
  return v as T;
}

export function writeOutput(text: string | Uint8Array, out: string | undefined): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (e) {
    throw new UsageError(`--out ${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
