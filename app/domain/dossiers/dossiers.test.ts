import { describe, expect, it } from "vitest";
import {
  canWithdraw,
  codeDay,
  documentProblems,
  dossierCode,
  MAX_FILES_PER_DOCUMENT,
  normaliseDossierCode,
  secondFactorMatches,
  SequenceExhaustedError,
  STATUS_CODES,
  type VersionDocument,
} from "./dossiers";
import { myDossiersQuerySchema, trackSchema } from "./dossiers.schema";

describe("the dossier code {agency code}-{yyMMdd}-{NNNN}", () => {
  it("pads the day's sequence to four digits", () => {
    expect(dossierCode("000.00.06.H56", "231027", 361)).toBe("000.00.06.H56-231027-0361");
    expect(dossierCode("000.01.01.H22", "261130", 1)).toBe("000.01.01.H22-261130-0001");
    expect(dossierCode("000.01.01.H22", "261130", 9999)).toBe("000.01.01.H22-261130-9999");
  });

  it("refuses a 10,000th dossier of a day, a sequence below 1 and a malformed day", () => {
    expect(() => dossierCode("000.01.01.H22", "261130", 10_000)).toThrow(SequenceExhaustedError);
    expect(() => dossierCode("000.01.01.H22", "261130", 0)).toThrow(RangeError);
    expect(() => dossierCode("000.01.01.H22", "261130", 1.5)).toThrow(RangeError);
    expect(() => dossierCode("000.01.01.H22", "2611300", 1)).toThrow(RangeError);
  });

  it("takes the day in Vietnam time: 23:59 UTC on the 29th is already the 30th in Hà Giang", () => {
    expect(codeDay(new Date("2026-11-29T16:59:59Z"))).toBe("261129");
    expect(codeDay(new Date("2026-11-29T17:00:00Z"))).toBe("261130");
    expect(codeDay(new Date("2026-12-31T17:00:00Z"))).toBe("270101");
  });

  it("reads a code typed with spaces or in lower case, and nothing that is not a code", () => {
    expect(normaliseDossierCode(" 000.01.01.h22-261130-0001 ")).toBe("000.01.01.H22-261130-0001");
    expect(normaliseDossierCode("000.01.01.H22-261130-001")).toBeNull();
    expect(normaliseDossierCode("' or 1=1 --")).toBeNull();
  });
});

describe("statuses and withdrawal", () => {
  it("knows the ten DVCQG statuses", () => expect(STATUS_CODES).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));

  it("lets the owner withdraw while the dossier is not finished (1, 2, 4, 5, 6), never after", () => {
    expect(STATUS_CODES.filter(canWithdraw)).toEqual([1, 2, 4, 5, 6]);
  });
});

describe("the tracking page's second factor", () => {
  const applicant = { cccd: "002190012345", phone: "0912345678" };
  it("is the last 4 digits of the CCCD or of the phone", () => {
    expect(secondFactorMatches(applicant, "2345")).toBe(true);
    expect(secondFactorMatches(applicant, "5678")).toBe(true);
    expect(secondFactorMatches(applicant, "1234")).toBe(false);
    expect(secondFactorMatches(applicant, "345")).toBe(false);
    expect(secondFactorMatches(applicant, "12345")).toBe(false);
    expect(secondFactorMatches({ cccd: null, phone: null }, "0000")).toBe(false);
    expect(secondFactorMatches({ cccd: "002190012345", phone: null }, "2345")).toBe(true);
  });

  it("is parsed from what a person types", () => {
    expect(trackSchema.safeParse({ code: "000.01.01.h22 - 261130 - 0001", factor: " 2345 " }).data).toEqual({ code: "000.01.01.H22-261130-0001", factor: "2345" });
    expect(trackSchema.safeParse({ code: "abc", factor: "2345" }).error?.issues[0]?.message).toBe("dossiers:errors.trackCode");
    expect(trackSchema.safeParse({ code: "000.01.01.H22-261130-0001", factor: "23a5" }).error?.issues[0]?.message).toBe("dossiers:errors.trackFactor");
  });

  it("filters 'my dossiers' by a known status only", () => {
    expect(myDossiersQuerySchema.parse({ status: "7", page: "2" })).toEqual({ status: 7, page: 2 });
    expect(myDossiersQuerySchema.parse({ status: "11", page: "x" })).toEqual({ status: null, page: 1 });
    expect(myDossiersQuerySchema.parse({})).toEqual({ status: null, page: 1 });
  });
});

describe("the documents a submission brings", () => {
  const doc = (name: string, required: boolean, caseCode?: string): VersionDocument => ({ name, required, fileTypes: ["pdf"], maxSizeMb: 5, ...(caseCode ? { case: caseCode } : {}) });
  const list = [doc("Tờ khai", true), doc("Giấy chứng sinh", true), doc("Giấy ủy quyền", false), doc("Văn bản của trường hợp B", true, "b")];

  it("accepts every required document with files, optional ones left out", () => {
    expect(documentProblems(list, [{ documentIndex: 0, fileIds: ["a"] }, { documentIndex: 1, fileIds: ["b", "c"] }])).toEqual([]);
  });

  it("names each required document missing (of the chosen case too), unknown, repeated, or over the count", () => {
    expect(documentProblems(list, [{ documentIndex: 0, fileIds: [] }])).toEqual([
      { documentIndex: 0, problem: "missing" },
      { documentIndex: 1, problem: "missing" },
    ]);
    expect(documentProblems(list, [{ documentIndex: 0, fileIds: ["a"] }, { documentIndex: 1, fileIds: ["b"] }], "b")).toEqual([{ documentIndex: 3, problem: "missing" }]);
    expect(documentProblems(list, [{ documentIndex: 0, fileIds: ["a"] }, { documentIndex: 1, fileIds: ["b"] }, { documentIndex: 9, fileIds: ["c"] }])).toEqual([
      { documentIndex: 9, problem: "unknownDocument" },
    ]);
    expect(documentProblems(list, [{ documentIndex: 0, fileIds: ["a"] }, { documentIndex: 0, fileIds: ["b"] }, { documentIndex: 1, fileIds: ["a"] }])).toEqual([
      { documentIndex: 0, problem: "duplicateDocument" },
      { documentIndex: 1, problem: "duplicateFile" },
    ]);
    const many = Array.from({ length: MAX_FILES_PER_DOCUMENT + 1 }, (_, i) => `f${i}`);
    expect(documentProblems(list, [{ documentIndex: 0, fileIds: many }, { documentIndex: 1, fileIds: ["x"] }])).toEqual([{ documentIndex: 0, problem: "tooManyFiles" }]);
  });
});
