import { describe, expect, it } from "vitest";
import admin from "../../locales/vi/admin.json";
import forms from "../../locales/vi/forms.json";
import type { FormDefinition } from "~/domain/forms/form-definition";
import { topLevelFields } from "~/domain/forms/form-definition";
import { DynamicFormSection, dynamicControlId, formDataValues } from "./dynamic-form";
import { render, testI18n } from "./test-i18n";

testI18n.addResourceBundle("vi", "admin", admin);
testI18n.addResourceBundle("vi", "forms", forms);

const def: FormDefinition = {
  version: 1,
  sections: [
    {
      id: "s",
      titleKey: "s.s",
      fields: [
        {
          type: "radio",
          name: "loai",
          labelKey: "f.loai",
          options: [
            { value: "ca-nhan", labelKey: "o.ca-nhan" },
            { value: "to-chuc", labelKey: "o.to-chuc" },
          ],
        },
        { type: "text", name: "tenToChuc", labelKey: "f.ten", hintKey: "h.ten", showWhen: { field: "loai", equals: ["ca-nhan", "to-chuc"] } },
        { type: "yesno", name: "coUyQuyen", labelKey: "f.uq" },
        { type: "text", name: "nguoiDuocUyQuyen", labelKey: "f.nuq", showWhen: { field: "coUyQuyen", equals: true } },
        { type: "date", name: "ngay", labelKey: "f.ngay", showWhen: { field: "tenToChuc", filled: true } },
        { type: "address", name: "diaChi", labelKey: "f.dc" },
      ],
    },
  ],
  texts: {
    vi: {
      "s.s": "Phần",
      "f.loai": "Loại người nộp",
      "o.ca-nhan": "Cá nhân",
      "o.to-chuc": "Tổ chức",
      "f.ten": "Tên",
      "h.ten": "Như trên giấy phép",
      "f.uq": "Có ủy quyền không?",
      "f.nuq": "Người được ủy quyền",
      "f.ngay": "Ngày",
      "f.dc": "Địa chỉ",
    },
  },
};
const section = def.sections[0]!;

describe("DynamicFormSection", () => {
  it("says when a conditional field is shown, in its hint", () => {
    const html = render(<DynamicFormSection section={section} texts={def.texts} idPrefix="p" />);
    expect(html).toContain("Như trên giấy phép<br/>Chỉ điền khi «Loại người nộp» là «Cá nhân» hoặc «Tổ chức».");
    expect(html).toContain("Chỉ điền khi «Có ủy quyền không?» là «Có».");
    expect(html).toContain("Chỉ điền khi đã nhập «Tên».");
    expect(html).not.toContain("hidden");
  });

  it("names dates and addresses by part, as the compiled schema reads them, and fills them in again", () => {
    const html = render(
      <DynamicFormSection
        section={section}
        texts={def.texts}
        idPrefix="p"
        values={{ ngay: { day: "31", month: "12", year: "2019" }, diaChi: { province: "02" } }}
        errors={{ "diaChi.district": "Bắt buộc" }}
      />,
    );
    expect(html).toMatch(/name="ngay\.day"[^>]*value="31"/);
    expect(html).toContain('name="ngay.year"');
    expect(html).toMatch(/id="p-diaChi-province" name="diaChi\.province"[^>]*value="02"/);
    expect(html).toContain('id="p-diaChi-district-error"');
  });

  it("hides the fields that are not shown, keeping them in the page", () => {
    const html = render(<DynamicFormSection section={section} texts={def.texts} idPrefix="p" shown={{ top: ["loai", "coUyQuyen", "diaChi"], groups: {} }} />);
    expect(html).toContain('<div hidden="" data-field="tenToChuc">');
    expect(html).toContain('<div data-field="loai">');
    expect(html).toContain('name="tenToChuc"');
  });
});

describe("dynamicControlId and formDataValues", () => {
  it("link an issue's input name to the control to focus", () => {
    const fields = topLevelFields(def);
    expect(dynamicControlId(fields, "tenToChuc", "p")).toBe("p-tenToChuc");
    expect(dynamicControlId(fields, "ngay", "p")).toBe("p-ngay-day");
    expect(dynamicControlId(fields, "diaChi", "p")).toBe("p-diaChi-province");
    expect(dynamicControlId(fields, "diaChi.street", "p")).toBe("p-diaChi-street");
    expect(dynamicControlId(fields, "thanhVien[1].soCccd", "p")).toBe("p-thanhVien-2-soCccd");
  });

  it("read a page's values for the conditions: lists for repeated names, objects for parts", () => {
    const form = new FormData();
    form.append("loai", "to-chuc");
    form.append("giayTo", "a");
    form.append("giayTo", "b");
    form.append("ngay.day", "1");
    form.append("tv[0].ten", "");
    expect(formDataValues(form)).toEqual({ loai: "to-chuc", giayTo: ["a", "b"], ngay: { ".day": "1" }, tv: { "[0].ten": "" } });
  });
});
