import { defineConfig } from "vitest/config";

// Two projects: fast unit tests on the host emulator, and live-traffic tests through a real Envoy.
// `npm test` runs both; `vitest run --project unit` runs only the emulator suites. Each project's
// globalSetup builds the filters first (cached), so no separate build step is needed.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          globalSetup: ["test/setup/build-filters.ts"],
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          globalSetup: ["test/setup/build-filters.ts"],
          include: ["test/e2e/**/*.e2e.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Envoy processes are heavy on a 2-core machine: run e2e files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
