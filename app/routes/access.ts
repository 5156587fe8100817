// Who may load (GET) and post to every route: the table the route × role test (access.test.ts) checks against the
// real loaders and actions. A route missing from this table fails that test, so a new page cannot ship without
// saying who it is for.
//
//   public       anyone, signed in or not
//   signedIn     any signed-in account (citizen or official); anonymous visitors are sent to sign in
//   permission   accounts holding the permission ({ permission }), or any one of several ({ anyPermission });
//                anonymous visitors are sent to sign in, other accounts get 403
//   midSignIn    a step of a sign-in under way (it sends anyone else to the sign-in page)
//   none         the route has no action (POST gets 405)

import { ADMIN_SECTIONS } from "./admin/sections";

export type Audience = "public" | "signedIn" | { permission: string } | { anyPermission: readonly string[] } | "midSignIn" | "none";

export interface RouteAccess {
  get: Audience;
  post: Audience;
  /** Parameters to call the route with in the test. */
  params?: Record<string, string>;
}

const publicPage: RouteAccess = { get: "public", post: "none" };
const publicForm: RouteAccess = { get: "public", post: "public" };
/** The catalog administration: officials with the catalog_admin role. */
const CATALOG: Audience = { permission: "update:catalog:any" };
const admin = (params?: Record<string, string>): RouteAccess => ({ get: CATALOG, post: CATALOG, params });
const DRAFT = "00000000-0000-7000-8000-000000000000";
/** Filing a dossier: citizens, and representatives acting for their business. */
const FILE: Audience = { permission: "create:dossier:own" };
/** The back office: officials who read their agencies' dossiers. */
const OFFICE: Audience = { permission: "read:dossier:agency" };

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  "routes/home.tsx": publicPage,
  "routes/procedures.tsx": publicPage,
  "routes/procedures.$code.tsx": { ...publicPage, params: { code: "1.001193" } },
  "routes/procedures.$code.templates.$sha256.ts": { ...publicPage, params: { code: "1.001193", sha256: "0".repeat(64) } },
  // Public tracking: the lookup is a POST (the 4 digits stay out of URLs), limited per address.
  "routes/dossiers.track.tsx": publicForm,
  // Public verification of signed results: a code (GET) or an uploaded PDF (POST, not kept), limited per address.
  "routes/verify.tsx": publicForm,
  "routes/verify.$code.document.ts": { ...publicPage, params: { code: "0000-0000-0000" } },
  // "My dossiers": citizens (their own, or their business's when acting for it); officials get 403. An unknown or
  // somebody else's code is a 404 past the guard.
  "routes/my.dossiers.tsx": { get: { permission: "read:dossier:own" }, post: { permission: "read:dossier:own" } },
  "routes/my.dossiers.$code.tsx": { get: { permission: "read:dossier:own" }, post: { permission: "update:dossier:own" }, params: { code: "000.01.01.H22-261130-0001" } },
  // Answering a supplementation request (issue 6): the owner, while the dossier waits for them (status 5).
  "routes/my.dossiers.$code.supplement.tsx": { get: { permission: "update:dossier:own" }, post: { permission: "update:dossier:own" }, params: { code: "000.01.01.H22-261130-0001" } },
  // Ratings (issue 10): the owner rates a returned dossier (update:dossier:own to post); the link in the notification
  // works without an account (its signed token names the dossier); the counter's kiosk runs under the returning
  // officer's session. A dossier that is not theirs (or an unknown code, a bad token) is a 404 past the guard.
  "routes/my.dossiers.$code.rating.tsx": { get: { permission: "read:dossier:own" }, post: { permission: "update:dossier:own" }, params: { code: "000.01.01.H22-261130-0001" } },
  "routes/rate.$token.tsx": { ...publicForm, params: { token: "AAAAAAAAAAAAAAAAAAAAAA.0.AAAAAAAAAAAAAAAAAAAAAA" } },
  "routes/office.counter.$code.rating.tsx": { get: { permission: "return:dossier:agency" }, post: { permission: "return:dossier:agency" }, params: { code: "000.01.01.H22-261130-0001" } },
  "routes/my.dossiers.$code.confirmation[.]pdf.ts": { get: { permission: "read:dossier:own" }, post: "none", params: { code: "000.01.01.H22-261130-0001" } },
  // Documents issued for a dossier (Mẫu 01–05, the result): the owner downloads those meant for the applicant; the
  // officials of the agencies the dossier went through download every one. Anything else is a 404 past the guard.
  "routes/my.dossiers.$code.documents.$id.ts": { get: { permission: "read:dossier:own" }, post: "none", params: { code: "000.01.01.H22-261130-0001", id: "00000000-0000-7000-8000-000000000000" } },
  "routes/office.dossiers.$code.documents.$id.ts": { get: { permission: "read:dossier:agency" }, post: "none", params: { code: "000.01.01.H22-261130-0001", id: "00000000-0000-7000-8000-000000000000" } },
  // Filing (issue 5): citizens and business representatives (create:dossier:own); a draft that is not the visitor's
  // (or the business's they act for), or an unknown procedure, is a 404.
  "routes/dossiers.new.$code.tsx": { get: FILE, post: FILE, params: { code: "1.001193" } },
  "routes/my.drafts.tsx": { get: FILE, post: FILE },
  "routes/filing.$draftId.tsx": { get: FILE, post: "none", params: { draftId: DRAFT } },
  "routes/filing.$draftId.applicant.tsx": { get: FILE, post: FILE, params: { draftId: DRAFT } },
  "routes/filing.$draftId.section.$n.tsx": { get: FILE, post: FILE, params: { draftId: DRAFT, n: "1" } },
  "routes/filing.$draftId.documents.tsx": { get: FILE, post: FILE, params: { draftId: DRAFT } },
  // The upload's JSON twin for the progress-reporting script (POST only).
  "routes/filing.$draftId.documents.$index.upload.ts": { get: "public", post: FILE, params: { draftId: DRAFT, index: "0" } },
  "routes/filing.$draftId.fees.tsx": { get: FILE, post: FILE, params: { draftId: DRAFT } },
  "routes/filing.$draftId.check.tsx": { get: FILE, post: "none", params: { draftId: DRAFT } },
  "routes/filing.$draftId.declaration.tsx": { get: FILE, post: FILE, params: { draftId: DRAFT } },
  "routes/filing.$draftId.submit.tsx": { get: FILE, post: FILE, params: { draftId: DRAFT } },
  // The officials' dossier page (issue 6): officials who read an agency's dossiers; which dossiers is decided in the
  // queries (its receiving agency, the agency it is at, one of its steps' agencies): any other code is a 404. Notes
  // (POST on the page) and actions (POST on each action's page) are checked again by the use case and the engine.
  "routes/office.dossiers.$code.tsx": { get: OFFICE, post: OFFICE, params: { code: "000.01.01.H22-261130-0001" } },
  // Payments (issue 9). The gateway's IPN is public (VNPay calls it, its signature is the proof); the return page
  // changes nothing and is public too. Paying, notices and receipts: the dossier's owner; the officials' receipts:
  // read:payment:agency in the dossier's agencies.
  "routes/payments.vnpay.ipn.ts": { get: "public", post: "public" },
  "routes/payments.vnpay.return.tsx": publicPage,
  "routes/my.dossiers.$code.pay.tsx": { get: { permission: "read:dossier:own" }, post: { permission: "update:dossier:own" }, params: { code: "000.01.01.H22-261130-0001" } },
  "routes/my.dossiers.$code.pay.notice[.]pdf.ts": { get: { permission: "read:dossier:own" }, post: "none", params: { code: "000.01.01.H22-261130-0001" } },
  "routes/my.dossiers.$code.receipts.$id[.]pdf.ts": { get: { permission: "read:dossier:own" }, post: "none", params: { code: "000.01.01.H22-261130-0001", id: "00000000-0000-7000-8000-000000000000" } },
  // Reconciliation (đối soát): officials reading an agency's payments see its report and review queue; importing a
  // statement, asking the gateway and resolving an item need collect:payment:agency (receiving officers).
  "routes/office.payments.tsx": { get: { permission: "read:payment:agency" }, post: { permission: "collect:payment:agency" } },
  "routes/office.payments.statements.tsx": { get: { permission: "read:payment:agency" }, post: { permission: "collect:payment:agency" } },
  "routes/office.payments.review.tsx": { get: { permission: "read:payment:agency" }, post: { permission: "collect:payment:agency" } },
  // A dossier's fees for its officials (issue 9): every office role reads them; the counter (collect:payment) and
  // refunds (refund:payment) are checked by the use cases, which answer 403 on the page.
  "routes/office.dossiers.$code.payments.tsx": { get: { permission: "read:payment:agency" }, post: { permission: "read:payment:agency" }, params: { code: "000.01.01.H22-261130-0001" } },
  "routes/office.dossiers.$code.receipts.$id[.]pdf.ts": { get: { permission: "read:payment:agency" }, post: "none", params: { code: "000.01.01.H22-261130-0001", id: "00000000-0000-7000-8000-000000000000" } },
  "routes/office.dossiers.$code.$action.tsx": { get: OFFICE, post: OFFICE, params: { code: "000.01.01.H22-261130-0001", action: "accept" } },
  "routes/office.dossiers.$code.files.$fileId.ts": { get: OFFICE, post: "none", params: { code: "000.01.01.H22-261130-0001", fileId: DRAFT } },
  // Feedback and petitions (issue 8): anyone sends (honeypot, limited per address) and looks an item up with its code
  // and second factor (a POST, limited per address; rating with the factor as proof); published answers are public
  // (unknown, unpublished or hidden codes are a 404). "My petitions": citizens; somebody else's code is a 404.
  "routes/feedback.tsx": publicForm,
  "routes/feedback.sent.tsx": publicPage,
  "routes/feedback.track.tsx": publicForm,
  "routes/feedback.answers.tsx": publicPage,
  "routes/feedback.answers.$code.tsx": { ...publicPage, params: { code: "PAKN-261130-0001" } },
  "routes/my.petitions.tsx": { get: { permission: "read:petition:own" }, post: "none" },
  "routes/my.petitions.$code.tsx": { get: { permission: "read:petition:own" }, post: { permission: "read:petition:own" }, params: { code: "PAKN-261130-0001" } },
  "routes/statistics.tsx": publicPage,
  "routes/sign-in.tsx": publicForm,
  "routes/sign-out.ts": { get: "public", post: "public" },
  "routes/signed-out.tsx": publicPage,
  "routes/register.tsx": publicForm,
  "routes/register.check-email.tsx": publicForm,
  "routes/verify-email.$token.tsx": { ...publicPage, params: { token: "x".repeat(43) } },
  "routes/forgot-password.tsx": publicForm,
  "routes/forgot-password.sent.tsx": publicPage,
  "routes/reset-password.$token.tsx": { ...publicForm, params: { token: "x".repeat(43) } },
  "routes/account.tsx": { get: { permission: "read:profile:own" }, post: { permission: "update:profile:own" } },
  "routes/account.data[.]json.ts": { get: { permission: "read:profile:own" }, post: "none" },
  "routes/account.organisations.tsx": { get: { permission: "read:organisation:own" }, post: { permission: "read:organisation:own" } },
  "routes/account.organisations.new.tsx": { get: { permission: "read:organisation:own" }, post: { permission: "read:organisation:own" } },
  "routes/account.acting-for.tsx": { get: { permission: "read:organisation:own" }, post: { permission: "read:organisation:own" } },
  // The document wallet (kho dữ liệu): citizens, for themselves or the organisation they act for; officials have none.
  "routes/account.files.tsx": { get: { permission: "read:file:own" }, post: { permission: "manage:file:own" } },
  // Download (GET) and remove (POST) one file; someone else's file, or an unknown id, is a 404.
  "routes/account.files.$id.ts": { get: { permission: "read:file:own" }, post: { permission: "manage:file:own" }, params: { id: "00000000-0000-7000-8000-000000000000" } },
  "routes/sign-in.code.tsx": { get: "midSignIn", post: "midSignIn" },
  "routes/officials.accept.$token.tsx": { ...publicForm, params: { token: "x".repeat(43) } },
  // Without an enrolment under way it only explains that the link has expired.
  "routes/officials.enrol.tsx": publicForm,
  "routes/admin.officials.tsx": { get: { permission: "manage:official:any" }, post: { permission: "manage:official:any" } },
  // An unknown official is a 404 for administrators: allowed through the guard.
  "routes/admin.officials.$id.tsx": { get: { permission: "manage:official:any" }, post: { permission: "manage:official:any" }, params: { id: "00000000-0000-7000-8000-000000000000" } },
  // The confirmation pages of disabling, enabling and revoking (an unknown official or change is a 404).
  "routes/admin.officials.$id.$change.tsx": { get: { permission: "manage:official:any" }, post: { permission: "manage:official:any" }, params: { id: "00000000-0000-7000-8000-000000000000", change: "disable" } },
  "routes/admin.agencies.tsx": { get: { permission: "manage:agency:any" }, post: "none" },
  "routes/admin.agencies.new.tsx": { get: { permission: "manage:agency:any" }, post: { permission: "manage:agency:any" } },
  // An unknown agency is a 404 for administrators: allowed through the guard.
  "routes/admin.agencies.$id.tsx": { get: { permission: "manage:agency:any" }, post: { permission: "manage:agency:any" }, params: { id: "00000000-0000-7000-8000-000000000000" } },
  "routes/admin.agencies.$id.dissolve.tsx": { get: { permission: "manage:agency:any" }, post: { permission: "manage:agency:any" }, params: { id: "00000000-0000-7000-8000-000000000000" } },
  // The working calendar: system administrators (manage:calendar:any).
  "routes/admin.calendar.tsx": { get: { permission: "manage:calendar:any" }, post: { permission: "manage:calendar:any" } },
  "routes/admin.calendar.hours.tsx": { get: { permission: "manage:calendar:any" }, post: { permission: "manage:calendar:any" } },
  // The signatures' trust store and CRL cache (issue 7): system administrators (manage:trust:any); an unknown
  // certificate on the removal page is a 404 past the guard.
  "routes/admin.signatures.tsx": { get: { permission: "manage:trust:any" }, post: { permission: "manage:trust:any" } },
  "routes/admin.signatures.remove.$fingerprint.tsx": { get: { permission: "manage:trust:any" }, post: { permission: "manage:trust:any" }, params: { fingerprint: "0".repeat(64) } },
  "routes/sign-in.vneid.tsx": publicForm,
  "routes/sign-in.vneid.callback.tsx": publicPage,
  "routes/sign-in.vneid.done.tsx": { get: "midSignIn", post: "none" },
  // An eID sign-in that found an account registered with the person's CCCD, waiting for "mine" (its password) or
  // "not mine": only with that pending link in the session (10 minutes); anyone else is sent to the sign-in page.
  "routes/sign-in.vneid.link.tsx": { get: "midSignIn", post: "midSignIn" },
  "routes/agencies.tsx": publicPage,
  "routes/accessibility.tsx": publicPage,
  "routes/privacy.tsx": publicPage,
  "routes/ui.tsx": publicPage,
  "routes/language.ts": publicPage,
  "routes/healthz.ts": publicPage,
  // The counter (issue 6): receiving officers file a walk-in citizen's dossier for their agencies; a procedure their
  // agencies do not take in person is a 404 past the guard.
  "routes/office.counter.tsx": { get: { permission: "receive:dossier:agency" }, post: "none" },
  "routes/office.counter.$code.tsx": { get: { permission: "receive:dossier:agency" }, post: { permission: "receive:dossier:agency" }, params: { code: "1.001193" } },
  // The officials' queue (issue 6): officials holding a dossier role (receiving officer, handler, approver) at an
  // agency; the list and the assignments are limited to those agencies and roles in the queries.
  "routes/office.tsx": { get: { permission: "read:dossier:agency" }, post: { permission: "read:dossier:agency" } },
  // Petitions in the back office (issue 8): officials holding read:petition:agency (petition handlers, leaders). What
  // they see and may do is decided by the use cases: an item the official has no role on is a 404, the routing rules
  // are the control unit's routing officers' only (403 for the others).
  "routes/office.petitions.tsx": { get: { permission: "read:petition:agency" }, post: "none" },
  // The leaders' live view (issue 10): officials holding read:statistics:agency (approvers); their agencies and those
  // under them (app/domain/statistics/live.server.ts). Read only.
  "routes/office.live.tsx": { get: { permission: "read:statistics:agency" }, post: "none" },
  "routes/office.petitions.rules.tsx": { get: { permission: "read:petition:agency" }, post: { permission: "read:petition:agency" } },
  "routes/office.petitions.$code.tsx": { get: { permission: "read:petition:agency" }, post: { permission: "read:petition:agency" }, params: { code: "PAKN-261130-0001" } },
  "routes/office.petitions.$code.files.$fileId.ts": { get: { permission: "read:petition:agency" }, post: "none", params: { code: "PAKN-261130-0001", fileId: "00000000-0000-7000-8000-000000000000" } },
  "routes/admin._index.tsx": { get: { anyPermission: ADMIN_SECTIONS.map((s) => s.permission) }, post: "none" },
  "routes/admin.catalog.tsx": admin(),
  "routes/admin.catalog.$code.tsx": admin({ code: "1.001193" }),
  "routes/admin.catalog.drafts.$id.tsx": admin({ id: DRAFT }),
  "routes/admin.catalog.drafts.$id.details.tsx": admin({ id: DRAFT }),
  "routes/admin.catalog.drafts.$id.documents.tsx": admin({ id: DRAFT }),
  "routes/admin.catalog.drafts.$id.documents.$index.tsx": admin({ id: DRAFT, index: "0" }),
  "routes/admin.catalog.drafts.$id.documents.$index.template.ts": { ...admin({ id: DRAFT, index: "0" }), post: "none" },
  "routes/admin.catalog.drafts.$id.cases.tsx": admin({ id: DRAFT }),
  "routes/admin.catalog.drafts.$id.cases.$index.tsx": admin({ id: DRAFT, index: "0" }),
  "routes/admin.catalog.drafts.$id.legal.tsx": admin({ id: DRAFT }),
  "routes/admin.catalog.drafts.$id.legal.$index.tsx": admin({ id: DRAFT, index: "0" }),
  "routes/admin.catalog.drafts.$id.workflow.tsx": admin({ id: DRAFT }),
  "routes/admin.catalog.drafts.$id.offerings.tsx": admin({ id: DRAFT }),
  "routes/admin.catalog.drafts.$id.offerings.$index.tsx": admin({ id: DRAFT, index: "0" }),
  "routes/admin.catalog.drafts.$id.offerings.$index.fees.$channel.tsx": admin({ id: DRAFT, index: "0", channel: "online" }),
  "routes/admin.catalog.drafts.$id.offerings.$index.fees.$channel.$fee.tsx": admin({ id: DRAFT, index: "0", channel: "online", fee: "0" }),
  "routes/admin.catalog.drafts.$id.form.tsx": admin({ id: DRAFT }),
  "routes/admin.catalog.drafts.$id.form.$section.$field.tsx": admin({ id: DRAFT, section: "0", field: "0" }),
  "routes/admin.catalog.drafts.$id.preview.tsx": admin({ id: DRAFT }),
  "routes/$.tsx": publicForm,
};
