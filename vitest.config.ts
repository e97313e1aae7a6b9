import { defineConfig } from 'vitest/config';

// Test files share their worker's module graph (isolate: false): importing the simulator afresh
// for each of 200 files cost about 80 s of a 313 s suite on a 2-core machine (184 s without).
// A file that replaces modules with vi.mock needs a fresh graph, so it runs isolated; list every
// such file in ISOLATED (test/architecture.test.ts checks the list is complete).
export const ISOLATED = ['test/metrics/classes.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
