import { describe, expect, it } from "vitest";
import { allowedFrom, answeredOnTime, deadlineState, hideName, maskNumbers, normalizePetitionCode, petitionCode, petitionFactorMatches, redact, TRANSITIONS } from "./petitions";
import { MAX_CONTENT, petitionErrors, rateSchema, submitSchema } from "./petitions.schema";

describe("petition codes and the look-up's second factor", () => {
  it("numbers items per day and reads codes typed loosely", () => {
    expect(petitionCode("261130", 7)).toBe("PAKN-261130-0007");
    expect(normalizePetitionCode(" pakn-261130-0007 ")).toBe("PAKN-261130-0007");
    expect(normalizePetitionCode("PAKN-2611-0007")).toBeNull();
    expect(normalizePetitionCode("000.00.01.H22-261130-0007")).toBeNull();
  });

  it("takes the last four digits of the phone, or the e-mail address when there is no phone", () => {
    expect(petitionFactorMatches({ phone: "0912 345 678", email: "a@b.vn" }, "5678")).toBe(true);
    expect(petitionFactorMatches({ phone: "0912345678", email: "a@b.vn" }, "5 6 7 8")).toBe(true);
    expect(petitionFactorMatches({ phone: "0912345678", email: "a@b.vn" }, "a@b.vn")).toBe(false);
    expect(petitionFactorMatches({ phone: "0912345678", email: null }, "4567")).toBe(false);
    expect(petitionFactorMatches({ phone: null, email: "Mai@Example.vn" }, "mai@example.VN")).toBe(true);
    expect(petitionFactorMatches({ phone: null, email: "mai@example.vn" }, "5678")).toBe(false);
    expect(petitionFactorMatches({ phone: null, email: null }, "")).toBe(false);
  });
});

describe("what the public page hides", () => {
  it("masks phone and identity numbers but the last three digits, and leaves other numbers", () => {
    expect(maskNumbers("Gọi 0912 345 678 hoặc +84 912.345.678.")).toBe("Gọi •••• ••• 678 hoặc +•• •••.•••.678.");
    expect(maskNumbers("CCCD 002190012345, CMND 073123456")).toBe("CCCD •••••••••345, CMND ••••••456");
    expect(maskNumbers("Quyết định 766/QĐ-TTg năm 2022, phí 50.000 đồng, 12 ngày")).toBe("Quyết định 766/QĐ-TTg năm 2022, phí 50.000 đồng, 12 ngày");
  });

  it("hides the submitter's name in any case unless they agreed to show it", () => {
    expect(hideName("Tôi là Lò Thị Mai. LÒ THỊ MAI ký tên.", "Lò Thị Mai", "[ẩn danh]")).toBe("Tôi là [ẩn danh]. [ẩn danh] ký tên.");
    expect(redact("Tôi là Lò Thị Mai, 0912345678", { name: "Lò Thị Mai", showName: false }, "[ẩn danh]")).toBe("Tôi là [ẩn danh], •••••••678");
    expect(redact("Tôi là Lò Thị Mai, 0912345678", { name: "Lò Thị Mai", showName: true }, "[ẩn danh]")).toBe("Tôi là Lò Thị Mai, •••••••678");
    // A name made of regular-expression characters is matched as text.
    expect(hideName("a (b) c", "(b)", "X")).toBe("a X c");
  });
});

describe("the state machine and deadlines", () => {
  it("lets each role act only from its statuses", () => {
    expect(allowedFrom("forward", "received")).toBe(true);
    expect(allowedFrom("forward", "forwarded")).toBe(false);
    expect(allowedFrom("approve", "forwarded")).toBe(false);
    expect(allowedFrom("approve", "drafted")).toBe(true);
    expect(allowedFrom("reopen", "answered")).toBe(true);
    expect(allowedFrom("reopen", "closed")).toBe(false);
    expect(TRANSITIONS.approve.by).toBe("leader");
    expect(TRANSITIONS.forward.by).toBe("router");
    expect(TRANSITIONS.draft.by).toBe("handler");
  });

  it("says whether an item is on track, due soon or overdue, and whether an answer was on time", () => {
    const due = "2031-03-18T02:00:00.000Z";
    expect(deadlineState(null, new Date(), 24)).toBe("none");
    expect(deadlineState(due, new Date("2031-03-16T02:00:00.000Z"), 24)).toBe("onTrack");
    expect(deadlineState(due, new Date("2031-03-17T02:00:00.000Z"), 24)).toBe("dueSoon");
    expect(deadlineState(due, new Date("2031-03-18T02:00:00.001Z"), 24)).toBe("overdue");
    expect(answeredOnTime("2031-03-18T02:00:00.000Z", due)).toBe(true);
    expect(answeredOnTime("2031-03-18T02:00:01.000Z", due)).toBe(false);
    expect(answeredOnTime("2031-03-18T02:00:00.000Z", null)).toBe(false);
  });
});

describe("the public form's schema", () => {
  const valid = {
    kind: "regulation",
    title: "Thủ tục khai sinh",
    content: "Nội dung phản ánh đủ dài để xử lý được.",
    contactName: "Lò Thị Mai",
    contactAddress: "Thôn Nà Thác, xã Phương Thiện",
    contactPhone: "0912345678",
  };
  const issues = (input: Record<string, unknown>) => {
    const r = submitSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
  };

  it("keeps script and HTML as text, never stripped", () => {
    const r = submitSchema.parse({ ...valid, title: "<script>alert(1)</script> Thủ tục", content: "<b>đậm</b> và <img src=x onerror=alert(1)> trong nội dung" });
    expect(r.title).toBe("<script>alert(1)</script> Thủ tục");
    expect(r.content).toBe("<b>đậm</b> và <img src=x onerror=alert(1)> trong nội dung");
  });

  it("refuses oversized content, missing contact, a kiến nghị without a proposal, a public name without consent", () => {
    expect(issues({ ...valid, content: "x".repeat(MAX_CONTENT + 1) })).toEqual([["content", petitionErrors.contentTooLong]]);
    expect(issues({ ...valid, contactPhone: "" })).toEqual([["contactPhone", petitionErrors.contact]]);
    expect(issues({ ...valid, kind: "proposal" })).toEqual([["proposal", petitionErrors.proposal]]);
    expect(issues({ ...valid, showName: "on" })).toEqual([["showName", petitionErrors.consent]]);
    expect(issues({ ...valid, kind: "complaint" })).toEqual([["kind", petitionErrors.kind]]);
    expect(issues({ ...valid, agencyId: "not-an-id" })).toEqual([["agencyId", petitionErrors.agency]]);
    expect(issues(valid)).toEqual([]);
  });

  it("requires a reason for 'not satisfied', and reopens only then", () => {
    expect(rateSchema.safeParse({ rating: "unsatisfied", reason: "" }).success).toBe(false);
    expect(rateSchema.parse({ rating: "unsatisfied", reason: "Chưa trả lời câu hỏi.", reopen: "on" })).toEqual({ rating: "unsatisfied", reason: "Chưa trả lời câu hỏi.", reopen: true });
    expect(rateSchema.parse({ rating: "satisfied", reopen: "on" })).toEqual({ rating: "satisfied", reason: null, reopen: false });
  });
});
