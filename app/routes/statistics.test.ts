import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../db/testing";
import { capturingServices, fileAndMove, insertOfficial, NOW, officialAt, provinceDatabase, type Province } from "../domain/dossiers/back-office.fixture.server";
import type { OpenDataDocument } from "../domain/statistics/open-data";
import { refreshStatistics } from "../domain/statistics/statistics.server";
import { engineOf } from "../platform/db.server";
import { createLogger } from "../platform/logger.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { unzip } from "../platform/xlsx.server";
import { loader as dossiersLoader } from "./office.statistics.dossiers";
import { loader as exportLoader } from "./office.statistics.export[.]xlsx";
import { loader as officeLoader } from "./office.statistics";
import { loader as pageLoader } from "./statistics";
import { loader as csvLoader } from "./statistics.data[.]csv";
import { loader as jsonLoader } from "./statistics.data[.]json";

// The statistics routes over the real core (issue 10), on both engines: two dossiers accepted on 01/12/2026 are the
// page's "received", the JSON's and the CSV's; the files are named for the period and cached briefly; a wrong filter is
// a 400 for a file and errors (with the default figures) for the page; an official lists the dossiers behind a figure
// only in their agencies, and downloads the Excel file.

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body?: unknown; response?: Response }> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, response: result };
  const init = (result as { init?: { status?: number } }).init;
  return { status: init?.status ?? 200, body: (result as { data?: unknown }).data ?? result };
}

describe.each(engines)("the statistics routes on %s", (engine) => {
  let p: Province;
  let context: AppLoadContext;
  let cookieOf: (userId: string) => Promise<string>;
  let codes: string[];
  beforeAll(async () => {
    p = await provinceDatabase(engine);
    const sessionStorage = createDatabaseSessionStorage(p.db, { secrets: ["s".repeat(32)], secure: false });
    context = { db: p.db, engine: engineOf(p.db), logger: createLogger("silent"), sessionStorage, requestId: "r", clientIp: "192.0.2.1", origin: "http://portal.test" } as unknown as AppLoadContext;
    cookieOf = async (userId) => {
      const session = await sessionStorage.getSession();
      session.set("userId", userId);
      session.set("secondFactorAt", NOW.toISOString());
      return (await sessionStorage.commitSession(session)).split(";")[0]!;
    };
    const services = capturingServices();
    const by = { receiver: await officialAt(p.db, p.centre, ["receiving_officer"]), handler: await officialAt(p.db, p.justice, ["handler"]) };
    const at = { filed: new Date("2026-12-01T01:00:00Z"), moved: new Date("2026-12-01T01:30:00Z") };
    codes = [(await fileAndMove(p, services, "accepted", by, at)).code, (await fileAndMove(p, services, "handling", by, at)).code];
    await refreshStatistics(p.db, { now: NOW });
  });
  afterAll(() => p.close());

  const Q = "from=2026-12-01&to=2026-12-01";
  const get = (path: string, cookie?: string) => new Request(`http://portal.test${path}`, { headers: cookie ? { Cookie: cookie } : {} });

  it("the page, the JSON and the CSV say the same numbers for the same filter", async () => {
    const page = (await pageLoader({ request: get(`/statistics?${Q}`), params: {}, context })) as unknown as { report: { figures: { received: number; inProgress: number } }; errors: unknown[] };
    expect(page.errors).toEqual([]);
    expect(page.report.figures.received).toBe(2);

    const json = (await jsonLoader({ request: get(`/statistics/data.json?${Q}`), params: {}, context })) as Response;
    expect(json.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(json.headers.get("Content-Disposition")).toBe('attachment; filename="thong-ke-2026-12-01_2026-12-01.json"');
    expect(json.headers.get("Cache-Control")).toBe("public, max-age=300");
    const doc = (await json.json()) as OpenDataDocument;
    expect(doc.schema).toBe("dvc-statistics/1");
    expect(doc.figures).toEqual(page.report.figures);

    const csv = (await csvLoader({ request: get(`/statistics/data.csv?${Q}`), params: {}, context })) as Response;
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1).split("\r\n");
    expect(lines[0]).toBe("section,key,label,measure,value");
    expect(lines).toContain("total,all,,received,2");
    expect(lines).toContain(`total,all,,inProgress,${page.report.figures.inProgress}`);
  });

  it("a wrong filter: errors and the default figures on the page, a 400 for the files", async () => {
    const page = (await pageLoader({ request: get("/statistics?from=2026-12-01&to=2026-11-01"), params: {}, context })) as unknown as { errors: { field: string }[] };
    expect(page.errors).toEqual([{ field: "to-day", message: "statistics-pages:errors.toBeforeFrom" }]);
    const unknownAgency = (await pageLoader({ request: get("/statistics?agency=nope"), params: {}, context })) as unknown as { errors: { field: string }[] };
    expect(unknownAgency.errors.map((e) => e.field)).toEqual(["agency"]);
    expect((await outcome(() => jsonLoader({ request: get("/statistics/data.json?channel=fax"), params: {}, context }))).status).toBe(400);
    expect((await outcome(() => csvLoader({ request: get("/statistics/data.csv?from=2026-02-30"), params: {}, context }))).status).toBe(400);
  });

  it("officials: the dossiers behind a figure in their agencies only; a bad measure is a 400; the Excel file", async () => {
    const leader = await insertOfficial(p.db, "Hoàng Văn Lãnh", [
      { agencyId: p.centre, role: "approver" },
      { agencyId: p.justice, role: "approver" },
    ]);
    const stranger = await officialAt(p.db, p.other, ["approver"]);
    const [leaderCookie, strangerCookie] = [await cookieOf(leader.id), await cookieOf(stranger.userId)];
    const office = (await officeLoader({ request: get(`/office/statistics?${Q}`, leaderCookie), params: {}, context })) as unknown as { report: { figures: { received: number } } };
    expect(office.report.figures.received).toBe(2);

    const list = (await dossiersLoader({ request: get(`/office/statistics/dossiers?${Q}&measure=received`, leaderCookie), params: {}, context })) as unknown as { total: number; rows: { code: string }[]; pages: number };
    expect(list.total).toBe(2);
    expect(list.rows.map((r) => r.code).sort()).toEqual([...codes].sort());
    const none = (await dossiersLoader({ request: get(`/office/statistics/dossiers?${Q}&measure=received`, strangerCookie), params: {}, context })) as unknown as { total: number };
    expect(none.total).toBe(0);
    expect((await outcome(() => dossiersLoader({ request: get(`/office/statistics/dossiers?${Q}&measure=everything`, leaderCookie), params: {}, context }))).status).toBe(400);

    const file = (await exportLoader({ request: get(`/office/statistics/export.xlsx?${Q}`, leaderCookie), params: {}, context })) as Response;
    expect(file.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(file.headers.get("Content-Disposition")).toBe('attachment; filename="thong-ke-2026-12-01_2026-12-01.xlsx"');
    const parts = await unzip(Buffer.from(await file.arrayBuffer()));
    expect(parts.get("xl/workbook.xml")!.toString()).toContain('<sheet name="Tổng hợp"');
    expect(parts.get("xl/worksheets/sheet1.xml")!.toString()).toMatch(/received<\/t><\/is><\/c><c r="C\d+"><v>2<\/v>/);
  });
});
