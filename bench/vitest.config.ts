import { defineConfig } from 'vitest/config';

/** Benchmarks over /work/shared-style data: `npx vitest run --config bench/vitest.config.ts`. Not part of `npm test`. */
export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 600_000,
    pool: 'forks',
  },
});
