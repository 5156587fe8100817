import { describe, expect, it } from "vitest";
import { birthRegistrationForm, householdBusinessForm } from "./fixtures";
import {
  compilePattern,
  formDefinitionErrors as E,
  formDefinitionSchema,
  PATTERN_MAX_LENGTH,
  topLevelFields,
} from "./form-definition";

/** A deep copy to break (typed loosely: the point is to build invalid definitions). */
const broken = (def: unknown): any => structuredClone(def);

function issues(def: unknown) {
  const result = formDefinitionSchema.safeParse(def);
  return result.success
    ? []
    : result.error.issues.map((i) => ({
        path: i.path,
        message: i.message,
        ...("params" in i && i.params ? { params: i.params } : {}),
      }));
}

/** Exactly one issue, at this path, with this message. */
function expectOnly(def: unknown, path: (string | number)[], message: string) {
  const found = issues(def);
  expect(found.map(({ path, message }) => ({ path, message }))).toEqual([{ path, message }]);
  return found[0];
}

const tiny = (fields: unknown[]) => ({ version: 1, sections: [{ id: "s", titleKey: "form.t", fields }] });

describe("formDefinitionSchema accepts", () => {
  it("the birth registration form as it is (no defaults added)", () => {
    const result = formDefinitionSchema.safeParse(birthRegistrationForm);
    expect(result.success ? [] : result.error.issues).toEqual([]);
    expect(result.data).toEqual(birthRegistrationForm);
    expect(topLevelFields(birthRegistrationForm).map((f) => f.name)).toContain("recognizePaternity");
  });

  it("the household business form with its repeating group", () => {
    const result = formDefinitionSchema.safeParse(householdBusinessForm);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it("shared keys (form.…) without texts, every field type and a group whose fields reuse top-level names", () => {
    const def = tiny([
      { type: "text", name: "a", labelKey: "form.a", minLength: 2, maxLength: 1000, pattern: "\\p{Lu}\\d+" },
      { type: "textarea", name: "b", labelKey: "form.b", maxLength: 10_000 },
      { type: "number", name: "c", labelKey: "form.c", min: -5.5, max: 5.5 },
      { type: "date", name: "d", labelKey: "form.d", min: "2000-01-01", max: "today" },
      { type: "select", name: "e", labelKey: "form.e", options: [{ value: "x", labelKey: "form.x" }] },
      { type: "radio", name: "f", labelKey: "form.f", options: [{ value: "x", labelKey: "form.x" }] },
      {
        type: "checkbox",
        name: "g",
        labelKey: "form.g",
        minSelected: 1,
        maxSelected: 2,
        options: [
          { value: "x", labelKey: "form.x" },
          { value: "y", labelKey: "form.y" },
        ],
      },
      { type: "yesno", name: "h", labelKey: "form.h", showWhen: { field: "g", equals: ["x", "y"] } },
      { type: "email", name: "i", labelKey: "form.i", showWhen: { field: "h", equals: true } },
      { type: "phone", name: "j", labelKey: "form.j", showWhen: { field: "a", filled: true } },
      { type: "cccd", name: "k", labelKey: "form.k" },
      { type: "taxCode", name: "l", labelKey: "form.l", acceptPersonalId: true },
      { type: "address", name: "m", labelKey: "form.m" },
      { type: "money", name: "n", labelKey: "form.n", min: 0, max: 1_000_000 },
      {
        type: "group",
        name: "o",
        labelKey: "form.o",
        itemLabelKey: "form.item",
        minItems: 1,
        maxItems: 50,
        fields: [
          { type: "text", name: "a", labelKey: "form.a" },
          { type: "yesno", name: "p", labelKey: "form.p", showWhen: { field: "e", equals: "x" } },
          { type: "text", name: "q", labelKey: "form.q", showWhen: { field: "p", equals: false } },
        ],
      },
    ]);
    expect(issues(def)).toEqual([]);
  });
});

describe("formDefinitionSchema rejects, at the exact path", () => {
  it("a duplicate field name across sections", () => {
    const def = broken(birthRegistrationForm);
    def.sections[1].fields[0].name = "childFullName";
    expect(expectOnly(def, ["sections", 1, "fields", 0, "name"], E.duplicateName)?.params).toEqual({
      name: "childFullName",
    });
  });

  it("a duplicate field name inside a group", () => {
    const def = broken(householdBusinessForm);
    def.sections[2].fields[1].fields[1].name = "fullName";
    expectOnly(def, ["sections", 2, "fields", 1, "fields", 1, "name"], E.duplicateName);
  });

  it("a duplicate section id", () => {
    const def = broken(birthRegistrationForm);
    def.sections[2].id = "me";
    expectOnly(def, ["sections", 2, "id"], E.duplicateSectionId);
  });

  it("a condition on a field that does not exist", () => {
    const def = broken(birthRegistrationForm);
    def.sections[0].fields[6].showWhen.field = "nationality";
    expect(expectOnly(def, ["sections", 0, "fields", 6, "showWhen", "field"], E.showWhenUnknownField)?.params).toEqual({
      field: "nationality",
    });
  });

  it("a condition on a later field, in the same section or a later one", () => {
    const def = broken(birthRegistrationForm);
    def.sections[0].fields[1].showWhen = { field: "childNationality", equals: "VN" };
    expectOnly(def, ["sections", 0, "fields", 1, "showWhen", "field"], E.showWhenForward);

    const def2 = broken(birthRegistrationForm);
    def2.sections[1].fields[3].showWhen = { field: "parentsMarried", equals: true };
    expectOnly(def2, ["sections", 1, "fields", 3, "showWhen", "field"], E.showWhenForward);
  });

  it("a condition on its own field", () => {
    const def = broken(birthRegistrationForm);
    def.sections[0].fields[6].showWhen = { field: "childNationalityOther", filled: true };
    expectOnly(def, ["sections", 0, "fields", 6, "showWhen", "field"], E.showWhenSelf);
  });

  it("conditions inside a group that look forward, at their group, or that a top-level field aims inside a group", () => {
    const def = broken(householdBusinessForm);
    def.sections[2].fields[1].fields[0].showWhen = { field: "cccd", filled: true };
    expectOnly(def, ["sections", 2, "fields", 1, "fields", 0, "showWhen", "field"], E.showWhenForward);

    const def2 = broken(householdBusinessForm);
    def2.sections[2].fields[1].fields[0].showWhen = { field: "members", filled: true };
    expectOnly(def2, ["sections", 2, "fields", 1, "fields", 0, "showWhen", "field"], E.showWhenSelf);

    const def3 = broken(householdBusinessForm);
    def3.sections[2].fields.push({
      type: "text",
      name: "note",
      labelKey: "form.note",
      showWhen: { field: "fullName", filled: true },
    });
    expectOnly(def3, ["sections", 2, "fields", 2, "showWhen", "field"], E.showWhenUnknownField);

    // A group field may look at an earlier sibling or at a top-level field before the group.
    const ok = broken(householdBusinessForm);
    ok.sections[2].fields[1].fields[1].showWhen = { field: "fullName", filled: true };
    ok.sections[2].fields[1].fields[0].showWhen = { field: "businessEmail", filled: true };
    expect(issues(ok)).toEqual([]);
  });

  it("an `equals` that is not one of the referenced field's values", () => {
    const def = broken(birthRegistrationForm);
    def.sections[0].fields[6].showWhen.equals = "khac";
    expect(expectOnly(def, ["sections", 0, "fields", 6, "showWhen", "equals"], E.showWhenValue)?.params).toEqual({
      value: "khac",
    });

    const list = broken(birthRegistrationForm);
    list.sections[3].fields[1].showWhen.equals = ["ong-ba", "chu"];
    expectOnly(list, ["sections", 3, "fields", 1, "showWhen", "equals", 1], E.showWhenValue);

    const yesno = broken(birthRegistrationForm);
    yesno.sections[2].fields[3].showWhen.equals = "no";
    expectOnly(yesno, ["sections", 2, "fields", 3, "showWhen", "equals"], E.showWhenValue);

    const boolOnSelect = broken(birthRegistrationForm);
    boolOnSelect.sections[0].fields[6].showWhen.equals = true;
    expectOnly(boolOnSelect, ["sections", 0, "fields", 6, "showWhen", "equals"], E.showWhenValue);

    const onText = broken(birthRegistrationForm);
    onText.sections[2].fields[1].showWhen = { field: "fatherFullName", equals: "x" };
    expectOnly(onText, ["sections", 2, "fields", 1, "showWhen", "equals"], E.showWhenUnsupported);
  });

  it("a condition with both or neither of `equals` and `filled`", () => {
    const both = broken(birthRegistrationForm);
    both.sections[0].fields[6].showWhen.filled = true;
    expectOnly(both, ["sections", 0, "fields", 6, "showWhen"], E.showWhenCondition);

    const neither = broken(birthRegistrationForm);
    neither.sections[0].fields[6].showWhen = { field: "childNationality" };
    expectOnly(neither, ["sections", 0, "fields", 6, "showWhen"], E.showWhenCondition);
  });

  it("a lower limit above the upper one, for every kind of limit", () => {
    const cases: [unknown, string][] = [
      [{ type: "text", name: "a", labelKey: "form.a", minLength: 150, maxLength: 100 }, "minLength"],
      [{ type: "text", name: "a", labelKey: "form.a", minLength: 201 }, "minLength"], // default maxLength 200
      [{ type: "textarea", name: "a", labelKey: "form.a", minLength: 2001 }, "minLength"], // default 2000
      [{ type: "number", name: "a", labelKey: "form.a", min: 11, max: 10 }, "min"],
      [{ type: "money", name: "a", labelKey: "form.a", min: 1000, max: 999 }, "min"],
      [{ type: "date", name: "a", labelKey: "form.a", min: "2025-01-02", max: "2025-01-01" }, "min"],
      [
        {
          type: "checkbox",
          name: "a",
          labelKey: "form.a",
          minSelected: 2,
          maxSelected: 1,
          options: [
            { value: "x", labelKey: "form.x" },
            { value: "y", labelKey: "form.y" },
          ],
        },
        "minSelected",
      ],
      [
        {
          type: "group",
          name: "a",
          labelKey: "form.a",
          itemLabelKey: "form.i",
          minItems: 5,
          maxItems: 4,
          fields: [{ type: "text", name: "b", labelKey: "form.b" }],
        },
        "minItems",
      ],
    ];
    for (const [field, prop] of cases)
      expectOnly(tiny([field]), ["sections", 0, "fields", 0, prop], E.minGreaterThanMax);
    // "today" is not compared statically.
    expect(issues(tiny([{ type: "date", name: "a", labelKey: "form.a", min: "2999-01-01", max: "today" }]))).toEqual(
      [],
    );
    // More boxes required than there are options.
    expectOnly(
      tiny([
        {
          type: "checkbox",
          name: "a",
          labelKey: "form.a",
          minSelected: 2,
          options: [{ value: "x", labelKey: "form.x" }],
        },
      ]),
      ["sections", 0, "fields", 0, "minSelected"],
      E.minSelectedTooLarge,
    );
  });

  it("duplicate option values", () => {
    const def = broken(birthRegistrationForm);
    def.sections[0].fields[1].options[1].value = "nam";
    expectOnly(def, ["sections", 0, "fields", 1, "options", 1, "value"], E.duplicateOption);
  });

  it("an invalid regular expression", () => {
    for (const pattern of ["[a-z", "a)(b", "(?<n>a)(?<n>b)", "\\p{Nope}", "*"]) {
      const def = broken(birthRegistrationForm);
      def.sections[0].fields[0].pattern = pattern;
      expectOnly(def, ["sections", 0, "fields", 0, "pattern"], E.invalidPattern);
    }
    expect(compilePattern("a)(b")).toBeNull();
  });

  it("a pattern with nested quantifiers (catastrophic backtracking) or longer than the limit", () => {
    for (const pattern of ["(a+)+", "^(\\w+\\s?)*$", "(?:\\d*)*"]) {
      const def = broken(birthRegistrationForm);
      def.sections[0].fields[0].pattern = pattern;
      expectOnly(def, ["sections", 0, "fields", 0, "pattern"], E.unsafePattern);
    }
    const long = tiny([{ type: "text", name: "a", labelKey: "form.a", pattern: "a".repeat(PATTERN_MAX_LENGTH + 1) }]);
    expect(expectOnly(long, ["sections", 0, "fields", 0, "pattern"], E.patternTooLong)).toBeDefined();
    const atLimit = tiny([{ type: "text", name: "a", labelKey: "form.a", pattern: "a".repeat(PATTERN_MAX_LENGTH) }]);
    expect(issues(atLimit)).toEqual([]);
    // The fixture's own "words separated by one space" stays valid.
    expect(issues(birthRegistrationForm)).toEqual([]);
    expect(compilePattern("\\d{3}")?.test("123")).toBe(true);
    expect(compilePattern("\\d{3}")?.test("1234")).toBe(false); // the whole value must match
    expect(compilePattern("a|b")?.test("ab")).toBe(false);
  });

  it("a key missing from texts.vi (shared form.… keys excepted)", () => {
    const def = broken(birthRegistrationForm);
    def.sections[0].fields[0].labelKey = "birth.child.name";
    expect(expectOnly(def, ["sections", 0, "fields", 0, "labelKey"], E.unknownTextKey)?.params).toEqual({
      key: "birth.child.name",
    });

    const option = broken(birthRegistrationForm);
    option.sections[0].fields[1].options[0].labelKey = "birth.sex.man";
    expectOnly(option, ["sections", 0, "fields", 1, "options", 0, "labelKey"], E.unknownTextKey);

    const section = broken(householdBusinessForm);
    section.sections[1].titleKey = "hkd.owner";
    expectOnly(section, ["sections", 1, "titleKey"], E.unknownTextKey);

    const group = broken(householdBusinessForm);
    group.sections[2].fields[1].itemLabelKey = "hkd.members.row";
    group.sections[2].fields[1].fields[1].hintKey = "hkd.members.cccdHint";
    expect(issues(group).map((i) => i.path)).toEqual([
      ["sections", 2, "fields", 1, "itemLabelKey"],
      ["sections", 2, "fields", 1, "fields", 1, "hintKey"],
    ]);

    const patternKey = broken(birthRegistrationForm);
    patternKey.sections[0].fields[0].patternErrorKey = "birth.nope";
    expectOnly(patternKey, ["sections", 0, "fields", 0, "patternErrorKey"], E.unknownTextKey);

    // Only texts.vi counts: a key present in English only is still unknown.
    const englishOnly = broken(birthRegistrationForm);
    englishOnly.sections[0].fields[0].labelKey = "birth.extra";
    englishOnly.texts.en["birth.extra"] = "Extra";
    expectOnly(englishOnly, ["sections", 0, "fields", 0, "labelKey"], E.unknownTextKey);

    const shared = broken(birthRegistrationForm);
    shared.sections[0].fields[0].labelKey = "form.labels.fullName";
    expect(issues(shared)).toEqual([]);

    const noTexts = tiny([{ type: "text", name: "a", labelKey: "a.label" }]);
    expectOnly(noTexts, ["sections", 0, "fields", 0, "labelKey"], E.unknownTextKey);
  });

  it("structural mistakes, each with its own key", () => {
    const cases: [(def: any) => void, (string | number)[], string][] = [
      [(d) => (d.version = 2), ["version"], E.version],
      [(d) => (d.sections = []), ["sections"], E.empty],
      [(d) => (d.sections[0].fields = []), ["sections", 0, "fields"], E.empty],
      [(d) => (d.sections[0].fields[1].options = []), ["sections", 0, "fields", 1, "options"], E.empty],
      [(d) => (d.sections[0].fields[0].type = "slider"), ["sections", 0, "fields", 0, "type"], E.unknownFieldType],
      [(d) => (d.sections[0].fields[0].requried = true), ["sections", 0, "fields", 0], E.unknownProperty],
      [(d) => (d.extra = 1), [], E.unknownProperty],
      [(d) => (d.sections[0].id = "Tre em"), ["sections", 0, "id"], E.sectionId],
      [(d) => (d.sections[0].id = "1-tre-em"), ["sections", 0, "id"], E.sectionId],
      [(d) => (d.sections[0].fields[0].name = "child-name"), ["sections", 0, "fields", 0, "name"], E.fieldName],
      [(d) => (d.sections[0].fields[0].name = "ChildName"), ["sections", 0, "fields", 0, "name"], E.fieldName],
      [(d) => delete d.sections[0].fields[0].labelKey, ["sections", 0, "fields", 0, "labelKey"], E.missing],
      [(d) => (d.sections[0].fields[0].labelKey = "has space"), ["sections", 0, "fields", 0, "labelKey"], E.key],
      [(d) => (d.sections[0].fields[0].required = "yes"), ["sections", 0, "fields", 0, "required"], E.invalid],
      [(d) => (d.sections[0].fields[0].maxLength = 1001), ["sections", 0, "fields", 0, "maxLength"], E.tooLarge],
      [(d) => (d.sections[0].fields[0].maxLength = 10.5), ["sections", 0, "fields", 0, "maxLength"], E.wholeNumber],
      [(d) => (d.sections[0].fields[0].minLength = -1), ["sections", 0, "fields", 0, "minLength"], E.wholeNumber],
      [(d) => (d.sections[0].fields[2].min = "2025-02-30"), ["sections", 0, "fields", 2, "min"], E.dateBound],
      [(d) => (d.sections[0].fields[2].max = "yesterday"), ["sections", 0, "fields", 2, "max"], E.dateBound],
      [
        (d) => (d.sections[0].fields[1].options[0].value = "nam giới"),
        ["sections", 0, "fields", 1, "options", 0, "value"],
        E.optionValue,
      ],
      [
        (d) => (d.sections[0].fields[6].showWhen.filled = false),
        ["sections", 0, "fields", 6, "showWhen", "filled"],
        E.invalid,
      ],
      [
        (d) => (d.sections[0].fields[6].showWhen.equals = []),
        ["sections", 0, "fields", 6, "showWhen", "equals"],
        E.empty,
      ],
      [(d) => (d.texts.vi["birth.child.title"] = ""), ["texts", "vi", "birth.child.title"], E.emptyText],
      [(d) => (d.sections[3].fields[4].min = "0"), ["sections", 3, "fields", 4, "min"], E.invalid],
    ];
    for (const [mutate, path, message] of cases) {
      const def = broken(birthRegistrationForm);
      mutate(def);
      expectOnly(def, path, message);
    }

    const textarea = tiny([{ type: "textarea", name: "a", labelKey: "form.a", maxLength: 10_001 }]);
    expectOnly(textarea, ["sections", 0, "fields", 0, "maxLength"], E.tooLarge);

    const members = broken(householdBusinessForm);
    members.sections[2].fields[1].maxItems = 51;
    expectOnly(members, ["sections", 2, "fields", 1, "maxItems"], E.tooLarge);

    const money = broken(householdBusinessForm);
    money.sections[0].fields[5].min = 0.5;
    expectOnly(money, ["sections", 0, "fields", 5, "min"], E.wholeNumber);

    const nested = broken(householdBusinessForm);
    nested.sections[2].fields[1].fields.push({
      type: "group",
      name: "children",
      labelKey: "form.c",
      itemLabelKey: "form.i",
      fields: [{ type: "text", name: "x", labelKey: "form.x" }],
    });
    expectOnly(nested, ["sections", 2, "fields", 1, "fields", 2, "type"], E.nestedGroup);
  });

  it("reports every problem at once when the structure is sound", () => {
    const def = broken(birthRegistrationForm);
    def.sections[1].fields[0].name = "childFullName";
    def.sections[0].fields[0].pattern = "[";
    def.sections[0].fields[1].labelKey = "birth.nope";
    expect(
      issues(def)
        .map((i) => i.message)
        .sort(),
    ).toEqual([E.duplicateName, E.invalidPattern, E.unknownTextKey].sort());
  });

  it("speaks only in its own i18n keys, whatever the input", () => {
    const keys = new Set<string>(Object.values(E));
    expect(keys.size).toBe(Object.values(E).length);
    const garbage: unknown[] = [
      null,
      42,
      "form",
      [],
      {},
      { version: "1", sections: "all" },
      { version: 1, sections: [null, 1, { id: 5, titleKey: [], fields: [{}, { type: 1 }, { type: "text" }] }] },
      tiny([{ type: "select", name: "a", labelKey: "form.a", options: [{}, { value: 1, labelKey: null, x: 1 }] }]),
      tiny([{ type: "group", name: "a", labelKey: "form.a", itemLabelKey: "form.i", fields: "x", minItems: "2" }]),
      tiny([
        {
          type: "text",
          name: "a",
          labelKey: "form.a",
          showWhen: { field: 3, equals: { a: 1 }, filled: "yes", other: 1 },
        },
      ]),
      {
        version: 1,
        sections: [{ id: "s", titleKey: "form.t", fields: [{ type: "yesno", name: "a", labelKey: "form.a" }] }],
        texts: { en: {} },
      },
      {
        version: 1,
        sections: [{ id: "s", titleKey: "form.t", fields: [{ type: "yesno", name: "a", labelKey: "form.a" }] }],
        texts: { vi: { "bad key": "x", k: 1 } },
      },
    ];
    for (const input of garbage) {
      const found = issues(input);
      expect(found.length, JSON.stringify(input)).toBeGreaterThan(0);
      for (const issue of found) expect(keys, `${JSON.stringify(input)} → ${issue.message}`).toContain(issue.message);
    }
  });
});
