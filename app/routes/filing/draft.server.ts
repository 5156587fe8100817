import { submittedDossierCode } from "~/domain/dossiers/dossiers.server";
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { loadDraft, ownerOf, type LoadedDraft } from "~/domain/filing/filing.server";
import { canOpen, type TaskKey } from "~/domain/filing/filing";
import { requirePermission } from "~/platform/auth.server";

// The filing pages' guard: a citizen (or a business representative acting for the business) with create:dossier:own,
// and a draft of theirs that has not expired; anything else is a 404 (a foreign draft id looks like an unknown one).

export async function requireFiler(request: Request, context: AppLoadContext) {
  const actor = await requirePermission(request, context, "create:dossier:own");
  const owner = ownerOf(actor);
  if (!owner) throw data({ reason: "forbidden" }, { status: 403 });
  return { actor, owner };
}

export async function requireDraft(request: Request, context: AppLoadContext, draftId: string | undefined, step?: TaskKey) {
  const { actor, owner } = await requireFiler(request, context);
  const draft = await loadDraft(context.db, owner, draftId ?? "");
  if (!draft) throw new Response(null, { status: 404 });
  // A step that cannot start yet sends the applicant back to the task list.
  if (step && !canOpen(draft.tasks, step)) throw redirect(`/filing/${draft.id}`);
  return { actor, owner, draft };
}

/**
 * When a draft id names no draft of the filer but a dossier that its submission made (a second click on "submit",
 * a retried request), the redirect to that dossier; else null.
 */
export async function submittedDraftRedirect(request: Request, context: AppLoadContext, draftId: string | undefined): Promise<Response | null> {
  const { owner } = await requireFiler(request, context);
  if (await loadDraft(context.db, owner, draftId ?? "")) return null;
  const code = await submittedDossierCode(context.db, owner, draftId ?? "");
  return code ? redirect(`/my/dossiers/${encodeURIComponent(code)}`) : null;
}

/** The version the page was built from (a hidden input), or 0 (which never matches: a conflict). */
export function postedVersion(form: FormData): number {
  const raw = form.get("version");
  return typeof raw === "string" && /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
}

/** The header every filing page shows. */
export function draftHeader(draft: LoadedDraft) {
  return {
    id: draft.id,
    version: draft.version,
    procedureName: draft.procedure.name,
    procedureCode: draft.procedure.code,
    agencyName: draft.agency.name,
    expiresAt: draft.expiresAt,
  };
}
export type DraftHeader = ReturnType<typeof draftHeader>;
