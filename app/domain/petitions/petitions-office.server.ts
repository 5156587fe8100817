import type { Db } from "../../platform/db.server";
import { findAgencyNames } from "../dossiers/office.repo.server";
import { newId } from "../../platform/ids.server";
import type { Actor } from "../access/permissions";
import { findAgenciesValidOn } from "../agencies/agencies.repo.server";
import { deadlineState, type DeadlineState, type PetitionSettings, type PetitionStatus } from "./petitions";
import type { RuleInput } from "./petitions-office.schema";
import { ruleErrors } from "./petitions-office.schema";
import { adminUnitExists, routingRuleExists } from "./petitions-office.repo.server";
import { agencyExists, deleteRoutingRule, insertRoutingRule, procedureExists, procedureNames, routingRules } from "./petitions.repo.server";
import { petitionQueue, rolesOn, type Fail } from "./petitions.server";

// The officials' side of petitions (issue 8), on top of petitions.server.ts: the queue as the pages show it (names,
// the due instant that matters now and where the item stands against it), the agencies an item may be forwarded to
// (the routing rules' suggestions first), and the routing rules, which only the control unit's routing officers see.

const today = (now: Date) => now.toISOString().slice(0, 10);

/** The control unit's petition handler: the routing officer, who forwards, closes, moderates and keeps the rules. */
export async function isRoutingOfficer(db: Db, settings: PetitionSettings, actor: Actor): Promise<boolean> {
  return (await rolesOn(db, settings, actor, { handling_agency_id: null })).has("router");
}

export interface QueueItem {
  code: string;
  title: string;
  kind: "regulation" | "conduct" | "proposal";
  status: PetitionStatus;
  receivedAt: string;
  /** The due instant of the step under way: forwarding (received) or answering (forwarded, drafted). */
  dueAt: string | null;
  deadline: DeadlineState;
  agency: string | null;
  procedureCode: string | null;
  reassignRequested: boolean;
  extended: boolean;
  hidden: boolean;
}

/** The routing officer's items (new, and sent back for reassignment) and the agency's items in progress. */
export async function officeQueue(
  db: Db,
  settings: PetitionSettings,
  actor: Actor,
  now = new Date()
): Promise<{ router: boolean; routing: QueueItem[]; agency: QueueItem[] }> {
  const [router, queue] = await Promise.all([isRoutingOfficer(db, settings, actor), petitionQueue(db, settings, actor)]);
  const rows = [...queue.routing, ...queue.agency];
  const names = await findAgencyNames(
    db,
    rows.flatMap((r) => [r.handling_agency_id ?? "", r.concerned_agency_id ?? ""]),
    today(now)
  );
  const item = (r: (typeof rows)[number]): QueueItem => {
    const dueAt = r.status === "received" ? r.forward_due_at : r.answer_due_at;
    const agencyId = r.handling_agency_id ?? r.concerned_agency_id;
    return {
      code: r.code,
      title: r.title,
      kind: r.kind,
      status: r.status,
      receivedAt: r.received_at,
      dueAt,
      deadline: deadlineState(dueAt, now, settings.reminderHours),
      agency: agencyId ? names.get(agencyId) ?? null : null,
      procedureCode: r.procedure_code,
      reassignRequested: r.reassign_requested_at !== null,
      extended: r.extended_at !== null,
      hidden: r.hidden_at !== null,
    };
  };
  return {
    router,
    routing: queue.routing.map(item),
    agency: queue.agency.map(item),
  };
}

/** The agencies an item may go to (the people's committees of districts excepted), the suggested ones first. */
export async function forwardTargets(
  db: Db,
  suggestedIds: readonly string[],
  now = new Date()
): Promise<{ id: string; code: string; name: string; suggested: boolean }[]> {
  const agencies = (await findAgenciesValidOn(db, today(now))).filter((a) => a.kind !== "district_ppc");
  const rank = (id: string) => {
    const i = suggestedIds.indexOf(id);
    return i === -1 ? suggestedIds.length : i;
  };
  return agencies
    .sort((a, b) => rank(a.id) - rank(b.id) || a.code.localeCompare(b.code))
    .map((a) => ({
      id: a.id,
      code: a.code,
      name: a.name,
      suggested: suggestedIds.includes(a.id),
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// Routing rules (the routing officers only)

export interface RuleView {
  id: string;
  procedure: { code: string; name: string } | null;
  field: string | null;
  concernedAgency: string | null;
  adminUnitCode: string | null;
  targetAgency: string;
  createdAt: string;
}

/** The rules, with names; null when the actor is not a routing officer. */
export async function routingRulesView(db: Db, settings: PetitionSettings, actor: Actor, now = new Date()): Promise<RuleView[] | null> {
  if (!(await isRoutingOfficer(db, settings, actor))) return null;
  const rules = await routingRules(db);
  const names = await findAgencyNames(
    db,
    rules.flatMap((r) => [r.target_agency_id, r.concerned_agency_id ?? ""]),
    today(now)
  );
  const procedures = await procedureNames(
    db,
    rules.map((r) => r.procedure_code ?? "")
  );
  return rules.map((r) => ({
    id: r.id,
    procedure: r.procedure_code
      ? {
          code: r.procedure_code,
          name: procedures.get(r.procedure_code) ?? r.procedure_code,
        }
      : null,
    field: r.field,
    concernedAgency: r.concerned_agency_id ? names.get(r.concerned_agency_id) ?? r.concerned_agency_id : null,
    adminUnitCode: r.admin_unit_code,
    targetAgency: names.get(r.target_agency_id) ?? r.target_agency_id,
    createdAt: r.created_at,
  }));
}

const refused = (status: Fail["status"], field: string, message: string): Fail => ({ ok: false, status, errors: [{ field, message }] });

export async function addRoutingRule(
  db: Db,
  settings: PetitionSettings,
  actor: Actor,
  rule: RuleInput,
  now = new Date()
): Promise<{ ok: true; id: string } | Fail> {
  if (actor.kind !== "official" || !(await isRoutingOfficer(db, settings, actor))) return refused(403, "form", ruleErrors.notFound);
  const errors: Fail["errors"] = [];
  if (rule.procedureCode && !(await procedureExists(db, rule.procedureCode))) errors.push({ field: "procedureCode", message: ruleErrors.procedure });
  if (rule.concernedAgencyId && !(await agencyExists(db, rule.concernedAgencyId)))
    errors.push({
      field: "concernedAgencyId",
      message: ruleErrors.concernedAgency,
    });
  if (rule.adminUnitCode && !(await adminUnitExists(db, rule.adminUnitCode))) errors.push({ field: "adminUnitCode", message: ruleErrors.adminUnit });
  if (!(await agencyExists(db, rule.targetAgencyId))) errors.push({ field: "targetAgencyId", message: ruleErrors.target });
  if (errors.length > 0) return { ok: false, status: 400, errors };
  const id = newId(now.getTime());
  await insertRoutingRule(db, {
    id,
    procedure_code: rule.procedureCode,
    field: rule.field,
    concerned_agency_id: rule.concernedAgencyId,
    admin_unit_code: rule.adminUnitCode,
    target_agency_id: rule.targetAgencyId,
    created_by: actor.userId,
    created_at: now.toISOString(),
  });
  return { ok: true, id };
}

export async function removeRoutingRule(db: Db, settings: PetitionSettings, actor: Actor, id: string): Promise<{ ok: true } | Fail> {
  if (!(await isRoutingOfficer(db, settings, actor))) return refused(403, "form", ruleErrors.notFound);
  if (!/^[0-9a-f-]{36}$/i.test(id) || !(await routingRuleExists(db, id))) return refused(404, "form", ruleErrors.notFound);
  await deleteRoutingRule(db, id);
  return { ok: true };
}
