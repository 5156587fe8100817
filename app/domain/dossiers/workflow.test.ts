import { describe, expect, it } from "vitest";
import { OFFICIAL_ROLES, can, type Actor, type OfficialRole } from "../access/permissions";
import type { DossierStatus } from "./dossiers";
import {
  availableActions,
  decisionStepIndex,
  DOSSIER_ACTIONS,
  failedGuards,
  openStepRole,
  returnStepIndex,
  ruleFor,
  takerPermissions,
  TRANSITIONS,
  type DossierAction,
  type DossierSnapshot,
  type WorkflowStepDef,
} from "./workflow";

// The state machine's table (issue 6, item 1): every transition allowed for the right role and refused for the others.

const WORKFLOW: WorkflowStepDef[] = [
  { role: "receive", name: "Tiếp nhận", hours: 4 },
  { role: "handle", name: "Thẩm định", hours: 40 },
  { role: "approve", name: "Phê duyệt", hours: 8 },
  { role: "return", name: "Trả kết quả", hours: 4 },
];
const NOW = new Date("2026-12-01T02:00:00Z");
const AGENCY = "agency-1";

const snapshot = (over: Partial<DossierSnapshot>): DossierSnapshot => ({
  status: 4,
  workflow: WORKFLOW,
  stepIndex: 1,
  atCooperatingAgency: false,
  dueAt: "2026-12-10T10:00:00.000Z",
  rescheduledDueAt: null,
  supplementCount: 0,
  supplementRespondBy: null,
  ...over,
});

const official = (role: OfficialRole, agencyId = AGENCY): Actor => ({ kind: "official", userId: "u", roles: [{ agencyId, role }] });

/** The official roles that may take the action on this dossier (in its agency), per the table. */
function rolesAllowed(action: DossierAction, d: DossierSnapshot): OfficialRole[] {
  const rule = ruleFor(action, d.status);
  if (!rule) return [];
  return OFFICIAL_ROLES.filter((role) => takerPermissions(rule, openStepRole(d)).some((p) => can(official(role), p, { agencyId: AGENCY })));
}

// [action, the dossier, the roles that may take it]
const CASES: [DossierAction, Partial<DossierSnapshot>, OfficialRole[]][] = [
  ["accept", { status: 1, stepIndex: null }, ["receiving_officer"]],
  ["refuse", { status: 1, stepIndex: null }, ["receiving_officer"]],
  ["requestSupplement", { status: 1, stepIndex: null }, ["receiving_officer"]],
  ["requestSupplement", { status: 4, stepIndex: 1 }, ["receiving_officer", "handler"]],
  ["requestSupplement", { status: 4, stepIndex: 2 }, ["receiving_officer", "approver"]],
  ["forward", { status: 2, stepIndex: 0 }, ["receiving_officer"]],
  ["forward", { status: 4, stepIndex: 1 }, ["handler"]],
  ["sendBack", { status: 4, stepIndex: 2 }, ["approver"]],
  ["sendBack", { status: 4, stepIndex: 1 }, ["handler"]],
  ["transfer", { status: 4, stepIndex: 1 }, ["handler"]],
  ["transferBack", { status: 4, stepIndex: null, atCooperatingAgency: true }, ["handler"]],
  ["requestPayment", { status: 4, stepIndex: 1 }, ["handler"]],
  ["stop", { status: 4, stepIndex: 1 }, ["approver"]],
  ["approve", { status: 4, stepIndex: 2 }, ["approver"]],
  ["returnResult", { status: 9, stepIndex: 3 }, ["receiving_officer"]],
  ["apologize", { status: 4, stepIndex: 1 }, ["handler"]],
  ["withdraw", { status: 4 }, []],
  ["resubmit", { status: 5 }, []],
  ["confirmPayment", { status: 6 }, []],
  ["expireSupplement", { status: 5 }, ["receiving_officer"]],
];

describe("the dossier state machine", () => {
  it("has a rule for every action and names every status it starts from once per action", () => {
    for (const action of DOSSIER_ACTIONS) {
      const rules = TRANSITIONS.filter((t) => t.action === action);
      expect(rules.length, action).toBeGreaterThan(0);
      const from = rules.flatMap((r) => r.from);
      expect(new Set(from).size, action).toBe(from.length);
    }
  });

  it("never leaves a terminal status (refused, withdrawn, returned) and reaches only statuses 1–10", () => {
    for (const rule of TRANSITIONS) {
      for (const status of [3, 7, 10] as DossierStatus[]) expect(rule.from, rule.action).not.toContain(status);
      if (typeof rule.to === "number") expect(rule.to).toBeGreaterThanOrEqual(1);
    }
  });

  it.each(CASES)("%s from %j: allowed for exactly %j", (action, over, roles) => {
    expect(rolesAllowed(action, snapshot(over))).toEqual(roles);
  });

  it("gives the applicant and the sweep only their own actions", () => {
    const applicantActions = TRANSITIONS.filter((t) => t.takers.some((k) => k.kind === "applicant")).map((t) => t.action);
    expect(applicantActions.sort()).toEqual(["resubmit", "withdraw"]);
    const systemActions = TRANSITIONS.filter((t) => t.takers.some((k) => k.kind === "system")).map((t) => t.action);
    expect(systemActions.sort()).toEqual(["confirmPayment", "expireSupplement"]);
  });

  it("refuses an official of another agency whatever the role", () => {
    const d = snapshot({ status: 1, stepIndex: null });
    const rule = ruleFor("accept", 1)!;
    expect(takerPermissions(rule, null).some((p) => can(official("receiving_officer", "elsewhere"), p, { agencyId: AGENCY }))).toBe(false);
    expect(availableActions(d, (p) => can(official("receiving_officer", "elsewhere"), p, { agencyId: AGENCY }), NOW)).toEqual([]);
  });

  it("finds the decision and return steps, with or without an approve step", () => {
    expect(decisionStepIndex(WORKFLOW)).toBe(2);
    expect(returnStepIndex(WORKFLOW)).toBe(3);
    const short: WorkflowStepDef[] = [WORKFLOW[0]!, WORKFLOW[1]!, WORKFLOW[3]!];
    expect(decisionStepIndex(short)).toBe(1);
    expect(returnStepIndex(short)).toBe(2);
    expect(returnStepIndex([WORKFLOW[0]!, WORKFLOW[1]!])).toBeNull();
  });

  it("checks its guards: forwarding stops at the decision, a second supplementation needs a reason, the apology waits for 24 hours", () => {
    expect(failedGuards(ruleFor("forward", 4)!, snapshot({ stepIndex: 2 }), {}, NOW)).toEqual(["hasNextStep"]);
    expect(failedGuards(ruleFor("approve", 4)!, snapshot({ stepIndex: 1 }), {}, NOW)).toEqual(["atDecisionStep"]);
    expect(failedGuards(ruleFor("requestSupplement", 4)!, snapshot({ supplementCount: 1 }), {}, NOW)).toEqual(["supplementJustified"]);
    expect(failedGuards(ruleFor("requestSupplement", 4)!, snapshot({ supplementCount: 1 }), { justification: "Luật mới" }, NOW)).toEqual([]);
    expect(failedGuards(ruleFor("apologize", 4)!, snapshot({}), {}, NOW)).toEqual(["apologyDue"]);
    expect(failedGuards(ruleFor("apologize", 4)!, snapshot({ dueAt: "2026-12-02T01:00:00.000Z" }), {}, NOW)).toEqual([]);
    expect(failedGuards(ruleFor("apologize", 4)!, snapshot({ dueAt: "2026-12-02T01:00:00.000Z", rescheduledDueAt: "2026-12-09T01:00:00.000Z" }), {}, NOW)).toEqual(["apologyDue"]);
    expect(failedGuards(ruleFor("expireSupplement", 5)!, snapshot({ status: 5, supplementRespondBy: "2026-12-01T01:00:00.000Z" }), {}, NOW)).toEqual([]);
    expect(failedGuards(ruleFor("expireSupplement", 5)!, snapshot({ status: 5, supplementRespondBy: "2026-12-09T01:00:00.000Z" }), {}, NOW)).toEqual(["supplementExpired"]);
  });

  it("lists the actions an official may take now", () => {
    const held = (role: OfficialRole) => (p: Parameters<typeof can>[1]) => can(official(role), p, { agencyId: AGENCY });
    expect(availableActions(snapshot({ status: 1, stepIndex: null }), held("receiving_officer"), NOW)).toEqual(["accept", "refuse", "requestSupplement"]);
    expect(availableActions(snapshot({ status: 4, stepIndex: 2 }), held("approver"), NOW)).toEqual(["requestSupplement", "sendBack", "transfer", "requestPayment", "stop", "approve"]);
    expect(availableActions(snapshot({ status: 4, stepIndex: 1 }), held("handler"), NOW)).toEqual(["requestSupplement", "forward", "sendBack", "transfer", "requestPayment"]);
  });
});
