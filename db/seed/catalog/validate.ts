// Validate a catalog file: npx tsx db/seed/catalog/validate.ts FILE
// Prints each issue as `<procedure code> <JSON path>: <message key>` and exits 1; on success prints the number
// of procedures per online level (the best level among each procedure's offerings) and exits 0.
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { catalogSchema } from "../../../app/domain/procedures/catalog.schema";
import { bestOnlineLevel, ONLINE_LEVELS, type OnlineLevel } from "../../../app/domain/procedures/procedures";

/** `procedures[0].offerings[1].channels[0]` style, as a reader would write it. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || "(root)";
}

/** The message as an i18n key where the schema gave one; zod's own messages become `zod.<code>` plus the text. */
export function messageKey(issue: z.core.$ZodIssue): string {
  if (/^[a-z][\w-]*(\.[\w-]+)+(:\S+)?$/.test(issue.message)) return issue.message;
  return `zod.${issue.code} (${issue.message})`;
}

export interface IssueLine {
  code: string;
  path: string;
  message: string;
}

/** Issues of a parsed JSON value against the catalog schema, each with the code of the procedure it is in. */
export function catalogIssues(data: unknown): IssueLine[] {
  const result = catalogSchema.safeParse(data);
  if (result.success) return [];
  const procedures = (data as { procedures?: unknown })?.procedures;
  return result.error.issues.map((issue) => {
    let code = "-";
    if (issue.path[0] === "procedures" && typeof issue.path[1] === "number" && Array.isArray(procedures)) {
      const p = procedures[issue.path[1]] as { code?: unknown } | undefined;
      code = typeof p?.code === "string" && p.code ? p.code : `#${issue.path[1]}`;
    }
    return { code, path: jsonPath(issue.path), message: messageKey(issue) };
  });
}

function main(argv: string[]): number {
  const file = argv[0];
  if (!file) {
    process.stderr.write("Usage: npx tsx db/seed/catalog/validate.ts FILE\n");
    return 2;
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    process.stderr.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const issues = catalogIssues(data);
  if (issues.length > 0) {
    for (const i of issues) process.stdout.write(`${i.code} ${i.path}: ${i.message}\n`);
    process.stdout.write(`${file}: ${issues.length} issue(s)\n`);
    return 1;
  }
  const parsed = catalogSchema.parse(data);
  const counts = Object.fromEntries(ONLINE_LEVELS.map((l) => [l, 0])) as Record<OnlineLevel, number>;
  for (const p of parsed.procedures) counts[bestOnlineLevel(p.offerings.map((o) => o.onlineLevel))] += 1;
  const summary = ONLINE_LEVELS.map((l) => `${l} ${counts[l]}`).join(", ");
  process.stdout.write(`${file}: valid, ${parsed.procedures.length} procedures (${summary})\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("validate.ts")) {
  process.exitCode = main(process.argv.slice(2));
}
