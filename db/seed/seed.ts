import type { Kysely } from "kysely";
import type { AdminUnitKind, AgencyKind, AgencyLevel, Database } from "../schema";
import adminUnits from "./data/admin-units.json" with { type: "json" };
import provinceAgencies from "./data/province-agencies.json" with { type: "json" };
import { seedId } from "./ids";

// The demo province: Hà Giang before the 2025 reorganisation (shared/domain/vn-egov.md §8).
// Idempotent: rows have stable ids and are inserted only when missing, so `npm start` can seed every time
// without overwriting what an administrator changed.

const SEED_TIME = "2020-01-01T00:00:00.000Z";
const VALID_FROM = provinceAgencies.validFrom;
const PROVINCE_SUFFIX = "H22";

interface UnitRow {
  code: string;
  name: string;
  kind: AdminUnitKind;
  level: number;
  parent_code: string | null;
  valid_from: string;
  valid_to: null;
}

interface AgencySeed {
  code: string;
  name: string;
  short_name: string | null;
  kind: AgencyKind;
  level: AgencyLevel;
  parent_code: string | null;
  admin_unit_code: string | null;
}

const DISTRICT_PREFIX: Record<string, string> = { city: "thành phố", town: "thị xã", district: "huyện" };
const COMMUNE_PREFIX: Record<string, string> = { ward: "phường", township: "thị trấn", commune: "xã" };

export function provinceRows(): { units: UnitRow[]; agencies: AgencySeed[] } {
  const province = adminUnits.province;
  const units: UnitRow[] = [
    { code: province.code, name: province.name, kind: "province", level: 1, parent_code: null, valid_from: VALID_FROM, valid_to: null },
  ];
  const ppc = provinceAgencies.ppc;
  const agencies: AgencySeed[] = [
    { code: ppc.code, name: ppc.name, short_name: ppc.shortName, kind: "ppc", level: "province", parent_code: null, admin_unit_code: province.code },
  ];
  for (const a of provinceAgencies.agencies) {
    agencies.push({
      code: a.code,
      name: a.name,
      short_name: a.shortName,
      kind: a.kind as AgencyKind,
      level: "province",
      parent_code: ppc.code,
      admin_unit_code: province.code,
    });
  }
  const centre = provinceAgencies.serviceCentre;
  agencies.push({
    code: centre.code,
    name: centre.name,
    short_name: centre.shortName,
    kind: "service_centre",
    level: "province",
    parent_code: centre.parent,
    admin_unit_code: province.code,
  });

  let districtNumber = provinceAgencies.firstDistrictNumber;
  for (const district of adminUnits.districts) {
    units.push({
      code: district.code,
      name: district.name,
      kind: district.kind as AdminUnitKind,
      level: 2,
      parent_code: province.code,
      valid_from: VALID_FROM,
      valid_to: null,
    });
    const yy = String(districtNumber++).padStart(2, "0");
    const districtTitle = `${DISTRICT_PREFIX[district.kind] ?? "huyện"} ${district.name}`;
    const districtPpc = `000.00.${yy}.${PROVINCE_SUFFIX}`;
    agencies.push({
      code: districtPpc,
      name: `Ủy ban nhân dân ${districtTitle}`,
      short_name: `UBND ${districtTitle}`,
      kind: "district_ppc",
      level: "district",
      parent_code: ppc.code,
      admin_unit_code: district.code,
    });
    agencies.push({
      code: `000.99.${yy}.${PROVINCE_SUFFIX}`,
      name: `Bộ phận Tiếp nhận và Trả kết quả ${districtTitle}`,
      short_name: `Một cửa ${districtTitle}`,
      kind: "district_one_stop",
      level: "district",
      parent_code: districtPpc,
      admin_unit_code: district.code,
    });
    district.communes.forEach((commune, index) => {
      units.push({
        code: commune.code,
        name: commune.name,
        kind: commune.kind as AdminUnitKind,
        level: 3,
        parent_code: district.code,
        valid_from: VALID_FROM,
        valid_to: null,
      });
      const communeTitle = `${COMMUNE_PREFIX[commune.kind] ?? "xã"} ${commune.name}`;
      agencies.push({
        code: `000.${String(index + 1).padStart(2, "0")}.${yy}.${PROVINCE_SUFFIX}`,
        name: `Ủy ban nhân dân ${communeTitle}`,
        short_name: `UBND ${communeTitle}`,
        kind: "commune_ppc",
        level: "commune",
        parent_code: districtPpc,
        admin_unit_code: commune.code,
      });
    });
  }
  return { units, agencies };
}

export interface SeedResult {
  adminUnits: number;
  agencies: number;
}

/** Insert the demo province where missing; returns how many rows were new. */
export async function seedProvince(db: Kysely<Database>): Promise<SeedResult> {
  const { units, agencies } = provinceRows();
  return db.transaction().execute(async (trx) => {
    let newUnits = 0;
    // Parents before children: the list is built in that order.
    for (const chunk of chunks(units, 200)) {
      const result = await trx
        .insertInto("admin_units")
        .values(chunk)
        .onConflict((oc) => oc.column("code").doNothing())
        .executeTakeFirst();
      newUnits += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    const agencyRows = agencies.map((a) => ({ id: seedId(`agency:${a.code}`), code: a.code, created_at: SEED_TIME }));
    let newAgencies = 0;
    for (const chunk of chunks(agencyRows, 200)) {
      const result = await trx
        .insertInto("agencies")
        .values(chunk)
        .onConflict((oc) => oc.column("code").doNothing())
        .executeTakeFirst();
      newAgencies += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    const versionRows = agencies.map((a) => ({
      id: seedId(`agency-version:${a.code}:${VALID_FROM}`),
      agency_id: seedId(`agency:${a.code}`),
      name: a.name,
      short_name: a.short_name,
      kind: a.kind,
      level: a.level,
      parent_id: a.parent_code ? seedId(`agency:${a.parent_code}`) : null,
      admin_unit_code: a.admin_unit_code,
      address: null,
      phone: null,
      email: null,
      valid_from: VALID_FROM,
      valid_to: null,
      successor_id: null,
      created_at: SEED_TIME,
    }));
    for (const chunk of chunks(versionRows, 100)) {
      await trx
        .insertInto("agency_versions")
        .values(chunk)
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
    }
    return { adminUnits: newUnits, agencies: newAgencies };
  });
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
