// First: on a Node too old to run this project's .ts files, stop with one clear line (scripts/check-node.mjs).
import "./scripts/check-node.mjs";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "emulator/**/*.test.ts"],
    exclude: ["**/*.e2e.test.ts", "node_modules/**"],
    // Tests start real HTTP servers and child processes (the Pulumi provider host); forks keep them apart.
    pool: "forks",
    globalSetup: ["test/support/buildPackage.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
