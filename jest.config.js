/**
 * Jest runs the TypeScript sources directly through ts-jest, transpiling each file on its own
 * (isolatedModules). The type check is not skipped: `npm test` runs `npm run build` first, whose
 * `tsc -p tsconfig.json` checks every file under tests/ too. Checking again per test file cost
 * minutes of CI time for nothing.
 */
const os = require('node:os');

module.exports = {
  // Jest's default is one worker per core less one: a single worker on the 2-core CI machine. Most
  // long test files wait on Chromium, child processes or PostgreSQL rather than compute, so two
  // workers there halve the wall time (583 s -> 317 s measured on 2 cores, same 1,316 tests).
  maxWorkers: Math.max(2, os.cpus().length - 1),
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
  // per test; generous because two workers share two cores (a test that loads the demo Kreis while the
  // other worker drives Chromium takes twice as long as alone); a hung test still fails within a minute
  testTimeout: 60000,
  // GEOS (an ES module) for code under test that loads it itself, e.g. PUT /api/areas
  setupFiles: ['<rootDir>/tests/helpers/geos-setup.ts'],
};
