/**
 * `npm run bench`: runs every benchmark module in scripts/bench/ (each exports `bench()` and
 * prints its own table), then `budget`, which prints every performance budget with its measured
 * value from those runs. Benchmarks, not tests: they measure and print, they never fail a build.
 * Usage: npm run bench [-- NAME ...] to run only the named modules (engine, fp8, overlap,
 * browser, budget; `budget` brings the modules it reads).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const only = process.argv.slice(2);
if (only.includes('budget')) only.push(...(await import('./bench/budget.ts')).NEEDS);
const modules = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => only.length === 0 || only.includes(name))
  // the budget table reads what the others measured: last
  .sort((a, b) => Number(a === 'budget') - Number(b === 'budget') || a.localeCompare(b));

console.log(`pipescope bench — node ${process.version}, ${new Date().toISOString()}`);
for (const name of modules) {
  const mod = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { bench: () => Promise<void> };
  console.log(`\n## ${name}`);
  await mod.bench();
}
