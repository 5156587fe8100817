import type { TFunction } from "i18next";
import type { TimelineEntry, TrackedDossier } from "~/domain/dossiers/dossiers";
import { deliveryKeys } from "~/domain/dossiers/notices";
import { formatTimestamp } from "~/domain/shared/format";
import type { SummaryListRow } from "./summary-list";
import { Table } from "./table";
import { Tag, type TagColour } from "./tag";

// A dossier's status tag, its summary rows and its history (tracking page and "my dossiers"). Texts: "dossiers".

const COLOURS: Record<number, TagColour> = { 1: "blue", 2: "turquoise", 3: "red", 4: "purple", 5: "orange", 6: "yellow", 7: "grey", 8: "red", 9: "green", 10: "green" };

export function StatusTag({ status, t }: { status: number; t: TFunction }) {
  return <Tag colour={COLOURS[status] ?? "grey"}>{t(`dossiers:status.${status}`)}</Tag>;
}

/** Code, procedure, agency, status, submitted, acceptance deadline and due date (dd/mm/yyyy HH:mm, Vietnam time). */
export function dossierSummaryRows({ dossier, t }: { dossier: TrackedDossier; t: TFunction }): SummaryListRow[] {
  return [
    { key: t("dossiers:fields.code"), value: dossier.code },
    { key: t("dossiers:fields.procedure"), value: dossier.procedureName },
    { key: t("dossiers:fields.agency"), value: dossier.agencyName ?? "—" },
    { key: t("dossiers:fields.status"), value: <StatusTag status={dossier.status} t={t} /> },
    { key: t("dossiers:fields.receivedAt"), value: formatTimestamp(dossier.receivedAt) },
    ...(dossier.acceptanceDueAt && dossier.status === 1 ? [{ key: t("dossiers:fields.acceptanceDueAt"), value: formatTimestamp(dossier.acceptanceDueAt) }] : []),
    { key: t("dossiers:fields.dueAt"), value: dossier.dueAt ? formatTimestamp(dossier.dueAt) : t("dossiers:fields.noDueDate") },
  ];
}

/**
 * Every change of status, oldest first: when, the status reached (and why, when noted), the unit that acted; and,
 * when the view model has them (the owner's page), how the e-mails and text messages about it went.
 */
export function DossierTimeline({ entries, t }: { entries: readonly TimelineEntry[]; t: TFunction }) {
  return (
    <Table
      head={[{ text: t("dossiers:track.when") }, { text: t("dossiers:track.what") }, { text: t("dossiers:track.unit") }]}
      rows={entries.map((e) => [
        { text: formatTimestamp(e.at) },
        {
          text: (
            <>
              <StatusTag status={e.status} t={t} />
              {e.noteKey ? <span className="govuk-body-s app-timeline-note"> {t(`dossiers:${e.noteKey}`)}</span> : null}
              {e.deliveries && e.deliveries.length > 0 ? (
                <span className="govuk-body-s app-timeline-delivery">
                  <br />
                  {deliveryKeys(e.deliveries)
                    .map((key) => t(`dossiers:${key}`))
                    .join(" · ")}
                </span>
              ) : null}
            </>
          ),
        },
        { text: e.unit ?? (e.byApplicant ? t("dossiers:track.byApplicant") : "—") },
      ])}
    />
  );
}
