import { defineConfig } from "vitest/config";

// Four suites: unit (pure and mocked, fast), integration (DynamoDB Local), e2e (the whole local stack over HTTP),
// browser (the pages in Chromium against the local stack).
export default defineConfig({
  test: {
    setupFiles: ["./test/setup/polyfills.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts", "test/infra/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["./test/setup/dynamodb-local.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        // The pages in Debian's Chromium (playwright-core) against the whole local stack.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
