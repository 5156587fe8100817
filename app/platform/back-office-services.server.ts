import type { AppLoadContext } from "@remix-run/node";
import type { TFunction } from "i18next";
import type { BackOfficeServices } from "../domain/dossiers/back-office.seams";
import { createFormIssuer } from "../domain/dossiers/forms.server";
import { backOfficeNotices } from "./dossier-services.server";
import { createServerI18n } from "./i18n.server";

// What the back-office engine needs from the platform (app/domain/dossiers/back-office.seams.ts): the PDF forms
// (Mẫu 01–05, in Vietnamese, stored in the blob store) and the notices (in-app, e-mail and SMS outboxes). The routes
// call `applyAction(context.db, backOfficeServices(context), backOfficeSettings(context), …)`.

let formTexts: Promise<TFunction> | null = null;
/** The texts the forms are written in: the "dossiers" namespace with the procedures' and forms' (loaded once). */
function formT(): Promise<TFunction> {
  formTexts ??= createServerI18n("vi", ["dossiers", "procedures", "forms"]).then((i18n) => i18n.getFixedT("vi", "dossiers"));
  return formTexts;
}

export function backOfficeServices(context: AppLoadContext): BackOfficeServices {
  return {
    async issueForm(trx, input) {
      return createFormIssuer({ blobs: context.blobs, origin: context.origin, t: await formT() }).issueForm(trx, input);
    },
    ...backOfficeNotices({ baseUrl: context.origin }),
  };
}

export function backOfficeSettings(_context: AppLoadContext) {
  return {};
}
