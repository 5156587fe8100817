// The database as the application sees it (types only; app/ imports nothing else from db/).
// Keep in step with db/migrations: a test compares these tables with the migrated schema.
import type { ColumnType } from "kysely";

/** A column added to a table that already had writers: null when read before it is set, optional on insert. */
type Added<T> = ColumnType<T | null, T | null | undefined, T | null>;

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
  /** The signed-in account (null for an anonymous visitor's session). */
  user_id: string | null;
  last_seen_at: string | null;
  user_agent: string | null;
}

export type UserKind = "citizen" | "official";
export type UserStatus = "active" | "invited" | "disabled";
export type TokenPurpose = "verify_email" | "reset_password" | "invite";
export type RepresentativeRole = "legal_representative" | "authorised";
export type OfficialRole = "receiving_officer" | "handler" | "approver" | "petition_handler" | "catalog_admin" | "system_admin";

export interface UsersTable {
  id: string;
  kind: UserKind;
  status: UserStatus;
  full_name: string;
  cccd: string | null;
  birth_date: string | null;
  /** Lower-cased by the application. */
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  email_verified_at: string | null;
  eid_verified_at: string | null;
  /** The national eID account this account is linked to: the provider's issuer and subject (both or neither). */
  eid_issuer: string | null;
  eid_subject: string | null;
  totp_secret: string | null;
  totp_confirmed_at: string | null;
  /** bigint: a string on PostgreSQL, a number on SQLite. */
  totp_last_step: number | string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTokensTable {
  id: string;
  user_id: string;
  purpose: TokenPurpose;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface OrganisationsTable {
  id: string;
  tax_code: string;
  name: string;
  address: string | null;
  created_at: string;
}

export interface RepresentativesTable {
  organisation_id: string;
  user_id: string;
  role: RepresentativeRole;
  created_at: string;
}

export interface OfficialRolesTable {
  id: string;
  user_id: string;
  agency_id: string;
  role: OfficialRole;
  granted_at: string;
  granted_by: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_started_at: string;
  count: number;
  blocked_until: string | null;
  updated_at: string;
}

export interface ConsentsTable {
  id: string;
  user_id: string;
  purpose: string;
  version: string;
  granted_at: string;
  withdrawn_at: string | null;
}

export interface MailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  sent_at: string | null;
  last_error: string | null;
  /** The dossier history row this message reports (its delivery shows on the dossier's timeline). */
  dossier_event_id: Added<string>;
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

export type CalendarDayKind = "non_working" | "extra_working";
export type CalendarDaySource = "seed" | "admin";

/** A date that breaks the weekly pattern of the working-time calendar. */
export interface CalendarDaysTable {
  /** YYYY-MM-DD */
  date: string;
  kind: CalendarDayKind;
  name: string;
  source: CalendarDaySource;
  created_by: string | null;
  created_at: string;
  /** A removed date is kept (tombstone) so that the seed does not bring it back. */
  removed_by: string | null;
  removed_at: string | null;
}

/** A version of the office hours, in force from valid_from until the next version's. */
export interface CalendarOfficeHoursTable {
  valid_from: string;
  /** HH:MM */
  same_day_cutoff: string;
  created_by: string | null;
  created_at: string;
}

export interface CalendarOfficeSessionsTable {
  valid_from: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** HH:MM */
  starts_at: string;
  ends_at: string;
}

export type FileSource = "upload" | "result";
export type SignatureStatus = "not_checked" | "none" | "passed" | "failed" | "indeterminate";

export interface FilesTable {
  id: string;
  sha256: string;
  /** bigint: a number on both engines (int8 is parsed as a number). */
  size_bytes: number;
  media_type: string;
  original_name: string;
  owner_user_id: string;
  owner_organisation_id: string | null;
  source: FileSource;
  signature_status: SignatureStatus;
  created_at: string;
  deleted_at: string | null;
}

/** Dossier statuses: the DVCQG codes 1–10 (shared/domain/vn-egov.md §2.3). */
export type DossierStatusCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;
export type DossierChannel = "online" | "in_person" | "post";

export interface DossiersTable {
  id: string;
  /** {agency code}-{yyMMdd}-{NNNN} */
  code: string;
  agency_id: string;
  procedure_id: string;
  procedure_code: string;
  procedure_version_id: string;
  owner_user_id: string;
  owner_organisation_id: string | null;
  /** JSON text (DossierApplicant). */
  applicant: string;
  /** JSON text (the form's values). */
  answers: string;
  channel: DossierChannel;
  status: number;
  received_at: string;
  acceptance_due_at: string | null;
  due_at: string | null;
  version: number;
  idempotency_key: string;
  created_at: string;
  updated_at: string;
  // The back office (issue 6): see db/migrations/20261130T0600_back_office.ts.
  accepted_at: Added<string>;
  current_agency_id: Added<string>;
  step_id: Added<string>;
  step_index: Added<number>;
  step_due_at: Added<string>;
  waiting_for: Added<WaitingFor>;
  assignee_id: Added<string>;
  paused_at: Added<string>;
  supplement_count: Added<number>;
  resume_status: Added<number>;
  result_ready_at: Added<string>;
  returned_at: Added<string>;
  return_channel: Added<ReturnChannel>;
  rescheduled_due_at: Added<string>;
  applicant_search: Added<string>;
  // The sweep (db/migrations/20261130T0620_sweep.ts): when the officials were prompted to write the apology letter.
  apology_prompted_at: Added<string>;
}

export type WaitingFor = "receiving_officer" | "handler" | "approver" | "applicant" | "payment";
export type ReturnChannel = "online" | "counter" | "post";
export type StepRole = "receive" | "handle" | "appraise" | "approve" | "return" | "cooperate";
export type StepResult = "early" | "on_time" | "late";
export type IssuedDocumentKind = "receipt" | "supplement_request" | "refusal" | "apology" | "control_sheet" | "result";

/** One hand-over of a dossier (the control sheet, Mẫu 05). */
export interface DossierStepsTable {
  id: string;
  dossier_id: string;
  seq: number;
  step_index: number | null;
  name: string;
  role: StepRole;
  agency_id: string;
  from_agency_id: string | null;
  handed_by: string | null;
  handled_by: string | null;
  started_at: string;
  due_at: string | null;
  ended_at: string | null;
  result: StepResult | null;
  outcome: string | null;
  warned_at: string | null;
  overdue_at: string | null;
}

/** A supplementation request (Mẫu 02). */
export interface DossierSupplementsTable {
  id: string;
  dossier_id: string;
  seq: number;
  requested_at: string;
  requested_by: string;
  agency_id: string;
  status_at_request: number;
  /** JSON text: string[] of the form's field paths. */
  fields: string;
  /** JSON text: number[] of document indexes. */
  documents: string;
  note: string;
  justification: string | null;
  respond_by: string | null;
  answered_at: string | null;
  paused_minutes: number | null;
  closed: "answered" | "expired" | "withdrawn" | null;
}

export interface DossierNotesTable {
  id: string;
  dossier_id: string;
  author_id: string;
  agency_id: string | null;
  at: string;
  body: string;
}

export interface DossierIssuedDocumentsTable {
  id: string;
  dossier_id: string;
  kind: IssuedDocumentKind;
  event_id: string | null;
  sha256: string;
  size_bytes: number;
  media_type: string;
  file_name: string;
  audience: "applicant" | "officials";
  created_by: string | null;
  created_at: string;
}

export interface SmsOutboxTable {
  id: string;
  to_phone: string;
  body: string;
  dossier_event_id: string | null;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  sent_at: string | null;
  provider_id: string | null;
  last_error: string | null;
}

/** A filing under way (issue 5): JSON columns are text on SQLite and jsonb on PostgreSQL. */
export interface FilingDraftsTable {
  id: string;
  owner_user_id: string;
  owner_organisation_id: string | null;
  procedure_version_id: string;
  agency_id: string;
  applicant: unknown;
  on_behalf_of: unknown;
  answers: unknown;
  documents: unknown;
  declaration_at: string | null;
  expires_at: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DossierDocumentsTable {
  id: string;
  dossier_id: string;
  document_index: number;
  document_name: string;
  file_id: string;
  position: number;
}

export interface DossierEventsTable {
  id: string;
  dossier_id: string;
  at: string;
  status_from: number | null;
  status_to: number;
  actor_type: "citizen" | "official" | "system";
  actor_id: string | null;
  agency_id: string | null;
  note_key: string | null;
  /** JSON text. */
  note_params: string | null;
  clock: "pause" | "resume" | null;
  step_id: Added<string>;
}

export interface DossierCodeSequencesTable {
  agency_id: string;
  /** yyMMdd (Vietnam time) */
  day: string;
  last_value: number;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  organisation_id: string | null;
  kind: string;
  dossier_id: string | null;
  created_at: string;
  read_at: string | null;
}

/** What administrators changed in the signature trust store (issue 7): the latest row of a fingerprint wins. */
export interface TrustStoreChangesTable {
  id: string;
  fingerprint: string;
  action: "add" | "remove";
  role: "anchor" | "intermediate" | null;
  sha256: string | null;
  subject: string;
  not_after: string | null;
  note: string | null;
  changed_by: string | null;
  changed_at: string;
}

/** Revocation lists in the offline cache; the DER is in the blob store under sha256. */
export interface CrlsTable {
  id: string;
  issuer_hash: string;
  issuer: string;
  this_update: string;
  next_update: string | null;
  revoked_count: number;
  sha256: string;
  size_bytes: number;
  source: "administrator" | "fetched";
  added_by: string | null;
  added_at: string;
}

/** The verifier's report on an uploaded file (JSON of VerificationReport). */
export interface SignatureReportsTable {
  file_id: string;
  verdict: "none" | "passed" | "failed" | "indeterminate";
  report: string;
  verified_at: string;
}

/** A result the portal signed for an agency: the short code on the document and the signed bytes' hash. */
export interface ResultSignaturesTable {
  code: string;
  dossier_id: string;
  issued_document_id: string | null;
  agency_id: string;
  sha256: string;
  document_name: string;
  signer_subject: string;
  signed_at: string;
}

// Feedback and petitions (issue 8; db/migrations/20261201T0800_petitions.ts, app/domain/petitions/).
export type PetitionKind = "regulation" | "conduct" | "proposal";
export type PetitionStatus = "received" | "forwarded" | "drafted" | "answered" | "closed";
export type PetitionCloseReason = "outside_scope" | "duplicate" | "insufficient_contact" | "abusive";

export interface PetitionsTable {
  id: string;
  code: string;
  kind: PetitionKind;
  title: string;
  content: string;
  proposal: string | null;
  procedure_code: string | null;
  concerned_agency_id: string | null;
  dossier_code: string | null;
  submitter_user_id: string | null;
  submitter_organisation_id: string | null;
  contact_name: string;
  contact_address: string;
  contact_phone: string | null;
  contact_email: string | null;
  publish_consent: number;
  show_name: number;
  status: PetitionStatus;
  handling_agency_id: string | null;
  field: string | null;
  admin_unit_code: string | null;
  received_at: string;
  forward_due_at: string;
  forwarded_at: string | null;
  original_answer_due_at: string | null;
  answer_due_at: string | null;
  extended_at: string | null;
  extension_reason: string | null;
  answered_at: string | null;
  answered_on_time: number | null;
  published_at: string | null;
  closed_at: string | null;
  close_reason: PetitionCloseReason | null;
  close_text: string | null;
  duplicate_of: string | null;
  reassign_requested_at: string | null;
  reassign_reason: string | null;
  hidden_at: string | null;
  hidden_reason: string | null;
  rating: "satisfied" | "unsatisfied" | null;
  rating_reason: string | null;
  rated_at: string | null;
  reopened_at: string | null;
  reminded_at: string | null;
  escalated_at: string | null;
  search: string;
  version: number;
  updated_at: string;
}

export interface PetitionAnswersTable {
  id: string;
  petition_id: string;
  body: string;
  drafted_by: string;
  drafted_at: string;
  decision: "approved" | "returned" | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface PetitionRevisionsTable {
  id: string;
  petition_id: string;
  part: "title" | "content" | "answer";
  body: string;
  reason: string;
  revised_by: string;
  revised_at: string;
}

export interface PetitionEventsTable {
  id: string;
  petition_id: string;
  at: string;
  actor_user_id: string | null;
  action: string;
  status_from: PetitionStatus | null;
  status_to: PetitionStatus | null;
  agency_id: string | null;
  note: string | null;
}

export interface PetitionFilesTable {
  petition_id: string;
  file_id: string;
  position: number;
}

export interface PetitionRoutingRulesTable {
  id: string;
  procedure_code: string | null;
  field: string | null;
  concerned_agency_id: string | null;
  admin_unit_code: string | null;
  target_agency_id: string;
  created_by: string | null;
  created_at: string;
}

export interface PetitionCodeSequencesTable {
  /** yyMMdd (Vietnam time) */
  day: string;
  last_value: number;
}

// Payments (issue 9; db/migrations/20261202T0900_payments.ts). Money is whole đồng in bigint columns (int8 is parsed as
// a number on both engines, as for files.size_bytes).
export type PaymentStateColumn = "created" | "pending" | "paid" | "failed" | "expired" | "cancelled" | "refunded";
export type PaymentProvider = "vnpay" | "vietqr" | "counter";

export interface PaymentRequestsTable {
  id: string;
  dossier_id: string;
  mode: "pay_first" | "pay_later";
  state: PaymentStateColumn;
  lines: string;
  total: number;
  payer_name: string;
  note: string | null;
  pay_by: string | null;
  requested_at: string;
  requested_by: string | null;
  paid_at: string | null;
  paid_attempt_id: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  version: number;
  updated_at: string;
}

export interface PaymentAttemptsTable {
  id: string;
  request_id: string;
  reference: string;
  provider: PaymentProvider;
  amount: number;
  state: PaymentStateColumn;
  late: number;
  review_reason: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  provider_txn_no: string | null;
  bank_code: string | null;
  response_code: string | null;
  provider_paid_at: string | null;
  created_at: string;
  provider_created: string | null;
  expires_at: string;
  payer_ip: string | null;
  created_by: string | null;
  paid_at: string | null;
  ended_at: string | null;
  last_checked_at: string | null;
  checks: number;
  refunded_at: string | null;
  refunded_by: string | null;
  refund_reason: string | null;
  refund_method: "gateway" | "manual" | null;
  version: number;
}

export interface PaymentCallbacksTable {
  id: string;
  provider: string;
  kind: "ipn" | "return" | "querydr" | "refund";
  received_at: string;
  source_ip: string | null;
  raw: string;
  signature_ok: number;
  reference: string | null;
  outcome: string | null;
}

export interface ReceiptSequencesTable {
  template_symbol: string;
  series: string;
  last_value: number;
}

export interface PaymentReceiptsTable {
  id: string;
  request_id: string;
  attempt_id: string;
  kind: "phi" | "le_phi";
  template_symbol: string;
  series: string;
  number: number;
  amount: number;
  issued_at: string;
  status: "issued" | "cancelled";
  document: string;
  file_id: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

export interface StatementImportsTable {
  id: string;
  imported_at: string;
  imported_by: string;
  file_name: string;
  sha256: string;
  line_count: number;
}

export interface StatementLinesTable {
  id: string;
  import_id: string;
  row_number: number;
  booked_on: string;
  amount: number;
  description: string;
  bank_ref: string | null;
  match: string;
  attempt_id: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
}

// Ratings (issue 10; db/migrations/20261203T1000_ratings.ts).
export type RatingLevel = "very_satisfied" | "satisfied" | "unsatisfied";
export type RatingChannel = "portal" | "link" | "kiosk";

export interface DossierRatingsTable {
  id: string;
  dossier_id: string;
  level: RatingLevel;
  reason: string | null;
  /** JSON text: { [criterionId]: RatingLevel }. */
  criteria: string | null;
  channel: RatingChannel;
  rated_by: string | null;
  petition_id: string | null;
  rated_at: string;
  editable_until: string;
  version: number;
  updated_at: string;
}

// Statistics (issue 10; db/migrations/20261203T1030_statistics.ts, app/domain/statistics/).
export interface StatDossierFactsTable {
  dossier_id: string;
  code: string;
  agency_id: string;
  branch_id: string;
  procedure_code: string;
  field_code: string;
  channel: DossierChannel;
  online_level: OnlineLevel;
  status: number;
  accepted_day: string;
  original_due_day: string | null;
  due_day: string | null;
  result_day: string | null;
  ended_day: string | null;
  /** JSON text: { kind: "supplement" | "payment"; from: string; to: string | null }[]. */
  waiting: string;
  with_fees: number;
  paid_online: number;
  digitised: number;
  reused: number;
  result_electronic: number;
  resolution_days: number | null;
  rating_level: RatingLevel | null;
  rating_day: string | null;
  src_dossier_version: number;
  src_dossier_updated_at: string;
  src_rating_updated_at: string | null;
  src_payment_updated_at: string | null;
  computed_at: string;
}

/** The integer columns of a statistics rollup row (flows on their day; stocks as +1/−1 deltas). */
export interface StatRollupColumns {
  received_online: number;
  received_in_person: number;
  received_post: number;
  resolved_early: number;
  resolved_on_time: number;
  resolved_late: number;
  withdrawn: number;
  refused: number;
  with_fees: number;
  paid_online: number;
  digitised: number;
  reused: number;
  results_electronic: number;
  resolution_days_sum: number;
  rated_very_satisfied: number;
  rated_satisfied: number;
  rated_unsatisfied: number;
  open_delta: number;
  overdue_delta: number;
  waiting_supplement_delta: number;
  waiting_payment_delta: number;
}

export interface StatDimensions {
  /** "all" (every dimension), "agency", "agency_field", "branch", "channel", "field", "procedure": the dimensions a cube leaves out are ''. */
  cube: string;
  agency_id: string;
  branch_id: string;
  procedure_code: string;
  field_code: string;
  channel: string;
  online_level: string;
}

export interface StatDailyTable extends StatDimensions, StatRollupColumns {
  day: string;
}

export interface StatMonthlyTable extends StatDimensions, StatRollupColumns {
  month: string;
}

export interface StatDurationsDailyTable extends StatDimensions {
  day: string;
  bucket: number;
  count: number;
}

export interface StatDurationsMonthlyTable extends StatDimensions {
  month: string;
  bucket: number;
  count: number;
}

export interface StatStateTable {
  id: number;
  watermark: string | null;
  as_of: string | null;
}

export interface Database {
  admin_units: AdminUnitsTable;
  agencies: AgenciesTable;
  agency_versions: AgencyVersionsTable;
  files: FilesTable;
  filing_drafts: FilingDraftsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  procedure_fields: ProcedureFieldsTable;
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  procedure_offerings: ProcedureOfferingsTable;
  catalog_files: CatalogFilesTable;
  catalog_state: CatalogStateTable;
  users: UsersTable;
  user_tokens: UserTokensTable;
  recovery_codes: RecoveryCodesTable;
  organisations: OrganisationsTable;
  representatives: RepresentativesTable;
  official_roles: OfficialRolesTable;
  rate_limits: RateLimitsTable;
  consents: ConsentsTable;
  mail_outbox: MailOutboxTable;
  calendar_days: CalendarDaysTable;
  calendar_office_hours: CalendarOfficeHoursTable;
  calendar_office_sessions: CalendarOfficeSessionsTable;
  dossiers: DossiersTable;
  dossier_documents: DossierDocumentsTable;
  dossier_events: DossierEventsTable;
  dossier_code_sequences: DossierCodeSequencesTable;
  notifications: NotificationsTable;
  dossier_steps: DossierStepsTable;
  dossier_supplements: DossierSupplementsTable;
  dossier_notes: DossierNotesTable;
  dossier_issued_documents: DossierIssuedDocumentsTable;
  sms_outbox: SmsOutboxTable;
  trust_store_changes: TrustStoreChangesTable;
  crls: CrlsTable;
  signature_reports: SignatureReportsTable;
  result_signatures: ResultSignaturesTable;
  petitions: PetitionsTable;
  petition_answers: PetitionAnswersTable;
  petition_revisions: PetitionRevisionsTable;
  petition_events: PetitionEventsTable;
  petition_files: PetitionFilesTable;
  petition_routing_rules: PetitionRoutingRulesTable;
  petition_code_sequences: PetitionCodeSequencesTable;
  payment_requests: PaymentRequestsTable;
  payment_attempts: PaymentAttemptsTable;
  payment_callbacks: PaymentCallbacksTable;
  receipt_sequences: ReceiptSequencesTable;
  payment_receipts: PaymentReceiptsTable;
  statement_imports: StatementImportsTable;
  statement_lines: StatementLinesTable;
  dossier_ratings: DossierRatingsTable;
  stat_dossier_facts: StatDossierFactsTable;
  stat_daily: StatDailyTable;
  stat_monthly: StatMonthlyTable;
  stat_durations_daily: StatDurationsDailyTable;
  stat_durations_monthly: StatDurationsMonthlyTable;
  stat_state: StatStateTable;
}
