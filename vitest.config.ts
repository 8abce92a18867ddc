import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The server's `import … from 'graphql'` loads graphql's CommonJS build under Node, as
    // type-graphql does; Vite would pick the ES build (the "module" field), a second realm whose
    // type checks refuse the schema's types. Resolve it as Node does.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
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
