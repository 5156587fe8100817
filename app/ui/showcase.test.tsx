// Structural checks of the /ui showcase page (axe itself runs in the e2e suite):
// unique ids, labelled controls, one <h1>, no skipped heading levels, ids referenced by ARIA exist.
import { createInstance } from "i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it } from "vitest";
import commonEn from "../../locales/en/common.json";
import uiEn from "../../locales/en/ui.json";
import common from "../../locales/vi/common.json";
import ui from "../../locales/vi/ui.json";
import UiShowcase from "../routes/ui";

function renderShowcase(lng: "vi" | "en"): string {
  const i18n = createInstance();
  void i18n.use(initReactI18next).init({
    lng,
    ns: ["common", "ui"],
    defaultNS: "common",
    resources: { vi: { common, ui }, en: { common: commonEn, ui: uiEn } },
    interpolation: { escapeValue: false },
    initImmediate: false,
  });
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <UiShowcase />
    </I18nextProvider>,
  );
}

describe.each(["vi", "en"] as const)("showcase (%s)", (lng) => {
  const html = renderShowcase(lng);

  it("has unique ids", () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
  });

  it("references only existing ids from ARIA and labels", () => {
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const refs = [...html.matchAll(/(?:aria-describedby|aria-labelledby|for)="([^"]+)"/g)].flatMap((m) => (m[1] ?? "").split(" "));
    expect(refs.filter((r) => !ids.has(r))).toEqual([]);
    const hrefs = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).filter((h) => h !== "main-content");
    expect(hrefs.filter((h) => !ids.has(h))).toEqual([]);
  });

  it("labels every form control", () => {
    const labelled = new Set([...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]));
    const controls = [...html.matchAll(/<(input|select|textarea)\b[^>]*\sid="([^"]+)"/g)].map((m) => m[2]);
    const unlabelled = [...html.matchAll(/<(input|select|textarea)\b(?![^>]*\sid=)[^>]*>/g)].map((m) => m[0]);
    expect(unlabelled).toEqual([]);
    expect(controls.filter((id) => !labelled.has(id))).toEqual([]);
  });

  it("has one h1 and no skipped heading levels", () => {
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    levels.forEach((level, i) => {
      if (i > 0) expect(level - (levels[i - 1] ?? 1)).toBeLessThanOrEqual(1);
    });
  });

  it("names every nav landmark differently and uses no inline style", () => {
    const names = [...html.matchAll(/<nav[^>]*aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(names).size).toBe(names.length);
    expect(html).not.toMatch(/\sstyle="/);
  });
});
