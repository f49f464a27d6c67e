/** Jest runs the TypeScript sources directly through ts-jest (type-checked). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  // GEOS (an ES module) for code under test that loads it itself, e.g. PUT /api/areas
  setupFiles: ['<rootDir>/tests/helpers/geos-setup.ts'],
};
