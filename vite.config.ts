/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { devReactTracks } from './scripts/devReactTracks.ts';
import { staticHosting } from './scripts/staticHosting.ts';

export default defineConfig({
  plugins: [react(), staticHosting(), devReactTracks()],
  test: {
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    // vitest leaves a core to its main process by default, which on two cores is one worker; the
    // main process is mostly idle, so two workers there (unit suite 3m07s → 2m15s at load 8–9)
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
