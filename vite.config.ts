/// <reference types="vitest/config" />
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
  },
});
