import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { act, capturingServices, citizenActor, fileOnline, insertCitizen, NOW, officialAt, provinceDatabase, type OfficialActor, type Province } from "../dossiers/back-office.fixture.server";
import { DEFAULT_PETITION_SETTINGS } from "../petitions/petitions";
import type { PetitionNotice, PetitionServices } from "../petitions/petitions.server";
import { auditTrailFor } from "../../platform/audit.server";
import { ratingLinkToken, readRatingLinkToken } from "./rating-link.server";
import { rateDossier, ratingPage, type RatingDeps, type RatingTarget } from "./ratings.server";

// Ratings on both databases (issue 10, item 1): a dossier taken through the engine to status 10, then rated on the
// portal, by the link and at the kiosk; the edit window; ownership; the feedback case of an unsatisfied rating.

const at = (iso: string) => new Date(iso);
/** The result is returned on Friday 4 December 2026 at 11:00 in Hà Giang. */
const RETURNED = at("2026-12-04T04:00:00Z");
const LATER = at("2026-12-04T05:00:00Z");

describe.each(engines)("ratings on %s", (engine) => {
  let p: Province;
  let db: Db;
  let receiver: OfficialActor;
  let handler: OfficialActor;
  let approver: OfficialActor;
  const services = capturingServices();
  const sent: PetitionNotice[] = [];
  const petitions: PetitionServices = { notify: async (_trx, notice) => void sent.push(notice) };
  const deps: RatingDeps = { settings: { editHours: 24, linkDays: 30 }, petitions, petitionSettings: DEFAULT_PETITION_SETTINGS, caseTitle: (code) => `Không hài lòng: hồ sơ ${code}` };

  beforeAll(async () => {
    p = await provinceDatabase(engine);
    db = p.db;
    receiver = await officialAt(db, p.centre, ["receiving_officer"]);
    handler = await officialAt(db, p.justice, ["handler"]);
    approver = await officialAt(db, p.justice, ["approver"], "Lãnh đạo Sở Tư pháp");
    await officialAt(db, p.centre, ["approver"], "Lãnh đạo Trung tâm");
  });
  afterAll(() => p.close());

  /** A dossier filed online, accepted, handled, approved and returned at the counter (status 10); or stopped before. */
  async function dossier(upTo: "returned" | "ready" = "returned") {
    const filed = await fileOnline(p);
    const step = async (actor: OfficialActor, action: Parameters<typeof act>[4], params: unknown = {}, when = NOW) => {
      const result = await act(db, services, actor, filed.id, action, params, when);
      if (!result.ok) throw new Error(`${action}: ${JSON.stringify(result)}`);
    };
    await step(receiver, "accept");
    await step(receiver, "forward");
    await step(handler, "forward", {}, at("2026-12-02T03:00:00Z"));
    await step(approver, "approve", { result: { sha256: "c".repeat(64), sizeBytes: 10, mediaType: "application/pdf", fileName: "ket-qua.pdf" } }, at("2026-12-03T03:00:00Z"));
    if (upTo === "returned") await step(receiver, "returnResult", { channel: "counter" }, RETURNED);
    return filed;
  }
  const portal = (owner: string, code: string): RatingTarget => ({ channel: "portal", actor: citizenActor(owner), code });
  const ratingRow = (dossierId: string) => db.selectFrom("dossier_ratings").selectAll().where("dossier_id", "=", dossierId).executeTakeFirst();
  const casesOf = (code: string) => db.selectFrom("petitions").selectAll().where("dossier_code", "=", code).execute();

  it("rates a returned dossier on the portal: one row, the window from the first rating, audited", async () => {
    const d = await dossier();
    const result = await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "very_satisfied", criteria: { attitude: "satisfied" } }, now: LATER });
    expect(result).toMatchObject({ ok: true, created: true, changed: true, rating: { level: "very_satisfied", reason: null, criteria: { attitude: "satisfied" }, channel: "portal", editable: true, petitionCode: null, version: 1 } });
    const row = await ratingRow(d.id);
    expect(row).toMatchObject({ level: "very_satisfied", channel: "portal", rated_by: d.owner, rated_at: LATER.toISOString(), editable_until: "2026-12-05T05:00:00.000Z", updated_at: LATER.toISOString(), version: 1, petition_id: null });
    expect(JSON.parse(row!.criteria!)).toEqual({ attitude: "satisfied" });
    const trail = await auditTrailFor(db, "dossier", d.id);
    expect(trail.filter((e) => e.action.startsWith("dossier.rat"))).toMatchObject([{ action: "dossier.rated", actor_type: "citizen", actor_id: d.owner, details: { code: d.code, channel: "portal", level: "very_satisfied" } }]);
  });

  it("changes the rating within the window (one row, a new version), refuses after it, and a retry changes nothing", async () => {
    const d = await dossier();
    expect(await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "satisfied" }, now: LATER })).toMatchObject({ ok: true, created: true });
    // The same rating again (a double click, a retry): nothing changes.
    expect(await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "satisfied" }, now: at("2026-12-04T05:00:01Z") })).toMatchObject({ ok: true, created: false, changed: false, rating: { version: 1 } });
    const edited = await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "very_satisfied" }, now: at("2026-12-05T04:59:00Z") });
    expect(edited).toMatchObject({ ok: true, created: false, changed: true, rating: { level: "very_satisfied", version: 2, editableUntil: "2026-12-05T05:00:00.000Z" } });
    expect(await ratingRow(d.id)).toMatchObject({ level: "very_satisfied", version: 2, updated_at: "2026-12-05T04:59:00.000Z", rated_at: LATER.toISOString() });
    // After the window: refused with a clear message; the same rating sent again is still answered as done.
    expect(await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "satisfied" }, now: at("2026-12-05T05:00:00Z") })).toEqual({ ok: false, status: 409, errors: [{ field: "form", message: "ratings:errors.closed" }] });
    expect(await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "very_satisfied" }, now: at("2026-12-06T00:00:00Z") })).toMatchObject({ ok: true, changed: false });
    expect(await db.selectFrom("dossier_ratings").select("id").where("dossier_id", "=", d.id).execute()).toHaveLength(1);
    const trail = await auditTrailFor(db, "dossier", d.id);
    expect(trail.filter((e) => e.action.startsWith("dossier.rat")).map((e) => e.action)).toEqual(["dossier.rated", "dossier.rating_changed"]);
  });

  it("refuses a dossier whose result was not returned yet, and somebody else's dossier", async () => {
    const ready = await dossier("ready");
    expect(await rateDossier(db, deps, { target: portal(ready.owner, ready.code), rating: { level: "satisfied" }, now: LATER })).toEqual({ ok: false, status: 409, errors: [{ field: "form", message: "ratings:errors.notRateable" }] });
    expect(await ratingPage(db, portal(ready.owner, ready.code), LATER)).toMatchObject({ status: 9, rateable: false, rating: null });
    const d = await dossier();
    const stranger = await insertCitizen(db, "Người khác");
    expect(await rateDossier(db, deps, { target: portal(stranger, d.code), rating: { level: "unsatisfied", reason: "x" }, now: LATER })).toEqual({ ok: false, status: 404, errors: [{ field: "form", message: "ratings:errors.notFound" }] });
    expect(await ratingPage(db, portal(stranger, d.code), LATER)).toBeNull();
    expect(await ratingRow(d.id)).toBeUndefined();
    expect(await casesOf(d.code)).toEqual([]);
  });

  it("checks the form again: a level is required, and a reason for 'không hài lòng'", async () => {
    const d = await dossier();
    expect(await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: {}, now: LATER })).toMatchObject({ ok: false, status: 400, errors: [{ field: "level", message: "ratings:errors.level" }] });
    expect(await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "unsatisfied", reason: "  " }, now: LATER })).toMatchObject({ ok: false, status: 400, errors: [{ field: "reason", message: "ratings:errors.reason" }] });
    expect(await ratingRow(d.id)).toBeUndefined();
  });

  it("opens exactly one feedback case for 'không hài lòng', forwarded to the dossier's agency with its leaders told", async () => {
    const d = await dossier();
    sent.length = 0;
    const result = await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "unsatisfied", reason: "Phải đi lại ba lần mới nhận được kết quả." }, now: LATER });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const cases = await casesOf(d.code);
    expect(cases).toHaveLength(1);
    const c = cases[0]!;
    expect(result.rating.petitionCode).toBe(c.code);
    expect(c).toMatchObject({ kind: "conduct", status: "forwarded", handling_agency_id: p.centre, concerned_agency_id: p.centre, dossier_code: d.code, procedure_code: "2.000488", content: "Phải đi lại ba lần mới nhận được kết quả.", title: `Không hài lòng: hồ sơ ${d.code}`, submitter_user_id: d.owner, contact_name: "Lò Thị Mai", publish_consent: 0, forwarded_at: LATER.toISOString() });
    expect(c.answer_due_at).not.toBeNull();
    expect(await ratingRow(d.id)).toMatchObject({ petition_id: c.id, level: "unsatisfied" });
    // The centre's leader is told (the justice department's is not: the dossier's agency is the centre).
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: "forwarded", code: c.code });
    const leaders = await db.selectFrom("official_roles as r").innerJoin("users as u", "u.id", "r.user_id").select("u.email").where("r.agency_id", "=", p.centre).where("r.role", "=", "approver").execute();
    expect(leaders.map((l) => l.email)).toContain(sent[0]!.to);
    // Satisfied after all: the case stays (a record); unsatisfied again: no second case.
    expect(await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "satisfied" }, now: at("2026-12-04T06:00:00Z") })).toMatchObject({ ok: true, rating: { level: "satisfied", reason: null, petitionCode: c.code } });
    expect(await rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "unsatisfied", reason: "Vẫn không hài lòng." }, now: at("2026-12-04T07:00:00Z") })).toMatchObject({ ok: true, rating: { level: "unsatisfied", petitionCode: c.code } });
    expect(await casesOf(d.code)).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it("keeps one rating and one case when two first ratings arrive at once (a double submission)", async () => {
    const d = await dossier();
    const send = (reason: string) => rateDossier(db, deps, { target: portal(d.owner, d.code), rating: { level: "unsatisfied", reason }, now: LATER });
    const results = await Promise.all([send("Chờ quá lâu."), send("Chờ quá lâu."), send("Chờ quá lâu!")]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(await db.selectFrom("dossier_ratings").select("id").where("dossier_id", "=", d.id).execute()).toHaveLength(1);
    expect(await casesOf(d.code)).toHaveLength(1);
  });

  it("rates by the link without an account, and at the kiosk under the returning officer's agencies only", async () => {
    const d = await dossier();
    expect(await rateDossier(db, deps, { target: { channel: "link", dossierId: d.id }, rating: { level: "satisfied" }, now: LATER })).toMatchObject({ ok: true, created: true, rating: { channel: "link" } });
    expect(await ratingRow(d.id)).toMatchObject({ channel: "link", rated_by: null });
    const trail = await auditTrailFor(db, "dossier", d.id);
    expect(trail.filter((e) => e.action === "dossier.rated")).toMatchObject([{ actor_type: "anonymous", actor_id: null }]);

    const k = await dossier();
    const elsewhere = await officialAt(db, p.other, ["receiving_officer"]);
    expect(await rateDossier(db, deps, { target: { channel: "kiosk", actor: elsewhere, code: k.code }, rating: { level: "satisfied" }, now: LATER })).toMatchObject({ ok: false, status: 404 });
    // The deciding agency's handler does not hold return:dossier:agency.
    expect(await rateDossier(db, deps, { target: { channel: "kiosk", actor: handler, code: k.code }, rating: { level: "satisfied" }, now: LATER })).toMatchObject({ ok: false, status: 404 });
    expect(await rateDossier(db, deps, { target: { channel: "kiosk", actor: receiver, code: k.code }, rating: { level: "very_satisfied" }, now: LATER })).toMatchObject({ ok: true, rating: { channel: "kiosk", level: "very_satisfied" } });
    expect(await ratingPage(db, { channel: "kiosk", actor: receiver, code: k.code }, LATER)).toMatchObject({ code: k.code, procedureName: expect.any(String), rateable: true, rating: { level: "very_satisfied" } });
  });

  it("reads back a link token for its dossier only, until it expires", async () => {
    const d = await dossier();
    const key = new Uint8Array(32).fill(7);
    const token = ratingLinkToken(key, d.id, at("2027-01-03T04:00:00Z"));
    expect(readRatingLinkToken([new Uint8Array(32).fill(1), key], token, LATER)).toMatchObject({ ok: true, dossierId: d.id });
    expect(readRatingLinkToken([key], token, at("2027-01-03T04:00:00Z"))).toEqual({ ok: false, reason: "expired" });
    const [id, expiry, mac] = token.split(".") as [string, string, string];
    const later = (parseInt(expiry, 36) + 86_400).toString(36);
    expect(readRatingLinkToken([key], `${id}.${later}.${mac}`, LATER)).toEqual({ ok: false, reason: "tampered" });
    const other = await dossier();
    const otherId = ratingLinkToken(key, other.id, at("2027-01-03T04:00:00Z")).split(".")[0]!;
    expect(readRatingLinkToken([key], `${otherId}.${expiry}.${mac}`, LATER)).toEqual({ ok: false, reason: "tampered" });
    expect(readRatingLinkToken([new Uint8Array(32).fill(9)], token, LATER)).toEqual({ ok: false, reason: "tampered" });
    expect(readRatingLinkToken([key], "abc", LATER)).toEqual({ ok: false, reason: "malformed" });
  });
});
