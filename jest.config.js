/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Jest's default leaves a core for its parent process, which only waits: on the 2-core
  // machines this project targets that meant a single worker and a test command twice as long.
  maxWorkers: "100%",
  roots: ["<rootDir>/__tests__"],
  testSequencer: "<rootDir>/scripts/jest-sequencer.js",
  testMatch: ["**/*.test.ts"],
  // tsconfig.json sets isolatedModules: ts-jest transpiles each file without type-checking
  // (`tsc --noEmit` in `npm test` type-checks once for the whole project).
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/helpers/setup.ts"],
  moduleFileExtensions: ["ts", "js", "json"],
};
