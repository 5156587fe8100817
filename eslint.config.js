// Lint: TypeScript rules plus the architecture's boundaries (docs/decisions/0002-layers.md).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const SERVER_ONLY = {
  group: ["**/*.server", "**/*.server.ts", "~/platform/*", "**/platform/*"],
  message: "Server-only code (*.server.ts, app/platform) must not be imported here.",
};
const REMIX = { group: ["@remix-run/*", "react", "react-dom", "react-i18next"], message: "app/domain never depends on Remix or React." };
const KYSELY = {
  group: ["kysely"],
  allowTypeImports: true,
  message: "Kysely is used only in repositories (*.repo.server.ts), app/platform and db/.",
};
const DB_FOLDER = {
  group: ["**/db/*", "!**/db/schema"],
  allowTypeImports: true,
  message: "app/ imports only types from db/ (the server composition root is the exception).",
};

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "e2e/.results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  // Browser-safe code: UI components never import server-only code, Kysely or db/.
  { files: ["app/ui/**/*.{ts,tsx}"], rules: { "no-restricted-imports": ["error", { patterns: [SERVER_ONLY, KYSELY, DB_FOLDER] }] } },
  // Domain rules and use cases: no Remix, no React; Kysely only in repositories.
  {
    files: ["app/domain/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [REMIX, DB_FOLDER] }] },
  },
  {
    files: ["app/domain/**/*.ts"],
    ignores: ["**/*.test.ts", "app/domain/**/*.repo.server.ts", "app/domain/**/*.server.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [REMIX, KYSELY, DB_FOLDER, SERVER_ONLY] }] },
  },
  {
    files: ["app/domain/**/*.server.ts"],
    ignores: ["**/*.test.ts", "app/domain/**/*.repo.server.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [REMIX, DB_FOLDER, { ...KYSELY, allowTypeImports: true }] },
      ],
    },
  },
  // Routes are thin: no Kysely, no db/ (they call domain use cases).
  {
    files: ["app/routes/**/*.{ts,tsx}", "app/root.tsx", "app/entry.server.tsx"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [KYSELY, DB_FOLDER] }] },
  },
  // Command-line entry points print to the terminal.
  { files: ["db/**/*.ts", "e2e/**/*.ts", "tools/**/*.ts", "app/server.ts"], rules: { "no-console": "off" } },
);
