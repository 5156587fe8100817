import { describe, expect, it } from "vitest";
import { compileFormSchema } from "../forms/compile";
import { formDefinitionSchema, type FormDefinition } from "../forms/form-definition";
import {
  breaksConditions,
  conditionCandidates,
  fieldFormErrors as E,
  fieldFormValues,
  putFieldForm,
  readDay,
  readDecimal,
  readFieldForm,
  type FieldFormValues,
} from "./drafts.fields";
import { applyFormIntent } from "./drafts.form";

const TODAY = "2026-03-15";

/** A definition as the editor writes it (keys generated from the names). */
const base = (): FormDefinition => ({
  version: 1,
  sections: [
    {
      id: "nguoi-nop",
      titleKey: "s.nguoi-nop",
      fields: [
        { type: "text", name: "hoTen", labelKey: "f.hoTen", required: true, maxLength: 100 },
        {
          type: "radio",
          name: "loai",
          labelKey: "f.loai",
          required: true,
          options: [
            { value: "ca-nhan", labelKey: "o.loai.ca-nhan" },
            { value: "to-chuc", labelKey: "o.loai.to-chuc" },
          ],
        },
        { type: "yesno", name: "coUyQuyen", labelKey: "f.coUyQuyen", required: false },
      ],
    },
    {
      id: "noi-dung",
      titleKey: "s.noi-dung",
      fields: [
        { type: "text", name: "tenToChuc", labelKey: "f.tenToChuc", required: true, showWhen: { field: "loai", equals: "to-chuc" } },
        {
          type: "group",
          name: "thanhVien",
          labelKey: "f.thanhVien",
          itemLabelKey: "i.thanhVien",
          required: false,
          minItems: 1,
          maxItems: 5,
          fields: [{ type: "text", name: "hoTen", labelKey: "f.thanhVien.hoTen" }],
        },
      ],
    },
  ],
  texts: {
    vi: {
      "s.nguoi-nop": "Người nộp",
      "s.noi-dung": "Nội dung",
      "f.hoTen": "Họ và tên",
      "f.loai": "Loại người nộp",
      "o.loai.ca-nhan": "Cá nhân",
      "o.loai.to-chuc": "Tổ chức",
      "f.coUyQuyen": "Có ủy quyền không?",
      "f.tenToChuc": "Tên tổ chức",
      "f.thanhVien": "Thành viên",
      "i.thanhVien": "Thành viên",
      "f.thanhVien.hoTen": "Họ và tên",
    },
  },
});

/** A new field's values, as posted from a page drawn for its type. */
const blank = (over: Partial<FieldFormValues>): FieldFormValues => ({
  ...fieldFormValues(base(), undefined),
  typeFor: over.type ?? "text",
  ...over,
});

const form = (entries: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) for (const value of Array.isArray(v) ? v : [v]) data.append(k, value);
  return data;
};

const paths = (edit: ReturnType<typeof putFieldForm>) => (edit.ok ? [] : edit.issues.map((i) => `${i.path} ${i.message}`));

function saved(edit: ReturnType<typeof putFieldForm>): FormDefinition {
  if (!edit.ok) throw new Error(`refused: ${JSON.stringify(edit.issues)}`);
  expect(formDefinitionSchema.safeParse(edit.form).success).toBe(true);
  return edit.form;
}

describe("reading the field editor's form", () => {
  it("reads every control, ticked boxes as booleans and the condition's values as a list", () => {
    const values = readFieldForm(
      form({
        type: "text",
        name: "soTaiKhoan",
        label: "Số tài khoản",
        required: "yes",
        maxLength: "20",
        pattern: "[0-9]{6,20}",
        patternError: "Chỉ gồm chữ số",
        showWhenField: "loai",
        showWhenEquals: ["ca-nhan", "to-chuc"],
        showWhenFor: "loai",
        integer: "no",
      }),
    );
    expect(values).toMatchObject({
      type: "text",
      name: "soTaiKhoan",
      required: true,
      integer: false,
      notFuture: false,
      maxLength: "20",
      pattern: "[0-9]{6,20}",
      showWhenEquals: ["ca-nhan", "to-chuc"],
      hint: "",
      options: "",
    });
  });

  it("never throws: an empty or hostile post gives empty, bounded values", () => {
    expect(readFieldForm(new FormData())).toMatchObject({ type: "text", name: "", required: false, showWhenEquals: [] });
    const long = readFieldForm(form({ label: "x".repeat(10_000), minLength: "9".repeat(500), showWhenEquals: Array(500).fill("a") }));
    expect(long.label).toHaveLength(500);
    expect(long.minLength.length).toBeLessThanOrEqual(40);
    expect(long.showWhenEquals).toHaveLength(100);
  });

  it("reads days and decimals the Vietnamese way", () => {
    expect(readDay("31/12/2015")).toBe("2015-12-31");
    expect(readDay("1/2/2020")).toBe("2020-02-01");
    expect(readDay("2015-12-31")).toBe("2015-12-31");
    expect(readDay("30/02/2020")).toBeNull();
    expect(readDay("hôm qua")).toBeNull();
    expect(readDecimal("2,5")).toBe(2.5);
    expect(readDecimal("-3")).toBe(-3);
    expect(readDecimal("1.000.000")).toBeNull();
    expect(readDecimal("abc")).toBeNull();
  });
});

describe("the field editor's values", () => {
  it("show an existing field as typed, and saving them unchanged gives the same definition", () => {
    const def = base();
    for (const [s, f] of [
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
    ] as const) {
      const field = def.sections[s]!.fields[f]!;
      const values = fieldFormValues(def, field);
      expect(saved(putFieldForm(def, s, f, values))).toEqual(def);
    }
    expect(fieldFormValues(def, def.sections[1]!.fields[0])).toMatchObject({
      label: "Tên tổ chức",
      showWhenField: "loai",
      showWhenEquals: ["to-chuc"],
      showWhenFor: "loai",
    });
    expect(fieldFormValues(def, def.sections[0]!.fields[1]).options).toBe("ca-nhan|Cá nhân\nto-chuc|Tổ chức");
    expect(fieldFormValues(def, def.sections[1]!.fields[1])).toMatchObject({ itemLabel: "Thành viên", minItems: "1", maxItems: "5" });
  });

  it("show limits as officials type them: decimals with a comma, days as dd/mm/yyyy, today as a box", () => {
    const number = fieldFormValues(base(), { type: "number", name: "a", labelKey: "f.a", min: 0.5, max: 10 });
    expect(number).toMatchObject({ min: "0,5", max: "10" });
    const date = fieldFormValues(base(), { type: "date", name: "a", labelKey: "f.a", min: "today", max: "2030-06-01" });
    expect(date).toMatchObject({ min: "", minToday: true, max: "01/06/2030", maxToday: false });
  });

  it("offer as conditions only the fields before the edited one, with their choices", () => {
    const def = base();
    expect(conditionCandidates(def, 0, 0)).toEqual([]);
    expect(conditionCandidates(def, 0, 2).map((c) => c.name)).toEqual(["hoTen", "loai"]);
    expect(conditionCandidates(def, 1, "new").map((c) => c.name)).toEqual(["hoTen", "loai", "coUyQuyen", "tenToChuc", "thanhVien"]);
    expect(conditionCandidates(def, 1, 0)[1]).toEqual({
      name: "loai",
      label: "Loại người nộp",
      type: "radio",
      choices: [
        { value: "ca-nhan", label: "Cá nhân" },
        { value: "to-chuc", label: "Tổ chức" },
      ],
    });
    expect(conditionCandidates(def, 1, 0)[2]?.choices.map((c) => c.value)).toEqual(["yes", "no"]);
  });
});

describe("saving a field with limits, options and a condition", () => {
  it("sets a text's length, pattern and message, and the compiled form enforces them at the limits", () => {
    const def = saved(
      putFieldForm(base(), 1, "new", blank({ name: "maSo", label: "Mã số", minLength: "3", maxLength: "6", pattern: "[A-Z0-9]+", patternError: "Chỉ chữ in hoa và số" })),
    );
    const field = def.sections[1]!.fields[2];
    expect(field).toEqual({ type: "text", name: "maSo", labelKey: "f.maSo", required: true, minLength: 3, maxLength: 6, pattern: "[A-Z0-9]+", patternErrorKey: "e.maSo" });
    expect(def.texts?.vi["e.maSo"]).toBe("Chỉ chữ in hoa và số");

    const schema = compileFormSchema(def, { today: TODAY });
    const errorOf = (maSo: string) => {
      const r = schema.safeParse({ hoTen: "A", loai: "ca-nhan", maSo });
      return r.success ? null : r.error.issues.find((i) => i.path[0] === "maSo")?.message ?? null;
    };
    expect(errorOf("ABC")).toBeNull();
    expect(errorOf("ABC123")).toBeNull();
    expect(errorOf("AB")).toBe("form.errors.tooShort");
    expect(errorOf("ABC1234")).toBe("form.errors.tooLong");
    expect(errorOf("abc")).toBe("e.maSo");
  });

  it("sets number, money and date limits, and the compiled form accepts the limits themselves", () => {
    let def = saved(putFieldForm(base(), 1, "new", blank({ type: "number", name: "dienTich", label: "Diện tích", min: "0,5", max: "100", integer: false })));
    def = saved(putFieldForm(def, 1, "new", blank({ type: "money", name: "giaTri", label: "Giá trị", min: "1.000", max: "5.000.000" })));
    def = saved(putFieldForm(def, 1, "new", blank({ type: "date", name: "ngay", label: "Ngày", min: "01/01/2020", maxToday: true })));
    expect(def.sections[1]!.fields.slice(2)).toEqual([
      { type: "number", name: "dienTich", labelKey: "f.dienTich", required: true, min: 0.5, max: 100 },
      { type: "money", name: "giaTri", labelKey: "f.giaTri", required: true, min: 1000, max: 5_000_000 },
      { type: "date", name: "ngay", labelKey: "f.ngay", required: true, min: "2020-01-01", max: "today" },
    ]);
    const schema = compileFormSchema(def, { today: TODAY });
    const good = { hoTen: "A", loai: "ca-nhan", dienTich: "0,5", giaTri: "5.000.000", ngay: TODAY };
    expect(schema.safeParse(good).success).toBe(true);
    expect(schema.safeParse({ ...good, dienTich: "100" }).success).toBe(true);
    expect(schema.safeParse({ ...good, ngay: "2020-01-01" }).success).toBe(true);
    const messages = (values: Record<string, string>) => {
      const r = schema.safeParse({ ...good, ...values });
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(messages({ dienTich: "0,4" })).toEqual(["form.errors.tooSmall"]);
    expect(messages({ dienTich: "100,1" })).toEqual(["form.errors.tooBig"]);
    expect(messages({ giaTri: "999" })).toEqual(["form.errors.tooSmall"]);
    expect(messages({ giaTri: "5.000.001" })).toEqual(["form.errors.tooBig"]);
    expect(messages({ ngay: "2019-12-31" })).toEqual(["form.errors.dateTooEarly"]);
    expect(messages({ ngay: "2026-03-16" })).toEqual(["form.errors.dateTooLate"]);
  });

  it("sets a select's options and a checkbox's counts; only the controls of the type count", () => {
    const def = saved(
      putFieldForm(base(), 1, "new", blank({ type: "checkbox", name: "giayTo", label: "Giấy tờ", options: "cccd|Căn cước\nho-chieu|Hộ chiếu\n\nkhac", minSelected: "1", maxSelected: "2", maxLength: "5", pattern: "x" })),
    );
    expect(def.sections[1]!.fields[2]).toEqual({
      type: "checkbox",
      name: "giayTo",
      labelKey: "f.giayTo",
      required: true,
      options: [
        { value: "cccd", labelKey: "o.giayTo.cccd" },
        { value: "ho-chieu", labelKey: "o.giayTo.ho-chieu" },
        { value: "khac", labelKey: "o.giayTo.khac" },
      ],
      minSelected: 1,
      maxSelected: 2,
    });
    expect(def.texts?.vi).toMatchObject({ "o.giayTo.ho-chieu": "Hộ chiếu", "o.giayTo.khac": "khac" });
    const schema = compileFormSchema(def, { today: TODAY });
    expect(schema.safeParse({ hoTen: "A", loai: "ca-nhan", giayTo: ["cccd", "khac"] }).success).toBe(true);
    expect(schema.safeParse({ hoTen: "A", loai: "ca-nhan", giayTo: ["cccd", "khac", "ho-chieu"] }).success).toBe(false);
  });

  it("sets a condition on an earlier choice field (one value, several, yes/no, or any value) and the compiled form follows it", () => {
    const one = saved(putFieldForm(base(), 1, "new", blank({ name: "maSoThue", label: "Mã số thuế", showWhenField: "loai", showWhenEquals: ["to-chuc"], showWhenFor: "loai" })));
    expect(one.sections[1]!.fields[2]!.showWhen).toEqual({ field: "loai", equals: "to-chuc" });
    const schema = compileFormSchema(one, { today: TODAY });
    expect(schema.safeParse({ hoTen: "A", loai: "ca-nhan", tenToChuc: "" }).success).toBe(true); // hidden: not required
    expect(schema.safeParse({ hoTen: "A", loai: "to-chuc", tenToChuc: "X" }).success).toBe(false); // shown: required

    const several = saved(putFieldForm(base(), 1, "new", blank({ name: "x", label: "X", showWhenField: "loai", showWhenEquals: ["ca-nhan", "to-chuc"], showWhenFor: "loai" })));
    expect(several.sections[1]!.fields[2]!.showWhen).toEqual({ field: "loai", equals: ["ca-nhan", "to-chuc"] });
    const any = saved(putFieldForm(base(), 1, "new", blank({ name: "x", label: "X", showWhenField: "loai", showWhenEquals: [], showWhenFor: "loai" })));
    expect(any.sections[1]!.fields[2]!.showWhen).toEqual({ field: "loai", filled: true });
    const yes = saved(putFieldForm(base(), 1, "new", blank({ name: "x", label: "X", showWhenField: "coUyQuyen", showWhenEquals: ["yes"], showWhenFor: "coUyQuyen" })));
    expect(yes.sections[1]!.fields[2]!.showWhen).toEqual({ field: "coUyQuyen", equals: true });
    const filled = saved(putFieldForm(base(), 1, "new", blank({ name: "x", label: "X", showWhenField: "hoTen", showWhenFor: "" })));
    expect(filled.sections[1]!.fields[2]!.showWhen).toEqual({ field: "hoTen", filled: true });
    const none = saved(putFieldForm(base(), 1, 0, { ...fieldFormValues(base(), base().sections[1]!.fields[0]), showWhenField: "" }));
    expect(none.sections[1]!.fields[0]!.showWhen).toBeUndefined();
  });

  it("asks for the values when another choice field was picked than the one the page showed values of", () => {
    const edit = putFieldForm(base(), 1, "new", blank({ name: "x", label: "X", showWhenField: "loai", showWhenEquals: [], showWhenFor: "" }));
    expect(paths(edit)).toEqual([`showWhen.equals ${E.pickConditionValue}`]);
  });

  it("shows the controls of a newly picked type before saving (when that type has any)", () => {
    const def = base();
    const hoTen = fieldFormValues(def, def.sections[0]!.fields[0]);
    expect(paths(putFieldForm(def, 0, 0, { ...hoTen, type: "select" }))).toEqual([`type ${E.typeChanged}`]);
    expect(paths(putFieldForm(def, 0, 0, { ...hoTen, type: "select", typeFor: "select", options: "a|A" }))).toEqual([]);
    // An e-mail address has no controls of its own: saved at once, without the text's limits.
    expect(saved(putFieldForm(def, 0, 0, { ...hoTen, type: "email" })).sections[0]!.fields[0]).toEqual({ type: "email", name: "hoTen", labelKey: "f.hoTen", required: true });
  });

  it("edits a repeating group's own properties and keeps its fields and keys", () => {
    const def = base();
    const values = { ...fieldFormValues(def, def.sections[1]!.fields[1]), minItems: "2", maxItems: "10", itemLabel: "Người" };
    const next = saved(putFieldForm(def, 1, 1, values));
    expect(next.sections[1]!.fields[1]).toMatchObject({ type: "group", minItems: 2, maxItems: 10, itemLabelKey: "i.thanhVien", fields: def.sections[1]!.fields[1]!.type === "group" ? def.sections[1]!.fields[1]!.fields : [] });
    expect(next.texts?.vi["i.thanhVien"]).toBe("Người");
    expect(paths(putFieldForm(def, 1, 1, { ...values, minItems: "6", maxItems: "5" }))).toEqual(["minItems formDefinition.errors.minGreaterThanMax"]);
    expect(paths(putFieldForm(def, 1, 1, { ...values, maxItems: "51" }))).toEqual(["maxItems formDefinition.errors.tooLarge"]);
    expect(paths(putFieldForm(def, 1, 1, { ...values, itemLabel: " " }))).toEqual([`itemLabel ${E.required}`]);
  });

  it("renames the conditions that looked at a renamed field", () => {
    const def = base();
    const values = { ...fieldFormValues(def, def.sections[0]!.fields[1]), name: "loaiNguoiNop" };
    const next = saved(putFieldForm(def, 0, 1, values));
    expect(next.sections[1]!.fields[0]!.showWhen).toEqual({ field: "loaiNguoiNop", equals: "to-chuc" });
  });
});

describe("the field editor refuses", () => {
  const text = (over: Partial<FieldFormValues>) => putFieldForm(base(), 1, "new", blank({ name: "x", label: "X", ...over }));

  it("a lower limit above the upper one, for lengths, numbers, amounts, days and counts", () => {
    expect(paths(text({ minLength: "10", maxLength: "5" }))).toEqual(["minLength formDefinition.errors.minGreaterThanMax"]);
    expect(paths(text({ type: "textarea", minLength: "3000" }))).toEqual(["minLength formDefinition.errors.minGreaterThanMax"]);
    expect(paths(text({ type: "number", min: "5", max: "4,5" }))).toEqual(["min formDefinition.errors.minGreaterThanMax"]);
    expect(paths(text({ type: "money", min: "2.000", max: "1.000" }))).toEqual(["min formDefinition.errors.minGreaterThanMax"]);
    expect(paths(text({ type: "date", min: "02/01/2025", max: "01/01/2025" }))).toEqual(["min formDefinition.errors.minGreaterThanMax"]);
    expect(paths(text({ type: "checkbox", options: "a\nb", minSelected: "2", maxSelected: "1" }))).toEqual(["minSelected formDefinition.errors.minGreaterThanMax"]);
    expect(paths(text({ type: "checkbox", options: "a", minSelected: "2" }))).toEqual(["minSelected formDefinition.errors.minSelectedTooLarge"]);
    expect(paths(text({ maxLength: "1001" }))).toEqual(["maxLength formDefinition.errors.tooLarge"]);
  });

  it("numbers and days it cannot read", () => {
    expect(paths(text({ maxLength: "mười" }))).toEqual([`maxLength ${E.wholeNumber}`]);
    expect(paths(text({ minLength: "-1" }))).toEqual([`minLength ${E.wholeNumber}`]);
    expect(paths(text({ type: "number", min: "1.000.000" }))).toEqual([`min ${E.number}`]);
    expect(paths(text({ type: "money", max: "-5" }))).toEqual([`max ${E.money}`]);
    expect(paths(text({ type: "date", min: "31/02/2025" }))).toEqual([`min ${E.date}`]);
    expect(paths(text({ type: "date", max: "01/01/2030", maxToday: true }))).toEqual([`max ${E.dateTwice}`]);
  });

  it("a pattern that does not compile, that could backtrack for ever, or that is too long; a message without a pattern", () => {
    expect(paths(text({ pattern: "[a-z" }))).toEqual(["pattern formDefinition.errors.invalidPattern"]);
    expect(paths(text({ pattern: "(a+)+" }))).toEqual(["pattern formDefinition.errors.unsafePattern"]);
    expect(paths(text({ pattern: "a".repeat(201) }))).toEqual(["pattern formDefinition.errors.patternTooLong"]);
    expect(paths(text({ patternError: "Sai" }))).toEqual([`patternError ${E.patternErrorWithoutPattern}`]);
  });

  it("duplicate, malformed or missing options", () => {
    expect(paths(text({ type: "select", options: "a|A\nb|B\na|A lần nữa" }))).toEqual(["options[2].value formDefinition.errors.duplicateOption"]);
    expect(paths(text({ type: "radio", options: "Nữ" }))).toEqual(["options[0].value formDefinition.errors.optionValue"]);
    expect(paths(text({ type: "select", options: "" }))).toEqual(["options formDefinition.errors.empty"]);
  });

  it("a condition on itself, on a later field or on an unknown one (a forged post), or with values the field does not have", () => {
    const def = base();
    const own = fieldFormValues(def, def.sections[0]!.fields[0]);
    expect(paths(putFieldForm(def, 0, 0, { ...own, showWhenField: "hoTen" }))).toEqual(["showWhen.field formDefinition.errors.showWhenSelf"]);
    expect(paths(putFieldForm(def, 0, 0, { ...own, showWhenField: "tenToChuc" }))).toEqual(["showWhen.field formDefinition.errors.showWhenForward"]);
    expect(paths(putFieldForm(def, 0, 0, { ...own, showWhenField: "khongCo" }))).toEqual(["showWhen.field formDefinition.errors.showWhenUnknownField"]);
    expect(paths(text({ showWhenField: "loai", showWhenFor: "loai", showWhenEquals: ["nope"] }))).toEqual(["showWhen.equals formDefinition.errors.showWhenValue"]);
  });

  it("removing an option or changing the type that another field's condition uses", () => {
    const def = base();
    const loai = fieldFormValues(def, def.sections[0]!.fields[1]);
    expect(paths(putFieldForm(def, 0, 1, { ...loai, options: "ca-nhan|Cá nhân" }))).toEqual([`options ${E.usedByCondition}`]);
    expect(paths(putFieldForm(def, 0, 1, { ...loai, type: "text", typeFor: "text" }))).toEqual([`type ${E.usedByCondition}`]);
  });

  it("an empty label, a bad name, a name already used, an unknown type", () => {
    expect(paths(text({ label: "" }))).toEqual([`label ${E.required}`]);
    expect(paths(text({ name: "Tên" }))).toEqual(expect.arrayContaining(["name formDefinition.errors.fieldName"]));
    expect(paths(text({ name: "hoTen" }))).toEqual(["name formDefinition.errors.duplicateName"]);
    expect(paths(text({ type: "slider" }))).toEqual([`type ${E.unknownType}`]);
    expect(paths(putFieldForm(base(), 9, "new", blank({})))).toEqual([` ${E.notFound}`]);
  });
});

describe("moving fields", () => {
  it("notices a move or a removal that leaves a condition looking at a later or a missing field", () => {
    const def = base();
    const withCondition = saved(putFieldForm(def, 0, 2, { ...fieldFormValues(def, def.sections[0]!.fields[2]), showWhenField: "loai", showWhenFor: "loai", showWhenEquals: ["to-chuc"] }));
    const up = applyFormIntent(withCondition, "field-up:0-2")!;
    expect(breaksConditions(withCondition, up)).toBe(true);
    const harmless = applyFormIntent(withCondition, "field-up:0-1")!;
    expect(breaksConditions(withCondition, harmless)).toBe(false);
    expect(breaksConditions(withCondition, applyFormIntent(withCondition, "field-remove:0-1")!)).toBe(true);
    expect(breaksConditions(withCondition, applyFormIntent(withCondition, "section-up:1")!)).toBe(true);
  });
});
