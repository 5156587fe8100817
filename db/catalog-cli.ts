// Catalog commands:
//   npm run catalog:import -- FILE        import a catalog file (docs/catalog-format.md); idempotent, versioned
//   npm run catalog:export -- [--out FILE] write the catalog in force today (stdout by default)
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { exportCatalog, importCatalog } from "../app/domain/procedures/catalog.server";
import { todayInVietnam } from "../app/domain/shared/format";
import { assertDatabaseReachable, createDb } from "../app/platform/db.server";
import { ConfigError, loadEnv } from "../app/platform/env.server";
import { createFileStorage } from "../app/platform/storage.server";

export async function importCatalogFile(
  db: ReturnType<typeof createDb>,
  dataDir: string,
  file: string,
): Promise<{ ok: boolean; lines: string[] }> {
  const path = resolve(file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    return { ok: false, lines: [`${file}: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : "cannot be read"}`] };
  }
  const result = await importCatalog(db, createFileStorage(join(dataDir, "files")), raw, {
    readFile: (relative) => readFile(join(dirname(path), relative)),
  });
  if (!result.ok) {
    return { ok: false, lines: result.issues.map((i) => `${i.code ?? "-"} ${i.path}: ${i.message}`) };
  }
  return {
    ok: true,
    lines: [`Imported ${file}: ${result.created} new, ${result.changed} changed (new versions), ${result.unchanged} unchanged.`],
  };
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const env = loadEnv();
  const db = createDb(env.database, { connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS });
  try {
    await assertDatabaseReachable(db, env.database, env.DB_CONNECT_TIMEOUT_MS);
    if (command === "import" && args[0]) {
      const result = await importCatalogFile(db, env.DATA_DIR, args[0]);
      for (const line of result.lines) (result.ok ? console.log : console.error)(line);
      return result.ok ? 0 : 1;
    }
    if (command === "export") {
      const out = args[0] === "--out" ? args[1] : undefined;
      const json = JSON.stringify(await exportCatalog(db, todayInVietnam()), null, 2) + "\n";
      if (out) {
        await writeFile(out, json);
        console.error(`Wrote ${out}.`);
      } else process.stdout.write(json);
      return 0;
    }
    console.error("Usage: npm run catalog:import -- FILE | npm run catalog:export -- [--out FILE]");
    return 2;
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
