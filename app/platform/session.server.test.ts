import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { auditTrailFor, recordAudit } from "./audit.server";
import { newId } from "./ids.server";
import { createDatabaseSessionStorage, endSessionsOfUser, purgeExpiredSessions, sessionsOfUser } from "./session.server";

describe.each(engines)("platform storage on %s", (engine) => {
  it("keeps sessions in the database; the cookie carries only a signed id", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const storage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: true });
      const session = await storage.getSession();
      session.set("userId", "citizen-1");
      const cookie = await storage.commitSession(session);
      expect(cookie).toMatch(/^__session=/);
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("SameSite=Lax");
      expect(cookie).toContain("Secure");
      expect(cookie).not.toContain("citizen-1");

      const again = await storage.getSession(cookie.split(";")[0]);
      expect(again.get("userId")).toBe("citizen-1");

      // A cookie signed with another secret is ignored.
      const forged = cookie.split(";")[0]!.replace(/\.[^.]+$/, ".forged");
      expect((await storage.getSession(forged)).get("userId")).toBeUndefined();

      await storage.destroySession(again);
      expect((await storage.getSession(cookie.split(";")[0])).get("userId")).toBeUndefined();
    } finally {
      await close();
    }
  });

  it("ties sessions to their account: listed, and ended on every device at once", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const storage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: true });
      const cookies: string[] = [];
      for (const user of ["citizen-1", "citizen-1", "citizen-2"]) {
        const session = await storage.getSession();
        session.set("userId", user);
        cookies.push((await storage.commitSession(session)).split(";")[0]!);
      }
      expect(await sessionsOfUser(db, "citizen-1")).toHaveLength(2);
      const current = await storage.getSession(cookies[0]);
      expect(await endSessionsOfUser(db, "citizen-1", { except: current.id })).toBe(1);
      expect((await storage.getSession(cookies[1])).get("userId")).toBeUndefined();
      expect(await endSessionsOfUser(db, "citizen-1")).toBe(1);
      // The old cookie now opens nothing; the other account is untouched.
      expect((await storage.getSession(cookies[0])).get("userId")).toBeUndefined();
      expect((await storage.getSession(cookies[2])).get("userId")).toBe("citizen-2");
    } finally {
      await close();
    }
  });

  it("expires sessions and purges them", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      let now = new Date("2026-01-01T00:00:00Z");
      const storage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false, now: () => now });
      const session = await storage.getSession();
      session.set("userId", "u");
      const cookie = (await storage.commitSession(session)).split(";")[0];
      now = new Date("2026-01-02T00:00:00Z");
      expect((await storage.getSession(cookie)).get("userId")).toBeUndefined();
      const other = await storage.getSession();
      other.set("userId", "v");
      await storage.commitSession(other);
      expect(await purgeExpiredSessions(db, new Date("2026-01-03T00:00:00Z"))).toBe(1);
    } finally {
      await close();
    }
  });

  it("appends audit events with their details", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const entityId = newId();
      await recordAudit(db, {
        actor: { type: "official", id: newId() },
        action: "dossier.accepted",
        entity: { type: "dossier", id: entityId },
        requestId: "req-1",
        details: { note: "Hồ sơ đầy đủ", count: 2 },
      });
      await recordAudit(db, { actor: { type: "system" }, action: "dossier.due-soon", entity: { type: "dossier", id: entityId } });
      const trail = await auditTrailFor(db, "dossier", entityId);
      expect(trail.map((e) => e.action)).toEqual(["dossier.accepted", "dossier.due-soon"]);
      expect(trail[0]!.details).toEqual({ note: "Hồ sơ đầy đủ", count: 2 });
      expect(trail[1]!.details).toBeNull();
    } finally {
      await close();
    }
  });
});
