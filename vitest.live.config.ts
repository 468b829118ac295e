// First: on a Node too old to run this project's .ts files, stop with one clear line (scripts/check-node.mjs).
import "./scripts/check-node.mjs";
import { defineConfig } from "vitest/config";

// `npm run test:live`: the live suite against the real Railway API (test/live/target.ts). Builds on Railway
// take minutes, hence the long timeouts; one file at a time, as one project at a time is the budget.
export default defineConfig({
  test: {
    include: ["test/live/**/*.live.test.ts"],
    env: { OMNIDOC_LIVE: "1" },
    pool: "forks",
    fileParallelism: false,
    testTimeout: 40 * 60_000,
    hookTimeout: 40 * 60_000,
  },
});
