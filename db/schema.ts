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

export interface Database {
  admin_units: AdminUnitsTable;
  agencies: AgenciesTable;
  agency_versions: AgencyVersionsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
}
