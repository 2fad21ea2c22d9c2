import { defineConfig } from 'vitest/config';

/** End-to-end: the built extension (dist-e2e/) in headless Chromium, one browser for the file. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
