import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { supportedLanguages } from "./i18n";

// Every language has the same namespaces and the same keys, and no text is empty.
const root = join(import.meta.dirname, "..", "locales");

function keysOf(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return [`${prefix}[${value.length}]`];
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

function leaves(value: unknown): unknown[] {
  if (value && typeof value === "object") return Object.values(value).flatMap(leaves);
  return [value];
}

describe("locales", () => {
  const namespaces = (lng: string) => readdirSync(join(root, lng)).filter((f) => f.endsWith(".json")).sort();
  const load = (lng: string, ns: string) => JSON.parse(readFileSync(join(root, lng, ns), "utf8")) as unknown;

  it("offer the same namespaces in every language", () => {
    for (const lng of supportedLanguages) expect(namespaces(lng), lng).toEqual(namespaces("vi"));
  });

  it.each(readdirSync(join(root, "vi")).filter((f) => f.endsWith(".json")))("%s has the same keys in every language", (ns) => {
    const vi = keysOf(load("vi", ns)).sort();
    for (const lng of supportedLanguages) {
      expect(keysOf(load(lng, ns)).sort(), `${lng}/${ns}`).toEqual(vi);
      for (const text of leaves(load(lng, ns))) {
        expect(typeof text === "string" && text.trim().length > 0, `${lng}/${ns} has an empty text`).toBe(true);
      }
    }
  });
});
