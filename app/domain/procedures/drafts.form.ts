import { formDefinitionSchema, type FormDefinition } from "../forms/form-definition";
import { draftIssues, jsonPathOf, moveItem, removeItem, type DraftIssue } from "./drafts";

// Editing a draft's form definition from plain HTML forms: sections and their fields, with labels typed in
// Vietnamese and stored in texts.vi under generated keys (s.<section>, f.<name>, f.<name>.hint, o.<name>.<value>).

/** The field types the editor offers (repeating groups are kept as they are but not edited here). */
export const EDITABLE_FIELD_TYPES = [
  "text",
  "textarea",
  "number",
  "date",
  "select",
  "radio",
  "checkbox",
  "yesno",
  "email",
  "phone",
  "cccd",
  "taxCode",
  "address",
  "money",
] as const;
export type EditableFieldType = (typeof EDITABLE_FIELD_TYPES)[number];

export function emptyForm(): FormDefinition {
  return { version: 1, sections: [], texts: { vi: {} } };
}

function withText(def: FormDefinition, entries: Record<string, string | undefined>): FormDefinition {
  const vi = { ...(def.texts?.vi ?? {}) };
  for (const [key, value] of Object.entries(entries)) if (value) vi[key] = value;
  return { ...def, texts: { ...def.texts, vi } };
}

/** Issues of the whole definition that lie under one path (so that other parts' problems do not block an edit). */
function issuesUnder(def: FormDefinition, prefix: (string | number)[], ignore: (path: string) => boolean = () => false): DraftIssue[] {
  const parsed = formDefinitionSchema.safeParse(def);
  if (parsed.success) return [];
  const base = jsonPathOf(prefix);
  return draftIssues(parsed.error.issues)
    .filter((i) => i.path === base || i.path.startsWith(`${base}.`) || i.path.startsWith(`${base}[`))
    .map((i) => ({ ...i, path: i.path.slice(base.length).replace(/^\./, "") }))
    .filter((i) => !ignore(i.path));
}

export type FormEdit = { ok: true; form: FormDefinition } | { ok: false; issues: DraftIssue[] };

export function addSection(def: FormDefinition, input: { id: string; title: string }): FormEdit {
  const id = input.id.trim();
  const title = input.title.trim();
  const issues: DraftIssue[] = [];
  if (!title) issues.push({ path: "title", message: "catalog.errors.required" });
  const next = withText({ ...def, sections: [...def.sections, { id, titleKey: `s.${id}`, fields: [] }] }, { [`s.${id}`]: title });
  const index = next.sections.length - 1;
  // A new section has no field yet: that is for the next step.
  issues.push(...issuesUnder(next, ["sections", index], (p) => p === "fields" || p === "titleKey"));
  return issues.length ? { ok: false, issues } : { ok: true, form: next };
}

/** The form editor's buttons: section-up:2, section-down:2, section-remove:2, field-up:2-3, field-down:2-3, field-remove:2-3. */
export function applyFormIntent(def: FormDefinition, intent: unknown): FormDefinition | null {
  if (typeof intent !== "string") return null;
  const m = /^(section|field)-(up|down|remove):(\d{1,3})(?:-(\d{1,3}))?$/.exec(intent);
  if (!m) return null;
  const [, what, action, a, b] = m;
  const s = Number(a);
  if (what === "section") {
    const sections = action === "remove" ? removeItem(def.sections, s) : moveItem(def.sections, s, action === "up" ? -1 : 1);
    return { ...def, sections };
  }
  if (b === undefined || !def.sections[s]) return null;
  const f = Number(b);
  return {
    ...def,
    sections: def.sections.map((section, i) =>
      i !== s ? section : { ...section, fields: action === "remove" ? removeItem(section.fields, f) : moveItem(section.fields, f, action === "up" ? -1 : 1) },
    ),
  };
}
