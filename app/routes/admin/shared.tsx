import { Form, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { DraftIssue } from "~/domain/procedures/drafts";
import { BackLink } from "~/ui/back-link";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";

// The catalog administration's shared pieces: the error page (409 when a draft changed underneath), the draft
// pages' layout, and validation issues as translated texts.

export const ADMIN_NAMESPACES = ["admin", "procedures"];

export function AdminErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("admin");
  const reason = isRouteErrorResponse(error) ? (error.data as { reason?: string; draftId?: string } | null) : null;
  if (isRouteErrorResponse(error) && error.status === 409 && reason?.reason === "draftChanged" && reason.draftId) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{t("draftChanged.title")}</h1>
          <p className="govuk-body">{t("draftChanged.body")}</p>
          <p className="govuk-body">{t("draftChanged.keep")}</p>
          <p className="govuk-body">
            <a className="govuk-link" href={`/admin/catalog/drafts/${reason.draftId}`}>
              {t("draftChanged.open")}
            </a>
          </p>
        </div>
      </div>
    );
  }
  return <GeneralErrorBoundary />;
}

/** Every editor's form carries the draft's token: a save over newer work is refused (see draft.server.ts). */
export function DraftTokenInput({ token }: { token: string }) {
  return <input type="hidden" name="draftToken" value={token} />;
}

/** The translated text of an issue key (catalog.errors.*, formDefinition.errors.*, or any admin key). */
export function useIssueText() {
  const { t } = useTranslation("admin");
  return (key: string | undefined) => (key ? t(key) : undefined);
}

/** The error summary of a form: each issue links to the control with the id that `idOf` gives its path. */
export function IssueSummary({
  issues,
  idOf,
  title,
  showPath,
}: {
  issues: readonly DraftIssue[];
  idOf: (path: string) => string;
  title?: ReactNode;
  /** Prefix each text with its JSON path (on the overview, where issues of every part are listed). */
  showPath?: boolean;
}) {
  const text = useIssueText();
  // One line per control: the summary's list is keyed by its links.
  const byHref = new Map<string, string>();
  for (const issue of issues) {
    const href = `#${idOf(issue.path)}`;
    if (!byHref.has(href)) byHref.set(href, `${showPath && issue.path ? `${issue.path}: ` : ""}${text(issue.message) ?? ""}`);
  }
  return <ErrorSummary errors={[...byHref].map(([href, value]) => ({ href, text: value }))} title={title} />;
}

export interface DraftHeader {
  id: string;
  token: string;
  code: string;
  version: number;
  state: "draft" | "published";
  name: string;
}

/** Every draft page: a back link, the caption "code · Bản nháp phiên bản N" and the page heading. */
export function DraftLayout({
  draft,
  title,
  back,
  children,
}: {
  draft: DraftHeader;
  title: ReactNode;
  /** Defaults to the draft's overview. */
  back?: { href: string; text: string };
  children: ReactNode;
}) {
  const { t } = useTranslation("admin");
  return (
    <>
      <BackLink href={back?.href ?? `/admin/catalog/drafts/${draft.id}`}>{back?.text ?? t("draft.back")}</BackLink>
      <div id="admin-draft">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <span className="govuk-caption-l">
              {t(draft.state === "draft" ? "draft.caption" : "draft.publishedCaption", { code: draft.code, version: draft.version })}
            </span>
            <h1 className="govuk-heading-l">{title}</h1>
            {draft.state !== "draft" ? (
              <div className="govuk-inset-text">{t("draft.notDraft")}</div>
            ) : null}
          </div>
        </div>
        {children}
      </div>
    </>
  );
}

/** The id of the control for an issue's path: "documents[2].name" → "documents-2-name". */
export function pathId(path: string): string {
  return (
    path
      .replace(/\[(\d+)\]/g, "-$1")
      .replace(/\./g, "-")
      .replace(/[^A-Za-z0-9-]/g, "") || "admin-draft"
  );
}

export function SignOutButton() {
  const { t } = useTranslation("admin");
  return (
    <form method="post" action="/sign-out" className="app-admin-sign-out">
      <button type="submit" className="govuk-button govuk-button--secondary">
        {t("signOut")}
      </button>
    </form>
  );
}

export interface EditableItem {
  title: ReactNode;
  /** Plain text naming the item for screen readers ("Tờ khai…"), read after each button's word. */
  name: string;
  summary?: ReactNode;
  editHref: string;
}

/**
 * An ordered list with, for each item, an edit link and move up / move down / remove buttons that post
 * `intent=move-up:3` etc. (works without JavaScript), and an "add" link below.
 */
export function EditableList({
  items,
  editable,
  addHref,
  addText,
  token,
}: {
  items: readonly EditableItem[];
  editable: boolean;
  addHref: string;
  addText: string;
  /** The draft's token (the move and remove buttons post the list's form). */
  token: string;
}) {
  const { t } = useTranslation("admin");
  const hidden = (text: string) => <span className="govuk-visually-hidden"> {text}</span>;
  return (
    <>
      {items.length === 0 ? <p className="govuk-body">{t("items.empty")}</p> : null}
      <Form method="post">
        <DraftTokenInput token={token} />
        <ol className="govuk-list app-editable-list">
          {items.map((item, i) => (
            <li key={i} className="govuk-summary-card app-editable-list__item" id={`item-${i}`}>
              <div className="govuk-summary-card__title-wrapper">
                <h2 className="govuk-summary-card__title">
                  {i + 1}. {item.title}
                </h2>
                <ul className="govuk-summary-card__actions">
                  <li className="govuk-summary-card__action">
                    <a className="govuk-link" href={item.editHref}>
                      {editable ? t("items.edit") : t("draft.status.view")}
                      {hidden(item.name)}
                    </a>
                  </li>
                </ul>
              </div>
              <div className="govuk-summary-card__content">
                {item.summary ? <div className="govuk-body-s">{item.summary}</div> : null}
                {editable ? (
                  <div className="govuk-button-group">
                    {i > 0 ? (
                      <button type="submit" name="intent" value={`move-up:${i}`} className="govuk-button govuk-button--secondary">
                        {t("items.moveUp")}
                        {hidden(item.name)}
                      </button>
                    ) : null}
                    {i < items.length - 1 ? (
                      <button type="submit" name="intent" value={`move-down:${i}`} className="govuk-button govuk-button--secondary">
                        {t("items.moveDown")}
                        {hidden(item.name)}
                      </button>
                    ) : null}
                    <button type="submit" name="intent" value={`remove:${i}`} className="govuk-button govuk-button--warning">
                      {t("items.remove")}
                      {hidden(item.name)}
                    </button>
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </Form>
      {editable ? (
        <a href={addHref} role="button" draggable="false" className="govuk-button">
          {addText}
        </a>
      ) : null}
    </>
  );
}
