import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Suites that start servers and Redis processes share two cores; keep the fan-out modest.
    maxWorkers: 2,
  },
});
