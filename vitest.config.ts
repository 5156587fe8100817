import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "tools/**/*.test.ts"],
    pool: "forks",
    globalSetup: ["db/testing-global.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
