import type { Migration } from "kysely";
import * as foundation from "./20261129T1200_foundation";
import * as catalog from "./20261129T2100_catalog";
import * as identity from "./20261130T0000_identity";
import * as eidSubject from "./20261130T0100_eid_subject";
import * as calendar from "./20261130T0200_calendar";
import * as files from "./20261130T0300_files";
import * as dossiers from "./20261130T0400_dossiers";
import * as filingDrafts from "./20261130T0500_filing_drafts";
import * as backOffice from "./20261130T0600_back_office";
import * as queue from "./20261130T0610_queue";
import * as sweep from "./20261130T0620_sweep";
import * as queueFilters from "./20261130T0630_queue_filters";
import * as signatures from "./20261130T0700_signatures";
import * as petitions from "./20261201T0800_petitions";
import * as payments from "./20261202T0900_payments";
import * as ratings from "./20261203T1000_ratings";
import * as liveIndexes from "./20261203T1020_live_indexes";
import * as statistics from "./20261203T1030_statistics";

/**
 * Every migration, in order. Static imports so that the same list works under tsx, Vitest and any bundle
 * (a FileMigrationProvider would import .ts files at run time, which Node 20 cannot do).
 */
export const migrations: Record<string, Migration> = {
  "20261129T1200_foundation": foundation,
  "20261129T2100_catalog": catalog,
  "20261130T0000_identity": identity,
  "20261130T0100_eid_subject": eidSubject,
  "20261130T0200_calendar": calendar,
  "20261130T0300_files": files,
  "20261130T0400_dossiers": dossiers,
  "20261130T0500_filing_drafts": filingDrafts,
  "20261130T0600_back_office": backOffice,
  "20261130T0610_queue": queue,
  "20261130T0620_sweep": sweep,
  "20261130T0630_queue_filters": queueFilters,
  "20261130T0700_signatures": signatures,
  "20261201T0800_petitions": petitions,
  "20261202T0900_payments": payments,
  "20261203T1000_ratings": ratings,
  "20261203T1020_live_indexes": liveIndexes,
  "20261203T1030_statistics": statistics,
};
