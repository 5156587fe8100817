import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { compileFormSchema, formErrors as E, visibleFields, visibleGroupItemFields, type FormValues } from "./compile";
import { birthRegistrationForm, householdBusinessForm } from "./fixtures";
import type { FormDefinition } from "./form-definition";

const TODAY = "2026-03-15";
const birth = compileFormSchema(birthRegistrationForm, { today: TODAY });
const business = compileFormSchema(householdBusinessForm, { today: TODAY });

const tiny = (fields: unknown[]): FormDefinition =>
  ({ version: 1, sections: [{ id: "s", titleKey: "form.t", fields }] } as FormDefinition);

/** The issues as { path, message, params? }. */
function issuesOf(schema: ReturnType<typeof compileFormSchema>, values: Record<string, unknown>) {
  const result = schema.safeParse(values);
  if (result.success) return [];
  return result.error.issues.map((i) => ({
    path: i.path,
    message: i.message,
    ...("params" in i && i.params ? { params: i.params } : {}),
  }));
}

function parsed(schema: ReturnType<typeof compileFormSchema>, values: Record<string, unknown>): FormValues {
  const result = schema.safeParse(values);
  expect(result.success ? [] : result.error.issues).toEqual([]);
  return result.data as FormValues;
}

const goodBirth = (): Record<string, unknown> => ({
  childFullName: "  Vàng Thị Mai ",
  childSex: "nu",
  childDateOfBirth: "2026-03-01",
  childPlaceOfBirth: { province: "02", district: "024", commune: "00688", street: "Bệnh viện Đa khoa tỉnh Hà Giang" },
  childEthnicity: "mong",
  childNationality: "VN",
  motherFullName: "Vàng Thị Dung",
  motherDateOfBirth: { day: "5", month: "9", year: "1998" },
  motherCccd: "002198001234",
  motherPhone: "0912 345 678",
  fatherFullName: "Sùng Mí Vàng",
  fatherCccd: "002 096 004 321",
  parentsMarried: "yes",
  applicantRelationship: "me",
  applicantPhone: "+84 912 345 678",
  copies: "2",
});

const goodBusiness = (): Record<string, unknown> => ({
  businessName: "Hộ kinh doanh Mai Anh",
  businessAddress: { province: "02", district: "024", commune: "00691", street: "Số 12, đường Nguyễn Trãi" },
  businessPhone: "02193866123",
  businessLines: "Bán lẻ hàng tạp hóa\r\nDịch vụ ăn uống",
  capital: "50.000.000",
  ownerFullName: "Nguyễn Thị Mai Anh",
  ownerDateOfBirth: "1990-07-20",
  ownerCccd: "002190004567",
  ownerTaxCode: "0100109106",
  ownerResidence: { province: "02", district: "024", commune: "00691", street: "Tổ 5" },
  familyBusiness: "yes",
  members: [
    { fullName: "Trần Văn Bình", cccd: "002088001122" },
    { fullName: "Trần Thị Hoa", cccd: "002315000123" },
  ],
});

describe("compileFormSchema: good values", () => {
  it("accepts a birth registration and returns typed, normalised values without hidden or unknown fields", () => {
    expect(
      parsed(birth, { ...goodBirth(), intent: "submit", childNationalityOther: "Lào", recognizePaternity: "no" }),
    ).toEqual({
      childFullName: "Vàng Thị Mai",
      childSex: "nu",
      childDateOfBirth: "2026-03-01",
      childPlaceOfBirth: {
        province: "02",
        district: "024",
        commune: "00688",
        street: "Bệnh viện Đa khoa tỉnh Hà Giang",
      },
      childEthnicity: "mong",
      childNationality: "VN",
      motherFullName: "Vàng Thị Dung",
      motherDateOfBirth: "1998-09-05",
      motherCccd: "002198001234",
      motherPhone: "0912345678",
      fatherFullName: "Sùng Mí Vàng",
      fatherCccd: "002096004321",
      parentsMarried: true,
      applicantRelationship: "me",
      applicantPhone: "0912345678",
      copies: 2,
    });
  });

  it("accepts a household business with its members", () => {
    expect(parsed(business, goodBusiness())).toEqual({
      businessName: "Hộ kinh doanh Mai Anh",
      businessAddress: { province: "02", district: "024", commune: "00691", street: "Số 12, đường Nguyễn Trãi" },
      businessPhone: "02193866123",
      businessLines: "Bán lẻ hàng tạp hóa\nDịch vụ ăn uống",
      capital: 50_000_000,
      ownerFullName: "Nguyễn Thị Mai Anh",
      ownerDateOfBirth: "1990-07-20",
      ownerCccd: "002190004567",
      ownerTaxCode: "0100109106",
      ownerResidence: { province: "02", district: "024", commune: "00691", street: "Tổ 5" },
      familyBusiness: true,
      members: [
        { fullName: "Trần Văn Bình", cccd: "002088001122" },
        { fullName: "Trần Thị Hoa", cccd: "002315000123" },
      ],
    });
  });

  it("normalises decomposed Vietnamese (NFD) to NFC before the pattern and the length", () => {
    const nfd = "Vàng Thị Mai".normalize("NFD");
    expect(nfd).not.toBe("Vàng Thị Mai");
    expect(parsed(birth, { ...goodBirth(), childFullName: nfd }).childFullName).toBe("Vàng Thị Mai");
  });
});

describe("compileFormSchema: bad values", () => {
  it("requires required fields, blank text counting as missing", () => {
    const values = goodBirth();
    delete values.childFullName;
    values.motherFullName = "   ";
    values.childSex = undefined;
    expect(issuesOf(birth, values)).toEqual([
      { path: ["childFullName"], message: E.required },
      { path: ["childSex"], message: E.required },
      { path: ["motherFullName"], message: E.required },
    ]);
  });

  it("rejects text that is too long or too short, counting characters (not bytes)", () => {
    expect(issuesOf(birth, { ...goodBirth(), childFullName: "Mai".padEnd(101, "a") })).toEqual([
      { path: ["childFullName"], message: E.tooLong, params: { max: 100 } },
    ]);
    expect(issuesOf(birth, { ...goodBirth(), childFullName: "Mỹ".repeat(50) })).toEqual([]); // 100 characters, more bytes
    expect(issuesOf(business, { ...goodBusiness(), businessName: "Hộ" })).toEqual([
      { path: ["businessName"], message: E.tooShort, params: { min: 3 } },
    ]);
    const defaults = compileFormSchema(
      tiny([
        { type: "text", name: "a", labelKey: "form.a" },
        { type: "textarea", name: "b", labelKey: "form.b" },
      ]),
    );
    expect(issuesOf(defaults, { a: "x".repeat(200), b: "y".repeat(2000) })).toEqual([]);
    expect(issuesOf(defaults, { a: "x".repeat(201), b: "y".repeat(2001) })).toEqual([
      { path: ["a"], message: E.tooLong, params: { max: 200 } },
      { path: ["b"], message: E.tooLong, params: { max: 2000 } },
    ]);
    // A Windows line break counts once.
    expect(issuesOf(defaults, { b: `${"y".repeat(999)}\r\n${"y".repeat(1000)}` })).toEqual([]);
  });

  it("rejects text that does not match the pattern, with the field's own message", () => {
    expect(issuesOf(birth, { ...goodBirth(), childFullName: "Mai 2" })).toEqual([
      { path: ["childFullName"], message: "birth.child.fullNamePattern" },
    ]);
    const plain = compileFormSchema(tiny([{ type: "text", name: "code", labelKey: "form.a", pattern: "\\d{3}" }]));
    expect(issuesOf(plain, { code: "1234" })).toEqual([{ path: ["code"], message: E.pattern }]);
    expect(parsed(plain, { code: " 123 " })).toEqual({ code: "123" });
  });

  it("rejects malformed personal identification numbers", () => {
    const check = (motherCccd: string) => issuesOf(birth, { ...goodBirth(), motherCccd });
    expect(check("00219800123")).toEqual([{ path: ["motherCccd"], message: E.cccdLength }]);
    expect(check("00219800123x")).toEqual([{ path: ["motherCccd"], message: E.cccdLength }]);
    expect(check("003198001234")).toEqual([{ path: ["motherCccd"], message: E.cccd }]); // 003: no such province
    expect(check("002227001234")).toEqual([{ path: ["motherCccd"], message: E.cccd }]); // born 2027
    expect(check("002498001234")).toEqual([{ path: ["motherCccd"], message: E.cccd }]); // born 2198
    expect(check("002226001234")).toEqual([]); // born 2026
  });

  it("rejects a tax code with a wrong check digit; accepts branch codes and, when allowed, a personal ID", () => {
    const check = (ownerTaxCode: string) => issuesOf(business, { ...goodBusiness(), ownerTaxCode });
    expect(check("0100109107")).toEqual([{ path: ["ownerTaxCode"], message: E.taxCode }]);
    expect(check("010010910")).toEqual([{ path: ["ownerTaxCode"], message: E.taxCode }]);
    expect(parsed(business, { ...goodBusiness(), ownerTaxCode: "0100109106001" }).ownerTaxCode).toBe("0100109106-001");
    expect(parsed(business, { ...goodBusiness(), ownerTaxCode: "002190004567" }).ownerTaxCode).toBe("002190004567");
    expect(check("003190004567")).toEqual([{ path: ["ownerTaxCode"], message: E.taxCode }]);
    const strict = compileFormSchema(tiny([{ type: "taxCode", name: "t", labelKey: "form.t" }]), { today: TODAY });
    expect(issuesOf(strict, { t: "002190004567" })).toEqual([{ path: ["t"], message: E.taxCode }]);
    // Optional: may be left empty.
    const values = goodBusiness();
    delete values.ownerTaxCode;
    expect(parsed(business, values)).not.toHaveProperty("ownerTaxCode");
  });

  it("rejects a date of birth in the future, and dates outside their limits", () => {
    expect(issuesOf(birth, { ...goodBirth(), childDateOfBirth: "2026-03-16" })).toEqual([
      { path: ["childDateOfBirth"], message: E.dateFuture },
    ]);
    expect(issuesOf(birth, { ...goodBirth(), childDateOfBirth: "2026-03-15" })).toEqual([]);
    expect(issuesOf(birth, { ...goodBirth(), motherDateOfBirth: "1899-12-31" })).toEqual([
      { path: ["motherDateOfBirth"], message: E.dateTooEarly, params: { min: "1900-01-01" } },
    ]);
    // Without options.today the schema uses today in Vietnam at validation time.
    expect(
      issuesOf(compileFormSchema(birthRegistrationForm), { ...goodBirth(), childDateOfBirth: "2999-01-01" }),
    ).toEqual([{ path: ["childDateOfBirth"], message: E.dateFuture }]);
    const bounded = compileFormSchema(
      tiny([{ type: "date", name: "d", labelKey: "form.d", min: "today", max: "2026-12-31" }]),
      { today: TODAY },
    );
    expect(issuesOf(bounded, { d: "2026-03-14" })).toEqual([
      { path: ["d"], message: E.dateTooEarly, params: { min: TODAY } },
    ]);
    expect(issuesOf(bounded, { d: "2027-01-01" })).toEqual([
      { path: ["d"], message: E.dateTooLate, params: { max: "2026-12-31" } },
    ]);
    expect(issuesOf(bounded, { d: "2026-03-15" })).toEqual([]);
  });

  it("rejects impossible and incomplete dates", () => {
    const check = (childDateOfBirth: unknown) => issuesOf(birth, { ...goodBirth(), childDateOfBirth });
    expect(check("2025-02-29")).toEqual([{ path: ["childDateOfBirth"], message: E.date }]);
    expect(check("29/02/2025")).toEqual([{ path: ["childDateOfBirth"], message: E.date }]);
    expect(check("hôm qua")).toEqual([{ path: ["childDateOfBirth"], message: E.date }]);
    expect(check({ day: "31", month: "4", year: "2025" })).toEqual([{ path: ["childDateOfBirth"], message: E.date }]);
    expect(check({ day: "1", month: "4", year: "25" })).toEqual([{ path: ["childDateOfBirth"], message: E.date }]);
    expect(check({ day: "1", year: "2025" })).toEqual([
      { path: ["childDateOfBirth"], message: E.dateIncomplete, params: { missing: ["month"] } },
    ]);
    expect(check({ day: "", month: " ", year: undefined })).toEqual([
      { path: ["childDateOfBirth"], message: E.required },
    ]);
    expect(check(["2025-01-01", "2025-01-02"])).toEqual([{ path: ["childDateOfBirth"], message: E.invalid }]);
  });

  it("rejects money with decimals, signs or below the minimum", () => {
    const check = (capital: string) => issuesOf(business, { ...goodBusiness(), capital });
    for (const bad of ["1200000.5", "1.200.000,5", "-1.000.000", "1,2", "năm triệu"]) {
      expect(check(bad), bad).toEqual([{ path: ["capital"], message: E.money }]);
    }
    expect(check("0")).toEqual([{ path: ["capital"], message: E.tooSmall, params: { min: 1 } }]);
    for (const good of ["1.200.000", "1200000", "1,200,000", "1 200 000 đ"]) {
      expect(parsed(business, { ...goodBusiness(), capital: good }).capital, good).toBe(1_200_000);
    }
    const capped = compileFormSchema(tiny([{ type: "money", name: "fee", labelKey: "form.f", max: 500_000 }]));
    expect(issuesOf(capped, { fee: "500.001" })).toEqual([
      { path: ["fee"], message: E.tooBig, params: { max: 500_000 } },
    ]);
  });

  it("rejects values that are not among the options", () => {
    expect(issuesOf(birth, { ...goodBirth(), childEthnicity: "kinh2", childSex: "male" })).toEqual([
      { path: ["childSex"], message: E.option },
      { path: ["childEthnicity"], message: E.option },
    ]);
    expect(issuesOf(birth, { ...goodBirth(), parentsMarried: "maybe" })).toEqual([
      { path: ["parentsMarried"], message: E.option },
    ]);
    expect(issuesOf(birth, { ...goodBirth(), childSex: ["nam", "nu"] })).toEqual([
      { path: ["childSex"], message: E.invalid },
    ]);
  });

  it("rejects too many group items, and reports an item's problems at its index", () => {
    const member = (i: number) => ({ fullName: `Thành viên ${i}`, cccd: `0021900000${String(i).padStart(2, "0")}` });
    const ten = Array.from({ length: 10 }, (_, i) => member(i));
    expect(parsed(business, { ...goodBusiness(), members: ten }).members).toHaveLength(10);
    expect(issuesOf(business, { ...goodBusiness(), members: [...ten, member(10)] })).toEqual([
      { path: ["members"], message: E.tooManyItems, params: { max: 10 } },
    ]);
    expect(
      issuesOf(business, {
        ...goodBusiness(),
        members: [member(1), { fullName: "Không số" }, { fullName: "Sai số", cccd: "003190000001" }],
      }),
    ).toEqual([
      { path: ["members", 1, "cccd"], message: E.required },
      { path: ["members", 2, "cccd"], message: E.cccd },
    ]);
  });

  it("drops blank group items but keeps the submitted index in issue paths; a required group needs one item", () => {
    const result = parsed(business, {
      ...goodBusiness(),
      members: [
        { fullName: " ", cccd: "" },
        { fullName: "Lò Văn Pó", cccd: "002085000777" },
      ],
    });
    expect(result.members).toEqual([{ fullName: "Lò Văn Pó", cccd: "002085000777" }]);
    expect(issuesOf(business, { ...goodBusiness(), members: [undefined, { fullName: "Lò Văn Pó" }] })).toEqual([
      { path: ["members", 1, "cccd"], message: E.required },
    ]);
    expect(issuesOf(business, { ...goodBusiness(), members: [{ fullName: "" }] })).toEqual([
      { path: ["members"], message: E.required },
    ]);
    expect(issuesOf(business, { ...goodBusiness(), members: undefined })).toEqual([
      { path: ["members"], message: E.required },
    ]);
    expect(issuesOf(business, { ...goodBusiness(), members: "Lò Văn Pó" })).toEqual([
      { path: ["members"], message: E.invalid },
    ]);
    const min = compileFormSchema(
      tiny([
        {
          type: "group",
          name: "g",
          labelKey: "form.g",
          itemLabelKey: "form.i",
          minItems: 2,
          fields: [{ type: "text", name: "x", labelKey: "form.x" }],
        },
      ]),
    );
    expect(issuesOf(min, { g: [{ x: "a" }] })).toEqual([{ path: ["g"], message: E.tooFewItems, params: { min: 2 } }]);
    expect(parsed(min, {})).toEqual({}); // optional: empty is fine
  });

  it("checks addresses part by part", () => {
    const check = (childPlaceOfBirth: unknown) => issuesOf(birth, { ...goodBirth(), childPlaceOfBirth });
    expect(check(undefined)).toEqual([{ path: ["childPlaceOfBirth"], message: E.required }]);
    expect(check({ province: "", district: "", commune: "", street: "" })).toEqual([
      { path: ["childPlaceOfBirth"], message: E.required },
    ]);
    expect(check({ province: "02", district: "24", commune: "00688" })).toEqual([
      { path: ["childPlaceOfBirth", "district"], message: E.adminUnit },
      { path: ["childPlaceOfBirth", "street"], message: E.required },
    ]);
    expect(check({ province: "02", district: "024", commune: "00688", street: "x".repeat(201) })).toEqual([
      { path: ["childPlaceOfBirth", "street"], message: E.tooLong, params: { max: 200 } },
    ]);
    expect(check("Hà Giang")).toEqual([{ path: ["childPlaceOfBirth"], message: E.invalid }]);
  });

  it("rejects bad e-mail addresses and phone numbers", () => {
    expect(issuesOf(birth, { ...goodBirth(), applicantEmail: "mai@", applicantPhone: "0112345678" })).toEqual([
      { path: ["applicantPhone"], message: E.phone },
      { path: ["applicantEmail"], message: E.email },
    ]);
    expect(parsed(birth, { ...goodBirth(), applicantEmail: " mai@example.vn " }).applicantEmail).toBe("mai@example.vn");
  });

  it("rejects numbers that are not numbers, not whole or out of range", () => {
    const check = (copies: unknown) => issuesOf(birth, { ...goodBirth(), copies });
    expect(check("hai")).toEqual([{ path: ["copies"], message: E.number }]);
    expect(check("1e3")).toEqual([{ path: ["copies"], message: E.number }]);
    expect(check("2.5")).toEqual([{ path: ["copies"], message: E.integer }]);
    expect(check("11")).toEqual([{ path: ["copies"], message: E.tooBig, params: { max: 10 } }]);
    expect(check("-1")).toEqual([{ path: ["copies"], message: E.tooSmall, params: { min: 0 } }]);
    expect(parsed(birth, { ...goodBirth(), copies: "0" }).copies).toBe(0);
    const decimal = compileFormSchema(tiny([{ type: "number", name: "area", labelKey: "form.a" }]));
    expect(parsed(decimal, { area: "12,5" }).area).toBe(12.5);
    expect(parsed(decimal, { area: "-3.25" }).area).toBe(-3.25);
    expect(parsed(decimal, { area: 7 }).area).toBe(7);
  });

  it("uses only its listed keys", () => {
    const keys = new Set<string>([...Object.values(E), "birth.child.fullNamePattern"]);
    const garbage: Record<string, unknown>[] = [
      {},
      {
        childFullName: 5,
        childSex: {},
        childDateOfBirth: 7,
        childPlaceOfBirth: [],
        copies: [],
        motherCccd: true,
        parentsMarried: 1,
      },
      Object.fromEntries(Object.keys(goodBirth()).map((k) => [k, "???"])),
    ];
    for (const values of garbage) {
      const found = issuesOf(birth, values);
      expect(found.length).toBeGreaterThan(0);
      for (const issue of found) expect(keys).toContain(issue.message);
    }
    expect(issuesOf(birth, null as unknown as Record<string, unknown>)).toEqual([{ path: [], message: E.invalid }]);
  });
});

describe("conditional fields", () => {
  it("a field shown when a yes/no is 'no' is required then, and discarded otherwise", () => {
    expect(issuesOf(birth, { ...goodBirth(), parentsMarried: "no" })).toEqual([
      { path: ["recognizePaternity"], message: E.required },
    ]);
    expect(parsed(birth, { ...goodBirth(), parentsMarried: "false", recognizePaternity: "on" })).toMatchObject({
      parentsMarried: false,
      recognizePaternity: true,
    });
    const married = parsed(birth, { ...goodBirth(), parentsMarried: "true", recognizePaternity: "garbage" });
    expect(married).not.toHaveProperty("recognizePaternity");
  });

  it("a field shown when another is filled in", () => {
    const noFather = { ...goodBirth(), fatherFullName: "", fatherCccd: "not a number" };
    const result = parsed(birth, noFather);
    expect(result).not.toHaveProperty("fatherFullName");
    expect(result).not.toHaveProperty("fatherCccd");
    expect(issuesOf(birth, { ...goodBirth(), fatherCccd: undefined })).toEqual([
      { path: ["fatherCccd"], message: E.required },
    ]);
  });

  it("a field shown for one select value, or for any of a list", () => {
    expect(issuesOf(birth, { ...goodBirth(), childNationality: "other" })).toEqual([
      { path: ["childNationalityOther"], message: E.required },
    ]);
    expect(
      parsed(birth, { ...goodBirth(), childNationality: "other", childNationalityOther: " Lào " })
        .childNationalityOther,
    ).toBe("Lào");
    expect(issuesOf(birth, { ...goodBirth(), applicantRelationship: "ong-ba" })).toEqual([
      { path: ["applicantFullName"], message: E.required },
    ]);
    expect(issuesOf(birth, { ...goodBirth(), applicantRelationship: "khac" })).toEqual([
      { path: ["applicantFullName"], message: E.required },
    ]);
    expect(parsed(birth, { ...goodBirth(), applicantRelationship: "cha", applicantFullName: "x" })).not.toHaveProperty(
      "applicantFullName",
    );
  });

  it("a hidden repeating group is discarded even when its items are invalid", () => {
    const result = parsed(business, {
      ...goodBusiness(),
      familyBusiness: "no",
      members: [{ fullName: "", cccd: "123" }],
    });
    expect(result.familyBusiness).toBe(false);
    expect(result).not.toHaveProperty("members");
  });

  it("hiding cascades, checkbox conditions match any ticked value, and group fields see siblings and top-level fields", () => {
    const def = tiny([
      {
        type: "checkbox",
        name: "docs",
        labelKey: "form.docs",
        options: [
          { value: "cmnd", labelKey: "form.a" },
          { value: "passport", labelKey: "form.b" },
          { value: "other", labelKey: "form.c" },
        ],
        maxSelected: 2,
      },
      { type: "yesno", name: "lost", labelKey: "form.l", showWhen: { field: "docs", equals: ["passport", "other"] } },
      { type: "text", name: "where", labelKey: "form.w", required: true, showWhen: { field: "lost", equals: true } },
      { type: "text", name: "note", labelKey: "form.n", showWhen: { field: "where", filled: true } },
      {
        type: "group",
        name: "items",
        labelKey: "form.g",
        itemLabelKey: "form.i",
        fields: [
          { type: "text", name: "label", labelKey: "form.x", required: true },
          { type: "yesno", name: "original", labelKey: "form.o", showWhen: { field: "label", filled: true } },
          {
            type: "text",
            name: "copyOf",
            labelKey: "form.c",
            required: true,
            showWhen: { field: "original", equals: false },
          },
          {
            type: "text",
            name: "lostNote",
            labelKey: "form.n",
            required: true,
            showWhen: { field: "lost", equals: true },
          },
        ],
      },
    ]);
    const schema = compileFormSchema(def);
    // "lost" is hidden (only cmnd ticked), so "where" and "note" are hidden too, whatever was submitted.
    expect(parsed(schema, { docs: "cmnd", lost: "yes", where: "x", note: "y" })).toEqual({ docs: ["cmnd"] });
    expect(issuesOf(schema, { docs: ["other", "cmnd"], lost: "yes" })).toEqual([
      { path: ["where"], message: E.required },
    ]);
    // Checkbox values come back in option order, once each.
    expect(parsed(schema, { docs: ["other", "cmnd", "other"], lost: "no" })).toEqual({
      docs: ["cmnd", "other"],
      lost: false,
    });
    expect(issuesOf(schema, { docs: ["other", "cmnd", "passport"] })).toEqual([
      { path: ["docs"], message: E.tooManySelected, params: { max: 2 } },
    ]);
    expect(issuesOf(schema, { docs: ["visa"] })).toEqual([{ path: ["docs"], message: E.option }]);
    expect(
      issuesOf(schema, {
        docs: "passport",
        lost: "yes",
        where: "Hà Giang",
        items: [
          { label: "Hộ chiếu", original: "no" },
          { label: "Giấy khai sinh", original: "yes", lostNote: "Mất khi chuyển nhà" },
        ],
      }),
    ).toEqual([
      { path: ["items", 0, "copyOf"], message: E.required },
      { path: ["items", 0, "lostNote"], message: E.required },
    ]);
    expect(
      parsed(schema, {
        docs: "cmnd",
        items: [{ label: "CMND", original: "no", copyOf: "bản sao", lostNote: "ignored" }],
      }),
    ).toEqual({ docs: ["cmnd"], items: [{ label: "CMND", original: false, copyOf: "bản sao" }] });
  });

  it("visibleFields and visibleGroupItemFields tell the UI what to show, from raw or validated values", () => {
    expect(visibleFields(birthRegistrationForm, {})).toEqual([
      "childFullName",
      "childSex",
      "childDateOfBirth",
      "childPlaceOfBirth",
      "childEthnicity",
      "childNationality",
      "motherFullName",
      "motherDateOfBirth",
      "motherCccd",
      "motherPhone",
      "fatherFullName",
      "parentsMarried",
      "applicantRelationship",
      "applicantPhone",
      "applicantEmail",
      "copies",
    ]);
    const shown = visibleFields(birthRegistrationForm, {
      childNationality: "other",
      fatherFullName: "A",
      parentsMarried: false,
    });
    expect(shown).toEqual(expect.arrayContaining(["childNationalityOther", "fatherCccd", "recognizePaternity"]));
    expect(visibleFields(birthRegistrationForm, { parentsMarried: "no" })).toContain("recognizePaternity");
    expect(visibleFields(birthRegistrationForm, { parentsMarried: true })).not.toContain("recognizePaternity");

    expect(visibleFields(householdBusinessForm, { familyBusiness: "no" })).not.toContain("members");
    expect(visibleFields(householdBusinessForm, { familyBusiness: "yes" })).toContain("members");
    expect(
      visibleGroupItemFields(householdBusinessForm, "members", { familyBusiness: "yes", members: [{}] }, 0),
    ).toEqual(["fullName", "cccd"]);
    expect(visibleGroupItemFields(householdBusinessForm, "members", { familyBusiness: "no" }, 0)).toEqual([]);
    expect(visibleGroupItemFields(householdBusinessForm, "nope", { familyBusiness: "yes" }, 0)).toEqual([]);
  });
});

describe("compileFormSchema with conform", () => {
  it("validates FormData as parseWithZod builds it: date parts, address parts, checkboxes and group rows", () => {
    const form = new FormData();
    const good = goodBirth();
    for (const [name, value] of Object.entries(good)) {
      if (typeof value === "string") form.append(name, value);
    }
    form.set("childPlaceOfBirth.province", "02");
    form.set("childPlaceOfBirth.district", "024");
    form.set("childPlaceOfBirth.commune", "00688");
    form.set("childPlaceOfBirth.street", "Thôn Nà Thác");
    form.set("motherDateOfBirth.day", "05");
    form.set("motherDateOfBirth.month", "09");
    form.set("motherDateOfBirth.year", "1998");
    form.set("childNationalityOther", ""); // hidden and empty
    const submission = parseWithZod(form, { schema: birth });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(submission.value.childPlaceOfBirth).toEqual({
      province: "02",
      district: "024",
      commune: "00688",
      street: "Thôn Nà Thác",
    });
    expect(submission.value.motherDateOfBirth).toBe("1998-09-05");
    expect(submission.value.parentsMarried).toBe(true);
  });

  it("maps issue paths onto the input names", () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(goodBusiness())) {
      if (typeof value === "string") form.append(name, value);
    }
    for (const part of ["province", "district", "commune", "street"]) {
      form.set(`businessAddress.${part}`, part === "district" ? "24" : "1");
      form.set(
        `ownerResidence.${part}`,
        { province: "02", district: "024", commune: "00691", street: "Tổ 5" }[part] ?? "",
      );
    }
    form.set("members[0].fullName", "Trần Văn Bình");
    form.set("members[0].cccd", "002088001122");
    form.set("members[1].fullName", "Trần Thị Hoa");
    form.set("members[1].cccd", "12345");
    const submission = parseWithZod(form, { schema: business });
    expect(submission.status).toBe("error");
    if (submission.status !== "error") return;
    expect(submission.error).toEqual({
      "businessAddress.province": [E.adminUnit],
      "businessAddress.district": [E.adminUnit],
      "businessAddress.commune": [E.adminUnit],
      "members[1].cccd": [E.cccdLength],
    });
  });
});

describe("compileFormSchema refuses", () => {
  it("an invalid definition and a malformed today", () => {
    expect(() => compileFormSchema(tiny([{ type: "text", name: "a", labelKey: "form.a", pattern: "[" }]))).toThrow(
      /sections\.0\.fields\.0\.pattern/,
    );
    expect(() => compileFormSchema(birthRegistrationForm, { today: "15/03/2026" })).toThrow(RangeError);
  });
});
