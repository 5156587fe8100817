import type { AppLoadContext } from "@remix-run/node";
import type { TFunction } from "i18next";
import type { BackOfficeServices } from "../domain/dossiers/back-office.seams";
import { createFormIssuer } from "../domain/dossiers/forms.server";
import { backOfficeNotices } from "./dossier-services.server";
import { agencyForSigning } from "../domain/dossiers/back-office.repo.server";
import { todayInVietnam } from "../domain/shared/format";
import { createResultFileSigner } from "../domain/signatures/result-file.server";
import { createResultSigner } from "../domain/signatures/sign.server";
import { PROVINCE } from "./signature-services.server";
import { createServerI18n } from "./i18n.server";
import { ratingLink, ratingSettings } from "./rating-services.server";

// What the back-office engine needs from the platform (app/domain/dossiers/back-office.seams.ts): the PDF forms
// (Mẫu 01–05, in Vietnamese, stored in the blob store) and the notices (in-app, e-mail and SMS outboxes). The routes
// call `applyAction(context.db, backOfficeServices(context), backOfficeSettings(context), …)`.

let formTexts: Promise<TFunction> | null = null;
/** The texts the forms are written in: the "dossiers" namespace with the procedures' and forms' (loaded once). */
function formT(): Promise<TFunction> {
  formTexts ??= createServerI18n("vi", ["dossiers", "procedures", "forms"]).then((i18n) => i18n.getFixedT("vi", "dossiers"));
  return formTexts;
}

let signingTexts: Promise<{ vi: TFunction; en: TFunction }> | null = null;
/** The signature's and the marks' texts ("signing" namespace), Vietnamese with an English line. */
function signingT() {
  signingTexts ??= Promise.all([createServerI18n("vi", ["signing"]), createServerI18n("en", ["signing"])]).then(([vi, en]) => ({ vi: vi.getFixedT("vi", "signing"), en: en.getFixedT("en", "signing") }));
  return signingTexts;
}

export function backOfficeServices(context: AppLoadContext): BackOfficeServices {
  return {
    async issueForm(trx, input) {
      return createFormIssuer({ blobs: context.blobs, origin: context.origin, t: await formT() }).issueForm(trx, input);
    },
    async signResult(input) {
      const t = await signingT();
      const signer = createResultSigner({ keys: context.signing, t: t.vi, tEn: t.en, province: PROVINCE, timestamp: context.signing.timestamp });
      return createResultFileSigner({
        blobs: context.blobs,
        signer,
        origin: context.origin,
        agency: (agencyId, at) => agencyForSigning(context.db, agencyId, todayInVietnam(at)),
      })(input);
    },
    // The result-returned notice carries the rating link (issue 10).
    ...backOfficeNotices({
      baseUrl: context.origin,
      rating: context.secretKey ? { link: (dossierId, now) => ratingLink(context, dossierId, now), days: ratingSettings(context).linkDays } : undefined,
    }),
  };
}

export function backOfficeSettings(context: Pick<AppLoadContext, "payments">) {
  // Whether status 6 (fees to pay) stops the processing clock (PAYMENT_PAUSES_CLOCK; yes unless configured otherwise).
  return { paymentPausesClock: context.payments?.pausesClock ?? true };
}
