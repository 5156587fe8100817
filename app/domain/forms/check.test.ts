import { describe, expect, it } from "vitest";
import { checkFilledForm, shownFields } from "./check";
import type { FormDefinition } from "./form-definition";

const TODAY = "2026-03-15";

const def: FormDefinition = {
  version: 1,
  sections: [
    {
      id: "s",
      titleKey: "form.t",
      fields: [
        { type: "text", name: "maSo", labelKey: "form.a", required: true, maxLength: 6, pattern: "[A-Z0-9]+", patternErrorKey: "e.maSo" },
        {
          type: "select",
          name: "loai",
          labelKey: "form.b",
          options: [
            { value: "ca-nhan", labelKey: "form.x" },
            { value: "to-chuc", labelKey: "form.y" },
          ],
        },
        { type: "text", name: "tenToChuc", labelKey: "form.c", required: true, showWhen: { field: "loai", equals: "to-chuc" } },
        { type: "date", name: "ngay", labelKey: "form.d", min: "2020-01-01" },
        { type: "address", name: "diaChi", labelKey: "form.e" },
        {
          type: "group",
          name: "thanhVien",
          labelKey: "form.f",
          itemLabelKey: "form.i",
          fields: [
            { type: "yesno", name: "coCccd", labelKey: "form.g" },
            { type: "cccd", name: "soCccd", labelKey: "form.h", required: true, showWhen: { field: "coCccd", equals: true } },
          ],
        },
      ],
    },
  ],
  texts: { vi: { "e.maSo": "Chỉ chữ in hoa và số" } },
};

const posted = (entries: Record<string, string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(entries)) form.append(k, v);
  return form;
};

describe("checkFilledForm", () => {
  it("accepts values at the limits and gives the validated values", () => {
    const checked = checkFilledForm(def, posted({ maSo: "ABC123", loai: "ca-nhan", tenToChuc: "", "ngay.day": "1", "ngay.month": "1", "ngay.year": "2020" }), { today: TODAY });
    expect(checked?.issues).toEqual([]);
    expect(checked?.value).toEqual({ maSo: "ABC123", loai: "ca-nhan", ngay: "2020-01-01" });
  });

  it("reports issues by input name with their i18n key and parameters, and gives back what was typed", () => {
    const checked = checkFilledForm(
      def,
      posted({
        maSo: "ABCDEFG",
        loai: "to-chuc",
        "ngay.day": "31",
        "ngay.month": "12",
        "ngay.year": "2019",
        "diaChi.province": "2",
        "thanhVien[0].coCccd": "yes",
      }),
      { today: TODAY },
    );
    expect(checked?.issues).toEqual([
      { name: "maSo", message: "form.errors.tooLong", params: { max: 6 } },
      { name: "tenToChuc", message: "form.errors.required" },
      { name: "ngay", message: "form.errors.dateTooEarly", params: { min: "2020-01-01" } },
      { name: "diaChi.province", message: "form.errors.adminUnit" },
      { name: "diaChi.district", message: "form.errors.required" },
      { name: "diaChi.commune", message: "form.errors.required" },
      { name: "diaChi.street", message: "form.errors.required" },
      { name: "thanhVien[0].soCccd", message: "form.errors.required" },
    ]);
    expect(checked?.values).toMatchObject({ maSo: "ABCDEFG", ngay: { day: "31", month: "12", year: "2019" }, thanhVien: [{ coCccd: "yes" }] });
    expect(checkFilledForm(def, posted({ maSo: "abc" }))?.issues).toEqual([{ name: "maSo", message: "e.maSo" }]);
  });

  it("returns null for a definition that does not pass the meta-schema", () => {
    const broken = { ...def, sections: [{ ...def.sections[0]!, fields: [{ type: "text", name: "a", labelKey: "form.a", pattern: "(a+)+" }] }] } as FormDefinition;
    expect(checkFilledForm(broken, posted({}))).toBeNull();
  });
});

describe("shownFields", () => {
  it("follows the conditions, at the top level and in a group's first item", () => {
    expect(shownFields(def, {})).toEqual({ top: ["maSo", "loai", "ngay", "diaChi", "thanhVien"], groups: { thanhVien: ["coCccd"] } });
    expect(shownFields(def, { loai: "to-chuc", thanhVien: [{ coCccd: "yes" }] })).toEqual({
      top: ["maSo", "loai", "tenToChuc", "ngay", "diaChi", "thanhVien"],
      groups: { thanhVien: ["coCccd", "soCccd"] },
    });
  });
});
