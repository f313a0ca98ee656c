#!/usr/bin/env node
// `pipescope <command>` when the package is installed or linked: runs the TypeScript CLI
// through tsx's loader, the same code `npm run -s cli` runs in the repository.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
