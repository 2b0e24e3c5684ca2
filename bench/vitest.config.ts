import { defineConfig } from 'vitest/config';

/** Benchmarks over the development set in ../shared/data: `npx vitest run --config bench/vitest.config.ts`. Not part of `npm test`. */
export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 600_000,
    pool: 'forks',
  },
});
