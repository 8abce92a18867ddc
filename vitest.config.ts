import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database tests each make their own database, so files can run in parallel.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
