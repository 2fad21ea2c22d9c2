import { defineConfig } from 'vitest/config';

/** Unit tests: adapters against the fixture pages, and every part with fakes, in happy-dom. */
export default defineConfig({
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.ts'],
  },
});
