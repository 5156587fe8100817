import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { applyAction } from "~/domain/dossiers/back-office.server";
import { actionPath, dossierPath, isOfficialAction, paramsFromForm, RESULT_MAX_BYTES, type FormIssue, type OfficialAction, type PostedFields } from "~/domain/dossiers/office";
import { actionPageDossier, officialDossierView, officialSeesDossier, transferTargets } from "~/domain/dossiers/office.server";
import { REFUSAL_REASONS, RETURN_CHANNELS, STOP_REASONS, SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT } from "~/domain/dossiers/workflow";
import { detectFileType } from "~/domain/files/files";
import { checkSignatures, PDF } from "~/domain/files/signature-check.server";
import { summariseSignature } from "~/domain/files/signature-summary";
import { lineField, MAX_REQUEST_LINES, REQUEST_NOTE_MAX, requestLinesFromForm } from "~/domain/payments/office";
import { suggestedPaymentLines } from "~/domain/payments/office.server";
import { requestDossierPayment } from "~/domain/payments/payments.server";
import { formatFileSize, formatTimestamp, formatVnd } from "~/domain/shared/format";
import { backOfficeServices, backOfficeSettings } from "~/platform/back-office-services.server";
import { paymentDeps } from "~/platform/payment-services.server";
import { signatureChecker } from "~/platform/signature-services.server";
import { i18nServer } from "~/platform/i18n.server";
import { readUploads } from "~/platform/uploads.server";
import { redirectWithFlash } from "./admin/flash.server";
import { codeParam, notFound, requireDossierOfficial } from "./office/dossier.server";
import { paymentText } from "./office/payment-ui";
import { BackLink } from "~/ui/back-link";
import { Button, ButtonGroup } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { useFormText } from "~/ui/dynamic-form";
import { ErrorSummary } from "~/ui/error-summary";
import { Fieldset } from "~/ui/fieldset";
import { FileUpload } from "~/ui/file-upload";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { Select } from "~/ui/select";
import { SummaryList } from "~/ui/summary-list";
import { Textarea } from "~/ui/textarea";
import { TextInput } from "~/ui/text-input";
import { WarningText } from "~/ui/warning-text";

// One action of the back office on a dossier (/office/dossiers/:code/:action): GET shows its form (what the state
// machine needs: reasons, flagged items, the result document…), POST applies it through the engine (applyAction, the
// only writer of a dossier's status) with the dossier's version as shown, then back to the dossier with a message.
// Works without JavaScript. The result document is a plain multipart upload: staged in the blob store, checked to be a
// PDF by its content, kept only if the approval is allowed now, then recorded by the engine.
// requestPayment (issue 9, pay later) has fee lines prefilled from the catalog (a fixed number: the catalog's lines and
// one empty line), each checked on its own, and goes through the payments' use case, which opens the request in the
// engine's transaction (4 → 6).

export const handle = { i18n: ["dossiers", "files", "forms", "payments", "payments-desk"] };

function actionParam(value: string | undefined): OfficialAction {
  return isOfficialAction(value) ? value : notFound();
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireDossierOfficial(request, context);
  const code = codeParam(params);
  const action = actionParam(params.action);
  const [view, t] = await Promise.all([officialDossierView(context.db, { actor, code }), i18nServer.getFixedT(request, "dossiers")]);
  if (!view) notFound();
  const targets = action === "transfer" ? await transferTargets(context.db, { exceptAgencyId: view.currentAgencyId }) : [];
  const fees = action === "requestPayment" ? await suggestedPaymentLines(context.db, { actor, code }) : null;
  return {
    title: t("office.action.title", { action: t(`actions.names.${action}`), code }),
    action,
    available: view.actions.includes(action),
    dossier: actionPageDossier(view),
    targets,
    defaultDays: SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT,
    fees,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Reply = { errors: FormIssue[]; values: PostedFields; conflict?: "stale" | "guard" };

const reply = (status: 400 | 409, errors: FormIssue[], values: PostedFields, conflict?: Reply["conflict"]) => data<Reply>({ errors, values, ...(conflict ? { conflict } : {}) }, { status });

/** The posted text fields (the upload's are read with it). */
async function postedFields(request: Request): Promise<PostedFields> {
  const form = await request.formData().catch(() => new FormData());
  const out: Record<string, string[]> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string") (out[name] ??= []).push(value.slice(0, 5000));
  return out;
}

/** A pay-later request: the lines checked one by one, then the payments' use case (the engine moves the dossier 4 → 6). */
async function requestPayment(request: Request, context: ActionFunctionArgs["context"], actor: Parameters<typeof requestDossierPayment>[2]["actor"], code: string) {
  const fields = await postedFields(request);
  const checked = requestLinesFromForm(fields);
  if (!checked.ok) return reply(400, checked.errors, fields);
  const version = Number((fields.version ?? [])[0] ?? "");
  const result = await requestDossierPayment(context.db, paymentDeps(context), { actor, code, version: Number.isInteger(version) ? version : -1, lines: checked.lines, note: checked.note });
  if (result.ok) return redirectWithFlash(request, context, dossierPath(code), "dossiers:office.done.requestPayment");
  const refused = "engine" in result ? result.engine : result;
  if (refused.status === 404) notFound();
  if (refused.status === 403) throw data({ reason: "forbidden" }, { status: 403 });
  if (refused.status === 409) return reply(409, [{ field: "form", message: refused.message }], fields, refused.message === "dossiers:actions.errors.stale" ? "stale" : "guard");
  const field = "field" in result && result.field === "lines" ? lineField(0, "amount") : "form";
  return reply(400, [{ field, message: refused.message.includes(":") ? refused.message : "dossiers:actions.errors.invalid" }], fields);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireDossierOfficial(request, context);
  const code = codeParam(params);
  const name = actionParam(params.action);
  if (name === "requestPayment") return requestPayment(request, context, actor, code);

  let fields: PostedFields;
  let result: { sha256: string; sizeBytes: number; mediaType: string; fileName: string } | null = null;
  if (name === "approve") {
    // The result document: nothing is read for a dossier the official cannot see; the bytes are stored first.
    if (!(await officialSeesDossier(context.db, { actor, code }))) notFound();
    const read = await readUploads(request, { files: { result: { maxBytes: RESULT_MAX_BYTES } }, maxRequestBytes: RESULT_MAX_BYTES + 256 * 1024 }, context.blobs);
    const limit = formatFileSize(RESULT_MAX_BYTES, (await i18nServer.getLocale(request)) === "en" ? "en" : "vi");
    if (!read.ok) return reply(400, [{ field: "result", message: `files:errors.${read.error}`, params: { limit, total: limit, count: 1 } }], read.text);
    fields = read.text;
    const checked = paramsFromForm(name, fields);
    const staged = read.files.find((f) => f.field === "result");
    if (!checked.ok || !staged) {
      await Promise.all(read.files.map((f) => f.blob.discard()));
      const errors = checked.ok ? [] : checked.errors;
      if (!staged) errors.push({ field: "result", message: read.errors.result ? `files:errors.${read.errors.result}` : "dossiers:actions.errors.result" });
      return reply(400, errors, fields);
    }
    const type = await detectFileType(staged.blob);
    if (!type.ok || type.mediaType !== "application/pdf") {
      await staged.blob.discard();
      return reply(400, [{ field: "result", message: "dossiers:office.errors.notPdf" }], fields);
    }
    // A result that already carries a signature which fails (changed after an earlier signing, a revoked
    // certificate) is refused with the verifier's reason: the portal would put its own signature beside a broken one.
    const [checkedSignature] = await checkSignatures(signatureChecker(context), [{ field: "result", fileName: staged.fileName, mediaType: PDF, bytes: staged.blob }], new Date());
    if (checkedSignature?.status === "failed") {
      await staged.blob.discard();
      const first = checkedSignature.report ? summariseSignature("failed", checkedSignature.report).reason : undefined;
      const t = await i18nServer.getFixedT(request, ["signatures", "signature-report"]);
      const why = first ? t(`signatures:reasons.${first.code}`, { ...(first.params ?? {}), defaultValue: t("signature-report:reasonCode", { code: first.code }) }) : t("signature-report:sentence.unknownReason");
      return reply(400, [{ field: "result", message: "dossiers:office.errors.resultSignatureFailed", params: { reason: why } }], fields);
    }
    // Stored only when the approval may go ahead now (the engine decides again, in its transaction).
    const view = await officialDossierView(context.db, { actor, code });
    if (!view || !view.actions.includes("approve")) {
      await staged.blob.discard();
      if (!view) notFound();
      return reply(409, [{ field: "form", message: "dossiers:actions.errors.notAllowedNow" }], fields, "guard");
    }
    await staged.blob.commit();
    result = { sha256: staged.blob.sha256, sizeBytes: staged.blob.size, mediaType: "application/pdf", fileName: staged.fileName };
  } else {
    fields = await postedFields(request);
  }

  const checked = paramsFromForm(name, fields);
  if (!checked.ok) return reply(400, checked.errors, fields);
  const version = Number((fields.version ?? [])[0] ?? "");
  const applied = await applyAction(context.db, backOfficeServices(context), backOfficeSettings(context), {
    actor,
    dossier: { code },
    action: name,
    version: Number.isInteger(version) ? version : -1,
    params: result ? { ...checked.params, result } : checked.params,
  });
  if (applied.ok) return redirectWithFlash(request, context, dossierPath(applied.code), `dossiers:office.done.${name}`);
  if (applied.status === 404) notFound();
  if (applied.status === 403) throw data({ reason: "forbidden" }, { status: 403 });
  if (applied.status === 409) {
    const stale = applied.message === "dossiers:actions.errors.stale";
    return reply(409, [{ field: "form", message: applied.message }], fields, stale ? "stale" : "guard");
  }
  const errors = (applied.errors ?? []).map((e) => ({ ...e, field: e.field.split(".")[0] ?? "form", message: e.message.includes(":") ? e.message : "dossiers:actions.errors.invalid" }));
  return reply(400, errors.length > 0 ? errors : [{ field: "form", message: applied.message }], fields);
}

export default function OfficialAction() {
  const { title, action: kind, available, dossier, targets, defaultDays, fees } = useLoaderData<typeof loader>();
  const replied = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["dossiers", "files", "payments-desk"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  const text = useFormText(dossier.texts);
  const back = dossierPath(dossier.code);
  const self = actionPath(dossier.code, kind);
  const values = replied?.values ?? {};
  const value = (name: string) => values[name]?.[0];
  const list = (name: string) => values[name] ?? [];
  const errors = replied?.errors ?? [];
  const message = (e: FormIssue) => paymentText(t, e.message, e.params);
  const errorOf = (field: string) => {
    const e = errors.find((x) => x.field === field);
    return e ? message(e) : undefined;
  };
  const firstItem = dossier.fields.length > 0 ? "fields" : "documents";
  const hrefOf = (field: string) => {
    if (field === "items") return `#${firstItem}`;
    if (field === "newDueAt") return "#newDueDate";
    if (field === "form") return "#action-form";
    return `#${field}`;
  };
  const summary = errors.map((e) => ({ href: e.field === "form" && replied?.conflict === "stale" ? self : hrefOf(e.field), text: message(e) }));
  const itemsError = errorOf("items") ?? errorOf("fields") ?? errorOf("documents");

  // The catalog's lines and one empty line (a fixed number: the form works without JavaScript).
  const requestPaymentFields = () => {
    const suggested = fees?.lines ?? [];
    const count = Math.min(MAX_REQUEST_LINES, suggested.length + 1);
    const kinds = ["phi", "le_phi"] as const;
    return (
      <>
        <InsetText>{t("office.action.requestPayment.intro")}</InsetText>
        <p className="govuk-body">{t("payments-desk:request.intro")}</p>
        {suggested.length > 0 && fees?.feeMode ? (
          <p className="govuk-body">{t("payments-desk:request.fromCatalog", { mode: t(`payments-desk:feeModes.${fees.feeMode}`) })}</p>
        ) : (
          <p className="govuk-body">{t("payments-desk:request.noCatalog")}</p>
        )}
        {fees?.estimated ? <WarningText>{t("payments-desk:request.estimated")}</WarningText> : null}
        <input type="hidden" name="lines" value={count} />
        {Array.from({ length: count }, (_, i) => {
          const line = suggested[i];
          const posted = (part: "name" | "kind" | "amount") => value(lineField(i, part));
          const legend = line ? t("payments-desk:request.line", { n: i + 1 }) : t("payments-desk:request.extra");
          return (
            <Fieldset key={i} legend={legend} legendSize="s" className="govuk-!-margin-bottom-6">
              {line ? (
                <>
                  <input type="hidden" name={lineField(i, "quantity")} value={line.quantity} />
                  {line.quantity > 1 ? <p className="govuk-hint">{t("payments-desk:request.quantity", { n: line.quantity })}</p> : null}
                </>
              ) : (
                <p className="govuk-hint">{t("payments-desk:request.extraHint")}</p>
              )}
              <TextInput id={lineField(i, "name")} name={lineField(i, "name")} label={t("payments-desk:request.name")} defaultValue={posted("name") ?? line?.name ?? ""} error={errorOf(lineField(i, "name"))} />
              <Radios
                idPrefix={lineField(i, "kind")}
                name={lineField(i, "kind")}
                legend={t("payments-desk:request.kind")}
                legendSize="s"
                inline
                small
                error={errorOf(lineField(i, "kind"))}
                defaultValue={posted("kind") ?? line?.kind}
                items={kinds.map((k) => ({ value: k, label: t(`payments:kinds.${k}`) }))}
              />
              <TextInput
                id={lineField(i, "amount")}
                name={lineField(i, "amount")}
                label={t("payments-desk:request.amount")}
                hint={line ? `${t("payments-desk:request.amountHint")} (${formatVnd(line.amount, lang)})` : t("payments-desk:request.amountHint")}
                inputMode="numeric"
                width="10"
                suffix={t("payments-desk:currency")}
                defaultValue={posted("amount") ?? (line ? String(line.amount) : "")}
                error={errorOf(lineField(i, "amount"))}
              />
            </Fieldset>
          );
        })}
        <Textarea id="note" name="note" label={t("payments-desk:request.note")} labelSize="s" optional hint={t("office.action.noteHint", { max: REQUEST_NOTE_MAX })} rows={3} defaultValue={value("note")} error={errorOf("note")} />
      </>
    );
  };

  const fieldsFor = () => {
    switch (kind) {
      case "accept":
        return <InsetText>{t("office.action.accept.intro")}</InsetText>;
      case "expireSupplement":
        return <WarningText>{t("office.action.expireSupplement.intro")}</WarningText>;
      case "refuse":
        return (
          <>
            <Checkboxes
              idPrefix="reasons"
              name="reasons"
              legend={t("office.action.refuse.reasons")}
              legendSize="s"
              hint={t("office.action.refuse.reasonsHint")}
              error={errorOf("reasons")}
              defaultValues={list("reasons")}
              items={REFUSAL_REASONS.map((r) => ({ value: r, label: t(`reasons.refusal.${r}`) }))}
            />
            <Textarea id="text" name="text" label={t("office.action.refuse.text")} labelSize="s" hint={t("office.action.refuse.textHint")} rows={4} defaultValue={value("text")} error={errorOf("text")} />
            <Textarea id="legalBasis" name="legalBasis" label={t("office.action.refuse.legalBasis")} labelSize="s" hint={t("office.action.refuse.legalBasisHint")} rows={2} defaultValue={value("legalBasis")} error={errorOf("legalBasis")} />
          </>
        );
      case "requestSupplement":
        return (
          <>
            <InsetText>{t("office.action.requestSupplement.intro")}</InsetText>
            {dossier.fields.length > 0 ? (
              <Checkboxes
                idPrefix="fields"
                name="fields"
                legend={t("office.action.requestSupplement.fields")}
                legendSize="s"
                hint={t("office.action.requestSupplement.fieldsHint")}
                error={firstItem === "fields" ? itemsError : errorOf("fields")}
                defaultValues={list("fields")}
                items={dossier.fields.map((f) => ({ value: f.name, label: text(f.labelKey) || f.name }))}
              />
            ) : null}
            <Checkboxes
              idPrefix="documents"
              name="documents"
              legend={t("office.action.requestSupplement.documents")}
              legendSize="s"
              hint={t("office.action.requestSupplement.documentsHint")}
              error={firstItem === "documents" ? itemsError : errorOf("documents")}
              defaultValues={list("documents")}
              items={dossier.procedureDocuments.map((d) => ({ value: String(d.index), label: d.name }))}
            />
            <Textarea id="note" name="note" label={t("office.action.requestSupplement.note")} labelSize="s" hint={t("office.action.requestSupplement.noteHint")} rows={5} defaultValue={value("note")} error={errorOf("note")} />
            {dossier.supplementCount >= 1 ? (
              <Textarea
                id="justification"
                name="justification"
                label={t("office.action.requestSupplement.justification")}
                labelSize="s"
                hint={t("office.action.requestSupplement.justificationHint", { n: dossier.supplementCount })}
                rows={3}
                defaultValue={value("justification")}
                error={errorOf("justification")}
              />
            ) : null}
            <TextInput
              id="respondWithinDays"
              name="respondWithinDays"
              label={t("office.action.requestSupplement.days")}
              labelSize="s"
              hint={t("office.action.requestSupplement.daysHint", { days: defaultDays })}
              inputMode="numeric"
              width="3"
              defaultValue={value("respondWithinDays") ?? String(defaultDays)}
              error={errorOf("respondWithinDays")}
            />
          </>
        );
      case "requestPayment":
        return requestPaymentFields();
      case "forward":
      case "transferBack":
        return (
          <>
            {kind === "forward" && dossier.nextStepName ? <InsetText>{t("office.action.forward.next", { step: dossier.nextStepName })}</InsetText> : null}
            {kind === "transferBack" ? <InsetText>{t("office.action.transferBack.intro")}</InsetText> : null}
            <Textarea id="note" name="note" label={t("office.action.note")} labelSize="s" optional hint={t("office.action.noteHint", { max: 2000 })} rows={3} defaultValue={value("note")} error={errorOf("note")} />
          </>
        );
      case "sendBack":
        return (
          <>
            {dossier.previousStepName ? <InsetText>{t("office.action.sendBack.previous", { step: dossier.previousStepName })}</InsetText> : null}
            <Textarea id="note" name="note" label={t("office.action.sendBack.note")} labelSize="s" hint={t("office.action.noteHint", { max: 2000 })} rows={4} defaultValue={value("note")} error={errorOf("note")} />
          </>
        );
      case "transfer":
        return (
          <>
            <Select
              id="agencyId"
              name="agencyId"
              label={t("office.action.transfer.agency")}
              labelSize="s"
              error={errorOf("agencyId")}
              defaultValue={value("agencyId") ?? ""}
              options={[{ value: "", text: t("office.action.transfer.choose") }, ...targets.map((a) => ({ value: a.id, text: `${a.name} (${a.code})` }))]}
            />
            <Textarea id="note" name="note" label={t("office.action.note")} labelSize="s" optional hint={t("office.action.noteHint", { max: 2000 })} rows={3} defaultValue={value("note")} error={errorOf("note")} />
            <TextInput id="hours" name="hours" label={t("office.action.transfer.hours")} labelSize="s" optional hint={t("office.action.transfer.hoursHint")} inputMode="decimal" width="4" defaultValue={value("hours")} error={errorOf("hours")} />
          </>
        );
      case "stop":
        return (
          <>
            <WarningText>{t("office.action.stop.warning")}</WarningText>
            <Radios idPrefix="reason" name="reason" legend={t("office.action.stop.reason")} legendSize="s" error={errorOf("reason")} defaultValue={value("reason")} items={STOP_REASONS.map((r) => ({ value: r, label: t(`reasons.stop.${r}`) }))} />
            <Textarea id="text" name="text" label={t("office.action.stop.text")} labelSize="s" rows={4} defaultValue={value("text")} error={errorOf("text")} />
          </>
        );
      case "approve":
        return (
          <>
            <FileUpload id="result" name="result" label={t("office.action.approve.result")} labelSize="s" hint={t("office.action.approve.resultHint", { limit: formatFileSize(RESULT_MAX_BYTES, "vi") })} accept="application/pdf,.pdf" error={errorOf("result")} />
            <TextInput id="number" name="number" label={t("office.action.approve.number")} labelSize="s" optional hint={t("office.action.approve.numberHint")} width="20" defaultValue={value("number")} error={errorOf("number")} />
          </>
        );
      case "returnResult":
        return (
          <Radios
            idPrefix="channel"
            name="channel"
            legend={t("office.action.returnResult.channel")}
            legendSize="s"
            error={errorOf("channel")}
            defaultValue={value("channel")}
            items={RETURN_CHANNELS.map((c) => ({
              value: c,
              label: t(`returnChannels.${c}`),
              conditional:
                c === "post" ? (
                  <TextInput id="trackingNote" name="trackingNote" label={t("office.action.returnResult.trackingNote")} hint={t("office.action.returnResult.trackingNoteHint")} defaultValue={value("trackingNote")} error={errorOf("trackingNote")} />
                ) : undefined,
            }))}
          />
        );
      case "apologize":
        return (
          <>
            <InsetText>{t("office.action.apologize.intro", { due: dossier.dueAt ? formatTimestamp(dossier.dueAt) : "—" })}</InsetText>
            <Textarea id="reason" name="reason" label={t("office.action.apologize.reason")} labelSize="s" rows={4} defaultValue={value("reason")} error={errorOf("reason")} />
            <TextInput id="newDueDate" name="newDueDate" label={t("office.action.apologize.date")} labelSize="s" hint={t("office.action.apologize.dateHint")} width="10" defaultValue={value("newDueDate")} error={errorOf("newDueAt")} />
            <TextInput id="newDueTime" name="newDueTime" label={t("office.action.apologize.time")} labelSize="s" hint={t("office.action.apologize.timeHint")} width="5" defaultValue={value("newDueTime")} />
          </>
        );
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={back}>{t("office.action.back", { code: dossier.code })}</BackLink>
        <ErrorSummary errors={summary} />
        <span className="govuk-caption-l">{dossier.procedureName}</span>
        <h1 className="govuk-heading-l">{title}</h1>
        <SummaryList
          rows={[
            { key: t("fields.code"), value: dossier.code },
            { key: t("fields.status"), value: t(`status.${dossier.status}`) },
            { key: t("office.summary.currentAgency"), value: dossier.currentAgencyName ?? "—" },
            ...(dossier.currentStepName ? [{ key: t("office.summary.currentStep"), value: dossier.currentStepName }] : []),
          ]}
        />
        {replied?.conflict === "stale" ? (
          <p className="govuk-body">
            <a className="govuk-link" href={self}>
              {t("office.action.reload")}
            </a>
          </p>
        ) : null}
        {!available ? (
          <>
            <InsetText>{t("actions.errors.notAllowedNow")}</InsetText>
            <p className="govuk-body">
              <Link className="govuk-link" to={back}>
                {t("office.action.back", { code: dossier.code })}
              </Link>
            </p>
          </>
        ) : (
          <Form method="post" id="action-form" noValidate encType={kind === "approve" ? "multipart/form-data" : undefined}>
            <input type="hidden" name="version" value={dossier.version} />
            {fieldsFor()}
            <ButtonGroup>
              <Button type="submit" variant={kind === "refuse" || kind === "stop" || kind === "expireSupplement" ? "warning" : "primary"}>
                {t(`actions.names.${kind}`)}
              </Button>
              <Link className="govuk-link" to={back}>
                {t("office.action.cancel")}
              </Link>
            </ButtonGroup>
          </Form>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

