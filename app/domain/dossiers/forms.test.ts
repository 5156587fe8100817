import { describe, expect, it } from "vitest";
import type { FormDefinition } from "../forms/form-definition";
import { channelOf, CODE39, code39Modules, fieldLabel, formatAppointment, formFileName, FORM_AUDIENCE, jsonArray, parseApologyParams, parseRefusalParams, vietnamParts } from "./forms";

// The pure rules of the forms Mẫu 01–05: file names, audiences, the appointment's wording, reading what the engine stored.

describe("the forms' small rules", () => {
  it("writes the appointment as Mẫu 01 does, in Vietnam time", () => {
    expect(formatAppointment("2026-12-08T10:00:00.000Z")).toBe("17 giờ 00 phút, ngày 08/12/2026");
    // 17:30 UTC is already the next day in Hà Giang.
    expect(formatAppointment("2023-11-02T17:30:00Z")).toBe("00 giờ 30 phút, ngày 03/11/2023");
    expect(vietnamParts(new Date("2026-12-31T18:00:00Z"))).toEqual({ day: "01", month: "01", year: "2027", hour: "01", minute: "00" });
    expect(() => formatAppointment("not a date")).toThrow(RangeError);
  });

  it("names the files mau-NN-<code>.pdf and keeps the control sheet for officials", () => {
    expect(formFileName("receipt", "000.01.01.H22-261201-0007")).toBe("mau-01-000.01.01.H22-261201-0007.pdf");
    expect(formFileName("control_sheet", "a/b\"c")).toBe("mau-05-a_b_c.pdf");
    expect(FORM_AUDIENCE).toEqual({ receipt: "applicant", supplement_request: "applicant", refusal: "applicant", apology: "applicant", control_sheet: "officials" });
  });

  it("reads the refusal's and the apology's parameters defensively", () => {
    expect(parseRefusalParams({ reasons: ["notEligible", "bogus", "notEligible", "other"], text: "Thiếu", legalBasis: "Điều 5" })).toEqual({ reasons: ["notEligible", "other"], text: "Thiếu", legalBasis: "Điều 5" });
    expect(parseRefusalParams(null)).toEqual({ reasons: [], text: "", legalBasis: "" });
    expect(parseApologyParams({ reason: "Chờ xác minh", newDueAt: "2026-12-10T03:00:00.000Z" })).toEqual({ reason: "Chờ xác minh", newDueAt: "2026-12-10T03:00:00.000Z" });
    expect(parseApologyParams({ newDueAt: "soon" })).toEqual({ reason: "", newDueAt: null });
    expect(jsonArray('["a",1]')).toEqual(["a", 1]);
    expect(jsonArray("{")).toEqual([]);
    expect(jsonArray([2])).toEqual([2]);
  });

  it("labels a field path with the form's own texts (groups and shared keys too)", () => {
    const form: Pick<FormDefinition, "sections" | "texts"> = {
      sections: [
        {
          id: "a",
          titleKey: "s",
          fields: [
            { type: "text", name: "fullName", labelKey: "f.hoTen" },
            { type: "cccd", name: "idNumber", labelKey: "form.cccd" },
            { type: "group", name: "children", labelKey: "f.con", itemLabelKey: "f.con", fields: [{ type: "text", name: "name", labelKey: "f.tenCon" }] },
          ],
        },
      ],
      texts: { vi: { s: "Người khai", "f.hoTen": "Họ, chữ đệm và tên", "f.con": "Con", "f.tenCon": "Tên con" } },
    };
    const shared = (key: string) => `<${key}>`;
    expect(fieldLabel(form, "fullName", shared)).toBe("Họ, chữ đệm và tên");
    expect(fieldLabel(form, "idNumber", shared)).toBe("<form.cccd>");
    expect(fieldLabel(form, "children.1.name", shared)).toBe("Con 2 – Tên con");
    expect(fieldLabel(form, "children[0].name", shared)).toBe("Con 1 – Tên con");
    expect(fieldLabel(form, "unknown.path", shared)).toBe("unknown.path");
    expect(fieldLabel(null, "fullName", shared)).toBe("fullName");
  });

  it("finds the fee mode and time limit of the offering serving the agency, for the dossier's channel", () => {
    const offerings = [
      { receivers: { codes: ["000.01.01.H22"] }, channels: [{ channel: "online", feeMode: "free", timeLimit: { unit: "none" } }] },
      { receivers: { kinds: ["commune_ppc"] }, channels: [{ channel: "in_person", feeMode: "pay_first", timeLimit: { unit: "working_days", amount: 3 } }, { channel: "online", feeMode: "pay_later", timeLimit: { unit: "working_days", amount: 5 } }] },
    ];
    expect(channelOf(offerings, { code: "001.02.03.H22", kind: "commune_ppc" }, "online")).toEqual({ feeMode: "pay_later", timeLimit: { unit: "working_days", amount: 5 } });
    expect(channelOf(offerings, { code: "000.01.01.H22", kind: "department" }, "online")).toEqual({ feeMode: "free", timeLimit: { unit: "none" } });
    expect(channelOf(offerings, { code: "000.01.01.H22", kind: "department" }, "post")).toBeNull();
  });
});

describe("the Code 39 barcode of the dossier code", () => {
  it("has 3 wide elements of 9 per character (2 bars and a space), each of the 40 characters distinct", () => {
    const table = Object.entries(CODE39);
    expect(table).toHaveLength(40);
    for (const [, e] of table) {
      expect(e).toMatch(/^[01]{9}$/);
      expect([...e].filter((x) => x === "1")).toHaveLength(3);
      // Wide bars (even positions) 2, wide spaces (odd positions) 1.
      expect([...e].filter((x, i) => x === "1" && i % 2 === 0)).toHaveLength(2);
    }
    expect(new Set(table.map(([, e]) => e)).size).toBe(40);
    // Known encodings, as published with a 2:1 ratio ("11" a wide bar, "00" a wide space); printed at 3:1 here.
    const ratio3 = (published: string) => published.replace(/0+|1+/g, (run) => (run.length === 2 ? run[0]!.repeat(3) : run));
    const bits = (text: string) => code39Modules(text).map((m) => (m ? "1" : "0")).join("");
    expect(CODE39["*"]).toBe("010010100");
    expect(bits("A")).toBe(["100101101101", "110101001011", "100101101101"].map(ratio3).join("0"));
    expect(bits("0-")).toBe(["100101101101", "101001101101", "100101011011", "100101101101"].map(ratio3).join("0"));
  });

  it("encodes a dossier code, and refuses what Code 39 cannot carry", () => {
    const modules = code39Modules("001.02.03.H22-261201-0007");
    // 27 characters of 15 modules (6 narrow + 3 wide) with 26 gaps between them.
    expect(modules).toHaveLength(27 * 15 + 26);
    expect(modules[0]).toBe(true);
    expect(modules.at(-1)).toBe(true);
    expect(() => code39Modules("mã")).toThrow(RangeError);
    expect(() => code39Modules("A*B")).toThrow(RangeError);
  });
});
