import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { applyListIntent, parseIntent } from "~/domain/procedures/drafts";
import { getDraft, updateDraft, type Draft } from "~/domain/procedures/drafts.server";
import { requireCatalogAdmin } from "~/routes/admin/catalog.server";
import { i18nServer } from "~/platform/i18n.server";
import { draftUrl } from "./urls";

// Shared by the draft editors: the guard, the draft (404 when unknown), and the page title.

export async function loadDraft(request: Request, context: AppLoadContext, id: string | undefined) {
  const { actorId } = await requireCatalogAdmin(request, context);
  const draft = await getDraft(context.db, id ?? "");
  if (!draft) throw new Response(null, { status: 404 });
  return { actorId, draft };
}

/** The name of the hidden field that carries the draft's token in every editor's form. */
export const DRAFT_TOKEN_FIELD = "draftToken";

/** The page an official sees when the draft was saved by someone else since their page was shown (status 409). */
export function draftChanged(draftId: string): never {
  throw data({ reason: "draftChanged", draftId }, { status: 409 });
}

/** Refuse a form made from an older state of the draft (another official, or another tab, saved since). */
export function assertCurrentDraft(draft: Draft, token: unknown) {
  if (token !== draft.token) draftChanged(draft.id);
}

/**
 * For the editors' actions: a published version is read-only, so posting to it sends the official back; a form
 * shown before the draft was last saved is refused. (Multipart forms are checked by their route after parsing.)
 */
export async function loadEditableDraft(request: Request, context: AppLoadContext, id: string | undefined): Promise<{ actorId: string; draft: Draft }> {
  const loaded = await loadDraft(request, context, id);
  if (loaded.draft.state !== "draft") throw redirect(`/admin/catalog/drafts/${loaded.draft.id}`);
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const form = await request.clone().formData();
    assertCurrentDraft(loaded.draft, form.get(DRAFT_TOKEN_FIELD));
  }
  return loaded;
}

/** What an editor does when its save was refused: the draft changed in between (409 page) or is gone. */
export function failedSave(draftId: string, result: { ok: false; reason: string }): never {
  if (result.reason === "changed") draftChanged(draftId);
  throw new Response(null, { status: result.reason === "notFound" ? 404 : 409 });
}

export async function adminTitle(request: Request, key: string, options?: Record<string, unknown>) {
  const t = await i18nServer.getFixedT(request, "admin");
  return t(key, options);
}

/** A refused form: the issues (i18n keys by path) and what was typed, with status 400. */
export function refused<T extends object>(issues: { path: string; message: string }[], values?: T) {
  return data({ issues, values: values ?? null }, { status: 400 });
}


/** The list editors' move / remove buttons: apply the intent to one list of the draft and come back. */
export async function applyListAction<K extends "documents" | "offerings" | "legalBasis">(
  request: Request,
  context: AppLoadContext,
  id: string | undefined,
  key: K,
  part: string,
) {
  const { draft } = await loadEditableDraft(request, context, id);
  const form = await request.formData();
  const intent = parseIntent(form.get("intent"));
  const saved = await updateDraft(context.db, draft.id, (c) => {
    const next = applyListIntent(c[key] as unknown[], intent);
    return next ? { ...c, [key]: next } : c;
  });
  if (!saved.ok) failedSave(draft.id, saved);
  // Back to the item that moved, so keyboard users keep their place.
  const moved = intent.index === null ? null : intent.action === "move-up" ? intent.index - 1 : intent.action === "move-down" ? intent.index + 1 : null;
  return redirect(`${draftUrl(draft.id, part)}${moved !== null ? `#item-${moved}` : ""}`);
}

/** "new" or the position of an existing item of a list; anything else is not found. */
export function itemIndex(param: string | undefined, length: number): number | "new" {
  if (param === "new") return "new";
  const index = /^\d{1,3}$/.test(param ?? "") ? Number(param) : -1;
  if (index < 0 || index >= length) throw new Response(null, { status: 404 });
  return index;
}
