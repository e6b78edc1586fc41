// Vitest as Stryker runs it: only the tests of the area being mutated (STRYKER_TESTS, a
// comma-separated list of globs), so the dry run and each mutant stay within minutes here.
import { defineConfig } from "vitest/config";

const tests = (process.env.STRYKER_TESTS ?? "test/unit/**/*.test.ts").split(",");

export default defineConfig({
  root: new URL("..", import.meta.url).pathname,
  test: {
    include: tests,
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
