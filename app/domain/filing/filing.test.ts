import { describe, expect, it } from "vitest";
import type { FormDefinition } from "../forms/form-definition";
import {
  answerRows,
  applicantFormSchema,
  applicableDocuments,
  checkSection,
  emptyAnswers,
  emptyDocuments,
  feeSummary,
  mergeSection,
  offeringFor,
  onBehalfAllowed,
  readyToSubmit,
  taskList,
  toFormInput,
  type DraftView,
} from "./filing";

const form: FormDefinition = {
  version: 1,
  sections: [
    {
      id: "tre",
      titleKey: "s.tre",
      fields: [
        { type: "text", name: "hoTen", labelKey: "f.hoTen", required: true },
        { type: "yesno", name: "coCha", labelKey: "f.coCha", required: true },
      ],
    },
    {
      id: "cha",
      titleKey: "s.cha",
      fields: [
        // Shown only when the first section said yes.
        { type: "text", name: "hoTenCha", labelKey: "f.hoTenCha", required: true, showWhen: { field: "coCha", equals: true } },
        { type: "number", name: "soBan", labelKey: "f.soBan", integer: true, min: 1 },
      ],
    },
  ],
  texts: { vi: { "s.tre": "Trẻ", "s.cha": "Cha", "f.hoTen": "Họ tên", "f.coCha": "Có cha", "f.hoTenCha": "Họ tên cha", "f.soBan": "Số bản" } },
};

const content = {
  documents: [
    { name: "Tờ khai", originals: 1, certifiedCopies: 0, photocopies: 0, required: true, fileTypes: ["pdf" as const], maxSizeMb: 10, signatureRequired: false },
    { name: "Giấy chứng sinh", case: "co-giay", originals: 1, certifiedCopies: 0, photocopies: 0, required: true, fileTypes: ["pdf" as const], maxSizeMb: 10, signatureRequired: false },
    { name: "Văn bản cam đoan", case: "khong-giay", originals: 1, certifiedCopies: 0, photocopies: 0, required: true, fileTypes: ["pdf" as const], maxSizeMb: 10, signatureRequired: false },
    { name: "Văn bản ủy quyền", originals: 1, certifiedCopies: 0, photocopies: 0, required: false, fileTypes: ["pdf" as const], maxSizeMb: 10, signatureRequired: false },
  ],
  cases: [
    { code: "co-giay", name: "Có giấy chứng sinh" },
    { code: "khong-giay", name: "Không có giấy chứng sinh" },
  ],
};

const applicant = { kind: "citizen" as const, fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: "", address: "Hà Giang" };

function view(over: Partial<DraftView> = {}): DraftView {
  return { form, content, applicant: null, onBehalfOf: null, answers: emptyAnswers(), documents: emptyDocuments(), declarationAt: null, ...over };
}

describe("checking one section of the form", () => {
  it("requires a visible required field and names its input", () => {
    const result = checkSection(form, {}, 0, { hoTen: "", coCha: "yes" });
    expect(result).toEqual({ ok: false, issues: [{ name: "hoTen", message: "form.errors.required" }] });
  });

  it("honours a condition that looks at an earlier section's saved answer", () => {
    const withFather = checkSection(form, { hoTen: "A", coCha: true }, 1, { hoTenCha: "" });
    expect(withFather.ok).toBe(false);
    const without = checkSection(form, { hoTen: "A", coCha: false }, 1, { hoTenCha: "Ai đó", soBan: "2" });
    // Hidden: neither required nor kept.
    expect(without).toEqual({ ok: true, values: { soBan: 2 } });
  });

  it("ignores values posted for fields of other sections", () => {
    const result = checkSection(form, { hoTen: "A", coCha: true }, 1, { hoTenCha: "B", hoTen: "", coCha: "no" });
    expect(result).toEqual({ ok: true, values: { hoTenCha: "B" } });
  });

  it("drops later answers that an earlier change hides", () => {
    const saved = { hoTen: "A", coCha: true, hoTenCha: "B" };
    expect(mergeSection(form, saved, 0, { hoTen: "A", coCha: false })).toEqual({ hoTen: "A", coCha: false });
  });
});

describe("the task list", () => {
  it("starts with the applicant, the sections and the documents open, the rest waiting", () => {
    const statuses = taskList(view()).map((t) => [t.key, t.status]);
    expect(statuses).toEqual([
      ["applicant", "notStarted"],
      ["section:0", "notStarted"],
      ["section:1", "notStarted"],
      ["documents", "notStarted"],
      ["fees", "cannotStart"],
      ["check", "cannotStart"],
      ["declaration", "cannotStart"],
      ["submit", "cannotStart"],
    ]);
  });

  it("opens the fees once everything is filled, then check and declaration, then submit", () => {
    const answers = { values: { hoTen: "A", coCha: false }, sections: ["tre", "cha"], feesSeen: false };
    const documents = { case: "co-giay", files: { "0": ["f1"], "1": ["f2"] } };
    const filled = view({ applicant, answers, documents });
    expect(taskList(filled).find((t) => t.key === "fees")?.status).toBe("notStarted");
    expect(taskList(filled).find((t) => t.key === "check")?.status).toBe("cannotStart");
    const seen = view({ applicant, answers: { ...answers, feesSeen: true }, documents });
    expect(taskList(seen).find((t) => t.key === "declaration")?.status).toBe("notStarted");
    const declared = view({ applicant, answers: { ...answers, feesSeen: true }, documents, declarationAt: "2026-11-30T02:00:00.000Z" });
    expect(readyToSubmit(taskList(declared))).toBe(true);
    expect(taskList(declared).find((t) => t.key === "submit")?.status).toBe("notStarted");
  });

  it("shows a saved section as in progress when an earlier answer made a field required", () => {
    const answers = { values: { hoTen: "A", coCha: true }, sections: ["tre", "cha"], feesSeen: false };
    expect(taskList(view({ answers })).find((t) => t.key === "section:1")?.status).toBe("inProgress");
  });

  it("needs the case and every required document of it", () => {
    expect(taskList(view({ documents: { case: null, files: { "0": ["f1"] } } })).find((t) => t.key === "documents")?.status).toBe("inProgress");
    expect(taskList(view({ documents: { case: "khong-giay", files: { "0": ["f1"], "1": ["f2"] } } })).find((t) => t.key === "documents")?.status).toBe("inProgress");
    expect(taskList(view({ documents: { case: "khong-giay", files: { "0": ["f1"], "2": ["f3"] } } })).find((t) => t.key === "documents")?.status).toBe("completed");
  });
});

describe("documents and filing on behalf", () => {
  it("lists the documents of the chosen case; the authorisation is required only when filing on behalf", () => {
    const mine = applicableDocuments(content, { documents: { case: "co-giay", files: {} }, onBehalfOf: null });
    expect(mine.map((d) => [d.index, d.required])).toEqual([
      [0, true],
      [1, true],
      [3, false],
    ]);
    const forOther = applicableDocuments(content, { documents: { case: "co-giay", files: {} }, onBehalfOf: { fullName: "B", cccd: "002190012346", relationship: "mẹ" } });
    expect(forOther.find((d) => d.index === 3)?.required).toBe(true);
  });

  it("allows filing on behalf where the dossier lists an authorisation document", () => {
    expect(onBehalfAllowed(content)).toBe(true);
    expect(onBehalfAllowed({ documents: content.documents.slice(0, 3) })).toBe(false);
  });
});

describe("fees", () => {
  const offering = {
    receivers: { kinds: ["commune_ppc" as const] },
    decider: "receiver" as const,
    onlineLevel: "FULL" as const,
    channels: [
      { channel: "in_person" as const, timeLimit: { unit: "none" as const }, feeMode: "pay_first" as const, fees: [{ name: "Lệ phí", amount: 10_000, per: "case" as const }] },
      {
        channel: "online" as const,
        timeLimit: { unit: "none" as const },
        feeMode: "pay_first" as const,
        fees: [
          { name: "Lệ phí", amount: 5_000, per: "case" as const },
          { name: "Bản sao", amount: 8_000, per: "copy" as const },
        ],
      },
    ],
  };

  it("takes the online channel's fees and the quantity from the answers", () => {
    const summary = feeSummary(offering, { soBan: 3 });
    expect(summary?.lines.map((l) => [l.name, l.quantity, l.amount])).toEqual([
      ["Lệ phí", 1, 5_000],
      ["Bản sao", 3, 24_000],
    ]);
    expect(summary?.total).toBe(29_000);
    expect(summary?.estimated).toBe(false);
  });

  it("counts one unit and says it is an estimate when the form does not give the quantity", () => {
    const summary = feeSummary(offering, {});
    expect(summary?.total).toBe(13_000);
    expect(summary?.estimated).toBe(true);
  });

  it("charges nothing in free mode, and has no summary without an online channel", () => {
    const free = { ...offering, channels: [{ ...offering.channels[1]!, feeMode: "free" as const }] };
    expect(feeSummary(free, { soBan: 3 })?.total).toBe(0);
    expect(feeSummary({ ...offering, channels: [offering.channels[0]!] }, {})).toBeNull();
  });

  it("finds the offering of an agency by code first, then by kind", () => {
    const byCode = { ...offering, receivers: { codes: ["000.00.01.H22"] } };
    const content2 = { offerings: [offering, byCode] };
    expect(offeringFor(content2, { code: "000.00.01.H22", kind: "commune_ppc" })).toBe(byCode);
    expect(offeringFor(content2, { code: "000.00.02.H22", kind: "commune_ppc" })).toBe(offering);
    expect(offeringFor(content2, { code: "000.00.02.H22", kind: "department" })).toBeNull();
  });
});

describe("check your answers", () => {
  it("lists the shown fields of every section with a change link to the field", () => {
    const rows = answerRows(form, { hoTen: "A", coCha: false, soBan: 2 });
    expect(rows.map((s) => s.rows.map((r) => [r.field.name, r.value, r.path]))).toEqual([
      [
        ["hoTen", "A", "section/1#f-hoTen"],
        ["coCha", false, "section/1#f-coCha"],
      ],
      [["soBan", 2, "section/2#f-soBan"]],
    ]);
  });

  it("gives saved values back as the inputs hold them", () => {
    expect(toFormInput({ coCha: true, soBan: 2, hoTen: "A", nhom: [{ co: false }] })).toEqual({ coCha: "yes", soBan: "2", hoTen: "A", nhom: [{ co: "no" }] });
  });
});

describe("the applicant step's form", () => {
  it("normalises the phone, checks the CCCD, and needs the other person only when filing on behalf", async () => {
    const base = { fullName: "Lò Thị Mai", cccd: "0021 9001 2345", phone: "0912 345 678", email: "", address: "Hà Giang" };
    expect(applicantFormSchema.parse(base)).toMatchObject({ cccd: "002190012345", phone: "0912345678", forWhom: "self" });
    const bad = applicantFormSchema.safeParse({ ...base, cccd: "999990012345", phone: "12345" });
    expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["cccd", "errors.cccd"],
      ["phone", "errors.phone"],
    ]);
    const other = applicantFormSchema.safeParse({ ...base, forWhom: "other" });
    expect(other.error?.issues.map((i) => i.path[0])).toEqual(["otherFullName", "otherCccd", "otherRelationship"]);
  });
});
