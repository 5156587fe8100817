// The database as the application sees it (types only; app/ imports nothing else from db/).
// Keep in step with db/migrations: a test compares these tables with the migrated schema.

export type AdminUnitKind = "province" | "city" | "town" | "district" | "ward" | "township" | "commune";
export type AgencyKind =
  | "ppc"
  | "office"
  | "service_centre"
  | "department"
  | "board"
  | "inspectorate"
  | "vertical"
  | "district_ppc"
  | "district_one_stop"
  | "commune_ppc";
export type AgencyLevel = "province" | "district" | "commune";
export type ActorType = "anonymous" | "citizen" | "official" | "system";

export interface AdminUnitsTable {
  code: string;
  name: string;
  kind: AdminUnitKind;
  level: number;
  parent_code: string | null;
  valid_from: string;
  valid_to: string | null;
}

export interface AgenciesTable {
  id: string;
  code: string;
  created_at: string;
}

export interface AgencyVersionsTable {
  id: string;
  agency_id: string;
  name: string;
  short_name: string | null;
  kind: AgencyKind;
  level: AgencyLevel;
  parent_id: string | null;
  admin_unit_code: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  valid_from: string;
  valid_to: string | null;
  successor_id: string | null;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  data: string;
  created_at: string;
  expires_at: string;
}

export interface AuditEventsTable {
  id: string;
  occurred_at: string;
  actor_type: ActorType;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  request_id: string | null;
  ip: string | null;
  /** JSON text on SQLite, jsonb on PostgreSQL: write with JSON.stringify, read with parseJson. */
  details: string | null;
}

export type OnlineLevel = "INFO" | "PARTIAL" | "FULL";

export interface ProcedureFieldsTable {
  code: string;
  name: string;
}

export interface ProceduresTable {
  id: string;
  code: string;
  created_at: string;
}

export interface ProcedureVersionsTable {
  id: string;
  procedure_id: string;
  version: number;
  state: "draft" | "published";
  valid_from: string;
  published_at: string | null;
  name: string;
  field_code: string;
  /** ",commune,district," */
  levels: string;
  /** ",birth,family," */
  life_events: string;
  best_online_level: OnlineLevel;
  status: "in_force" | "retired";
  search_text: string;
  /** The version's full content (catalog format, files resolved): JSON text on SQLite, jsonb on PostgreSQL. */
  content: unknown;
  content_hash: string;
  created_at: string;
  created_by: string | null;
}

export interface ProcedureOfferingsTable {
  id: string;
  version_id: string;
  agency_id: string;
  decider_id: string;
  online_level: OnlineLevel;
}

export interface CatalogFilesTable {
  sha256: string;
  storage_key: string;
  file_name: string;
  media_type: string;
  size: number;
  created_at: string;
}

export interface CatalogStateTable {
  id: number;
  revision: number;
  updated_at: string;
}

export interface Database {
  admin_units: AdminUnitsTable;
  agencies: AgenciesTable;
  agency_versions: AgencyVersionsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  procedure_fields: ProcedureFieldsTable;
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  procedure_offerings: ProcedureOfferingsTable;
  catalog_files: CatalogFilesTable;
  catalog_state: CatalogStateTable;
}
