import type { Db } from "../../platform/db.server";
import { findAgenciesValidOn } from "../agencies/agencies.repo.server";
import { catalogIndex } from "../procedures/catalog.server";
import { publishedFields } from "./petitions.repo.server";

// The choices the public petitions' pages offer (issue 8): the procedures of the catalog grouped by field, and the
// agencies in force, for the submission form and the published answers' filters. Kept apart from
// petitions.server.ts (the use cases) so that the public pages add no code to it.

export interface ProcedureGroup {
  field: { code: string; name: string };
  procedures: { code: string; name: string }[];
}

export interface PetitionChoices {
  procedures: ProcedureGroup[];
  agencies: { id: string; name: string }[];
}

const LEVEL_ORDER = { province: 0, district: 1, commune: 2 } as const;

/** The catalog's procedures in force on `date`, by field, and the agencies in force (provincial first). */
export async function petitionChoices(db: Db, date: string): Promise<PetitionChoices> {
  const [index, agencies] = await Promise.all([catalogIndex(db, date), findAgenciesValidOn(db, date)]);
  const procedures = index.fields
    .map((field) => ({
      field: { code: field.code, name: field.name },
      procedures: index.entries
        .filter((e) => e.fieldCode === field.code)
        .map((e) => ({ code: e.code, name: e.name }))
        .sort((a, b) => a.name.localeCompare(b.name, "vi")),
    }))
    .filter((g) => g.procedures.length > 0);
  return {
    procedures,
    agencies: agencies
      .filter((a) => a.kind !== "district_ppc")
      .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code))
      .map((a) => ({ id: a.id, name: a.name })),
  };
}

/** The published answers' filters: the form's choices and the fields used so far. */
export async function publishedFilters(db: Db, date: string) {
  const [choices, fields] = await Promise.all([petitionChoices(db, date), publishedFields(db)]);
  return { ...choices, fields };
}
