import { formDefinitionSchema, type Field, type FormDefinition } from "../forms/form-definition";
import { draftIssues, jsonPathOf, linesOf, moveItem, removeItem, type DraftIssue } from "./drafts";

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
const WITH_OPTIONS = new Set(["select", "radio", "checkbox"]);

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

export interface FieldInput {
  type: string;
  name: string;
  label: string;
  hint: string;
  required: boolean;
  options: string;
}

/** Options typed one per line as "value|Label" (a line without "|" uses the same text for both). */
function readOptions(text: string): { value: string; label: string }[] {
  return linesOf(text).map((line) => {
    const [value = "", ...rest] = line.split("|");
    const label = rest.join("|").trim();
    return { value: value.trim(), label: label || value.trim() };
  });
}

/** Put a field (new when `fieldIndex` is "new") into a section; checked with the form meta-schema. */
export function putField(def: FormDefinition, sectionIndex: number, fieldIndex: number | "new", input: FieldInput): FormEdit {
  const section = def.sections[sectionIndex];
  if (!section) return { ok: false, issues: [{ path: "", message: "catalog.errors.zod.custom" }] };
  const name = input.name.trim();
  const existing = fieldIndex === "new" ? undefined : section.fields[fieldIndex];
  const options = WITH_OPTIONS.has(input.type) ? readOptions(input.options) : [];
  const labelKey = `f.${name}`;
  const hintKey = input.hint.trim() ? `f.${name}.hint` : undefined;
  // Properties the editor does not show (lengths, limits, conditions) stay when the type stays.
  const kept = existing && existing.type === input.type ? existing : {};
  const field = {
    ...kept,
    type: input.type,
    name,
    labelKey,
    ...(hintKey ? { hintKey } : { hintKey: undefined }),
    required: input.required,
    ...(WITH_OPTIONS.has(input.type) ? { options: options.map((o) => ({ value: o.value, labelKey: `o.${name}.${o.value}` })) } : { options: undefined }),
  } as unknown as Field;
  const clean = Object.fromEntries(Object.entries(field).filter(([, v]) => v !== undefined)) as unknown as Field;
  const fields = fieldIndex === "new" ? [...section.fields, clean] : section.fields.map((f, i) => (i === fieldIndex ? clean : f));
  const texts: Record<string, string | undefined> = { [labelKey]: input.label.trim() };
  if (hintKey) texts[hintKey] = input.hint.trim();
  for (const o of options) texts[`o.${name}.${o.value}`] = o.label;
  const next = withText({ ...def, sections: def.sections.map((s, i) => (i === sectionIndex ? { ...s, fields } : s)) }, texts);
  const position = fieldIndex === "new" ? fields.length - 1 : fieldIndex;
  const issues: DraftIssue[] = [];
  if (!input.label.trim()) issues.push({ path: "label", message: "catalog.errors.required" });
  if (!(EDITABLE_FIELD_TYPES as readonly string[]).includes(input.type)) issues.push({ path: "type", message: "formDefinition.errors.unknownFieldType" });
  issues.push(...issuesUnder(next, ["sections", sectionIndex, "fields", position]).filter((i) => !(i.path === "labelKey" && !input.label.trim())));
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
