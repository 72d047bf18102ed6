/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // tsconfig.json sets isolatedModules: ts-jest transpiles each file without type-checking
  // (`tsc --noEmit` in `npm test` type-checks once for the whole project).
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/helpers/setup.ts"],
  moduleFileExtensions: ["ts", "js", "json"],
};
