import { describe, expect, it } from "vitest";
import { formDefinitionSchema } from "../forms/form-definition";
import { addSection, applyFormIntent, emptyForm } from "./drafts.form";
import { readCase, readDocument, readOffering, readTemplate } from "./drafts.schema";
import { applyListIntent, issueKey, parseIntent } from "./drafts";

const fields = (entries: Record<string, string | string[]>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(entries)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
  return form;
};

describe("the form definition editor", () => {
  it("adds a section under a generated text key and moves or removes fields by intent", () => {
    const section = addSection(emptyForm(), { id: "nguoi-yeu-cau", title: "Người yêu cầu" });
    if (!section.ok) throw new Error("refused");
    expect(section.form.texts?.vi).toMatchObject({ "s.nguoi-yeu-cau": "Người yêu cầu" });
    const form = {
      ...section.form,
      sections: [
        {
          ...section.form.sections[0]!,
          fields: [
            { type: "text", name: "fullName", labelKey: "f.fullName", required: true },
            { type: "yesno", name: "married", labelKey: "f.married", required: false },
          ],
        },
      ],
      texts: { vi: { ...section.form.texts?.vi, "f.fullName": "Họ và tên", "f.married": "Đã kết hôn" } },
    } as typeof section.form;
    expect(formDefinitionSchema.safeParse(form).success).toBe(true);
    const moved = applyFormIntent(form, "field-up:0-1");
    expect(moved?.sections[0]!.fields.map((f) => f.name)).toEqual(["married", "fullName"]);
    expect(applyFormIntent(form, "field-remove:0-0")?.sections[0]!.fields.map((f) => f.name)).toEqual(["married"]);
    expect(applyFormIntent(form, "nonsense")).toBeNull();
  });

  it("refuses a section id that is not a slug", () => {
    expect(addSection(emptyForm(), { id: "Bad Id", title: "X" })).toMatchObject({ ok: false, issues: [{ path: "id", message: "formDefinition.errors.sectionId" }] });
  });
});

describe("the editors' forms", () => {
  it("reads a document and refuses a negative count", () => {
    const ok = readDocument(fields({ name: "Tờ khai", originals: "1", certifiedCopies: "", photocopies: "0", options: "required", fileTypes: ["pdf", "jpg"], maxSizeMb: "5" }));
    expect(ok.parsed).toMatchObject({ ok: true, value: { name: "Tờ khai", originals: 1, certifiedCopies: 0, required: true, signatureRequired: false, fileTypes: ["pdf", "jpg"] } });
    const bad = readDocument(fields({ name: "", originals: "-1", fileTypes: [] }));
    expect(bad.parsed.ok ? [] : bad.parsed.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["name", "originals", "fileTypes"]));
  });

  it("reads an offering (its fees have their own pages) and checks the online level against the channels", () => {
    const form = fields({
      kinds: "commune_ppc",
      decider: "receiver",
      onlineLevel: "FULL",
      channels: ["online"],
      "online-unit": "working_days",
      "online-amount": "3",
      "online-feeMode": "pay_first",
    });
    expect(readOffering(form).parsed).toMatchObject({
      ok: true,
      value: { receivers: { kinds: ["commune_ppc"] }, channels: [{ channel: "online", timeLimit: { unit: "working_days", amount: 3 }, feeMode: "pay_first", fees: [] }] },
    });
    const noOnline = readOffering(fields({ codes: "000.01.01.H22", decider: "receiver", onlineLevel: "FULL", channels: ["in_person"], "in_person-unit": "none", "in_person-feeMode": "free" }));
    expect(noOnline.parsed).toMatchObject({ ok: false, issues: [{ path: "onlineLevel", message: "catalog.errors.onlineLevelWithoutOnlineChannel" }] });
  });

  it("maps zod's own messages to generic keys and applies list intents", () => {
    expect(issueKey({ code: "too_small", message: "Too small: expected number to be >=0" })).toBe("catalog.errors.zod.too_small");
    expect(issueKey({ code: "custom", message: "catalog.errors.required" })).toBe("catalog.errors.required");
    expect(applyListIntent(["a", "b", "c"], parseIntent("move-up:2"))).toEqual(["a", "c", "b"]);
    expect(applyListIntent(["a", "b", "c"], parseIntent("move-down:2"))).toEqual(["a", "b", "c"]);
    expect(applyListIntent(["a", "b", "c"], parseIntent("remove:0"))).toEqual(["b", "c"]);
    expect(applyListIntent(["a"], parseIntent("save"))).toBeNull();
  });
});

describe("the documents editor's template and case fields", () => {
  const rtf = (text = "Tờ khai") => new TextEncoder().encode(`{\\rtf1\\ansi ${text}}`);
  const upload = (fileName: string, bytes: Uint8Array, tooLarge = false) => ({ fileName, bytes, tooLarge });
  const noFile = upload("", new Uint8Array());
  const messages = (parsed: { ok: boolean; issues?: { path: string; message: string }[] }) => (parsed.ok ? [] : parsed.issues!.map((i) => `${i.path} ${i.message}`));

  it("reads the case a document belongs to: none is every case, an unknown one is refused", () => {
    const base = { name: "Giấy tờ chứng minh nơi cư trú", originals: "1", fileTypes: "pdf" };
    expect(readDocument(fields({ ...base, case: "" }), { cases: ["qua-han"] }).parsed).toMatchObject({ ok: true, value: { case: undefined } });
    expect(readDocument(fields({ ...base, case: "qua-han" }), { cases: ["dung-han", "qua-han"] }).parsed).toMatchObject({ ok: true, value: { case: "qua-han" } });
    expect(messages(readDocument(fields({ ...base, case: "da-xoa" }), { cases: ["qua-han"] }).parsed)).toEqual(["case catalog.errors.unknownCase"]);
    // With other mistakes, the unknown case is reported too.
    expect(messages(readDocument(fields({ ...base, name: "", case: "da-xoa" }), { cases: [] }).parsed)).toEqual(["name catalog.errors.required", "case catalog.errors.unknownCase"]);
  });

  it("keeps the template and its title when no file is chosen, and removes it when asked", () => {
    expect(readTemplate(fields({ templateTitle: "  Mẫu tờ khai  " }), noFile, true).parsed).toEqual({ ok: true, value: { kind: "keep", title: "Mẫu tờ khai" } });
    expect(readTemplate(fields({ templateTitle: "" }), null, true).parsed).toEqual({ ok: true, value: { kind: "keep", title: undefined } });
    expect(readTemplate(fields({ templateTitle: "", removeTemplate: "yes" }), noFile, true).parsed).toEqual({ ok: true, value: { kind: "remove" } });
    expect(messages(readTemplate(fields({ templateTitle: "x".repeat(301) }), noFile, true).parsed)).toEqual(["templateTitle catalog.errors.tooLong"]);
  });

  it("takes a new file when its name and content agree, under a safe ASCII name", () => {
    const read = readTemplate(fields({ templateTitle: "Tờ khai (mẫu mới)" }), upload("Tờ khai đăng ký.RTF", rtf()), false);
    expect(read.parsed).toMatchObject({
      ok: true,
      value: { kind: "replace", title: "Tờ khai (mẫu mới)", file: { fileName: "to-khai-dang-ky.rtf", file: "templates/to-khai-dang-ky.rtf", type: "rtf", mediaType: "application/rtf" } },
    });
  });

  it("refuses a file of another type, a disguised one, an empty one, one too large, and contradictory choices", () => {
    expect(messages(readTemplate(fields({}), upload("anh.png", Uint8Array.of(0x89, 0x50, 0x4e, 0x47)), false).parsed)).toEqual(["template documents.errors.templateType"]);
    expect(messages(readTemplate(fields({}), upload("to-khai.pdf", rtf()), false).parsed)).toEqual(["template documents.errors.templateContent"]);
    expect(messages(readTemplate(fields({}), upload("to-khai.pdf", new Uint8Array()), false).parsed)).toEqual(["template documents.errors.templateEmpty"]);
    expect(messages(readTemplate(fields({}), upload("to-khai.pdf", new Uint8Array(), true), false).parsed)).toEqual(["template documents.errors.templateTooLarge"]);
    expect(messages(readTemplate(fields({ removeTemplate: "yes" }), upload("to-khai.rtf", rtf()), true).parsed)).toEqual(["template documents.errors.templateRemoveAndUpload"]);
    expect(messages(readTemplate(fields({ templateTitle: "Mẫu" }), noFile, false).parsed)).toEqual(["template documents.errors.templateTitleWithoutFile"]);
  });

  it("reads a case's name, checked with the list it makes (at most 20)", () => {
    const cases = [{ code: "dung-han", name: "Đúng hạn" }];
    expect(readCase(fields({ name: " Quá hạn " }), cases, "new").parsed).toEqual({ ok: true, value: { name: "Quá hạn" } });
    expect(readCase(fields({ name: "Đăng ký đúng hạn" }), cases, 0).parsed).toEqual({ ok: true, value: { name: "Đăng ký đúng hạn" } });
    expect(messages(readCase(fields({ name: "  " }), cases, 0).parsed)).toEqual(["name catalog.errors.required"]);
    expect(messages(readCase(fields({ name: "x".repeat(501) }), cases, "new").parsed)).toEqual(["name catalog.errors.tooLong"]);
    const twenty = Array.from({ length: 20 }, (_, i) => ({ code: `c${i}`, name: `Trường hợp ${i}` }));
    expect(messages(readCase(fields({ name: "Thêm một" }), twenty, "new").parsed)).toEqual(["name cases.errors.tooMany"]);
    expect(readCase(fields({ name: "Đổi tên" }), twenty, 19).parsed.ok).toBe(true);
  });
});
