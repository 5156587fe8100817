import type { AppLoadContext } from "@remix-run/node";
import type { BackOfficeServices } from "../domain/dossiers/back-office.seams";
import { backOfficeNotices } from "./dossier-services.server";

// What the back-office engine needs from the platform (app/domain/dossiers/back-office.seams.ts): the PDF forms
// stored in the blob store, the notices through the outboxes. The routes call
// `applyAction(context.db, backOfficeServices(context), backOfficeSettings(context), …)`.
//
// WIRING IN PROGRESS (issue 6): the form issuer and the notices are being merged; until then an action that issues a
// form or a notice fails loudly instead of silently skipping them.

export function backOfficeServices(context: AppLoadContext): BackOfficeServices {
  const missing = (what: string) => async (): Promise<never> => {
    throw new Error(`back-office ${what} are not wired yet`);
  };
  return { issueForm: missing("forms"), ...backOfficeNotices({ baseUrl: context.origin }) };
}

export function backOfficeSettings(_context: AppLoadContext) {
  return {};
}
