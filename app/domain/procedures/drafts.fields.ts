import {
  formDefinitionSchema,
  isChoiceField,
  topLevelFields,
  type Field,
  type FormDefinition,
  type ShowWhen,
} from "../forms/form-definition";
import { isCalendarDate, isIsoDate, isoDate, parseVnd } from "../forms/validators";
import { draftIssues, jsonPathOf, linesOf, type DraftIssue } from "./drafts";
import { EDITABLE_FIELD_TYPES, type EditableFieldType } from "./drafts.form";

// The catalog administration's one-field editor (pure, isomorphic): what its plain HTML form posts, how that
// becomes a field of the draft's form definition (with its validation limits, options and display condition),
// and the values the form shows again. The meta-schema (formDefinitionSchema) has the last word on every rule;
// this file only turns typed text into the definition's values and the meta-schema's issues into paths of the
// form's controls.
//
// Texts typed in Vietnamese go to texts.vi under keys generated from the field's name: f.<name> (label),
// f.<name>.hint, o.<name>.<value> (options), e.<name> (the pattern's error message), i.<name> (a group's item).
// A repeating group keeps its own fields (they are not edited here) and the keys it already has.

/** Every control of the field editor, as text (what the form posts and shows again). */
export interface FieldFormValues {
  type: string;
  name: string;
  label: string;
  hint: string;
  required: boolean;
  /** One option a line: "value|Label" (a line without "|" uses its text for both). */
  options: string;
  minLength: string;
  maxLength: string;
  pattern: string;
  patternError: string;
  /** number, money: a number; date: a day (dd/mm/yyyy or yyyy-mm-dd). */
  min: string;
  max: string;
  minToday: boolean;
  maxToday: boolean;
  notFuture: boolean;
  integer: boolean;
  acceptPersonalId: boolean;
  minSelected: string;
  maxSelected: string;
  itemLabel: string;
  minItems: string;
  maxItems: string;
  /** The earlier field whose value shows this one ("" = always shown). */
  showWhenField: string;
  /** The values of that field that show this one; for a yes/no field "yes", "no" or "filled"; none = filled. */
  showWhenEquals: string[];
  /** The field the value checkboxes were drawn for (to notice that another field was picked since). */
  showWhenFor: string;
  /** The type the page's controls were drawn for (to notice that another type was picked since). */
  typeFor: string;
}

/** The controls each type has, besides name, label, hint, required and the display condition. */
export const FIELD_CONTROLS = {
  text: ["minLength", "maxLength", "pattern", "patternError"],
  textarea: ["minLength", "maxLength"],
  number: ["min", "max", "integer"],
  date: ["min", "minToday", "max", "maxToday", "notFuture"],
  select: ["options"],
  radio: ["options"],
  checkbox: ["options", "minSelected", "maxSelected"],
  yesno: [],
  email: [],
  phone: [],
  cccd: [],
  taxCode: ["acceptPersonalId"],
  address: [],
  money: ["min", "max"],
  group: ["itemLabel", "minItems", "maxItems"],
} as const satisfies Record<Field["type"], readonly (keyof FieldFormValues)[]>;

export type FieldControl = (typeof FIELD_CONTROLS)[keyof typeof FIELD_CONTROLS][number];

export function hasControl(type: string, control: FieldControl): boolean {
  const controls = (FIELD_CONTROLS as Record<string, readonly string[]>)[type];
  return controls?.includes(control) ?? false;
}

const TEXT_LIMITS: Record<string, number> = {
  type: 20,
  name: 60,
  label: 500,
  hint: 1000,
  options: 10_000,
  pattern: 1000,
  patternError: 500,
  itemLabel: 500,
  showWhenField: 60,
  showWhenFor: 60,
  typeFor: 20,
};

/** The editor's form as posted (never throws: anything missing is empty, anything long is cut). */
export function readFieldForm(form: FormData): FieldFormValues {
  const text = (name: keyof FieldFormValues) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, TEXT_LIMITS[name] ?? 40) : "";
  };
  const flag = (name: keyof FieldFormValues) => form.get(name) === "yes";
  return {
    type: text("type") || "text",
    name: text("name"),
    label: text("label"),
    hint: text("hint"),
    required: flag("required"),
    options: text("options"),
    minLength: text("minLength"),
    maxLength: text("maxLength"),
    pattern: text("pattern"),
    patternError: text("patternError"),
    min: text("min"),
    max: text("max"),
    minToday: flag("minToday"),
    maxToday: flag("maxToday"),
    notFuture: flag("notFuture"),
    integer: flag("integer"),
    acceptPersonalId: flag("acceptPersonalId"),
    minSelected: text("minSelected"),
    maxSelected: text("maxSelected"),
    itemLabel: text("itemLabel"),
    minItems: text("minItems"),
    maxItems: text("maxItems"),
    showWhenField: text("showWhenField"),
    showWhenEquals: form
      .getAll("showWhenEquals")
      .filter((v): v is string => typeof v === "string")
      .slice(0, 100)
      .map((v) => v.slice(0, 100)),
    showWhenFor: text("showWhenFor"),
    typeFor: text("typeFor"),
  };
}

const decimalText = (n: number) => String(n).replace(".", ",");
const dayText = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The form's values for an existing field, or for a new one (a required short text). */
export function fieldFormValues(def: FormDefinition, field: Field | undefined): FieldFormValues {
  const vi = def.texts?.vi ?? {};
  const own = (key: string | undefined) => (key ? (vi[key] ?? "") : "");
  const get = <K extends string>(k: K): unknown => (field as Record<string, unknown> | undefined)?.[k];
  const num = (k: string) => (typeof get(k) === "number" ? decimalText(get(k) as number) : "");
  const when = field?.showWhen;
  const ref = when ? topLevelFields(def).find((f) => f.name === when.field) : undefined;
  const dateBound = (k: "min" | "max") => {
    const v = get(k);
    return typeof v === "string" && v !== "today" ? dayText(v) : "";
  };
  return {
    type: field?.type ?? "text",
    name: field?.name ?? "",
    label: field ? own(field.labelKey) : "",
    hint: own(field?.hintKey),
    required: field ? field.required === true : true,
    options: field && "options" in field ? field.options.map((o) => `${o.value}|${own(o.labelKey)}`).join("\n") : "",
    minLength: num("minLength"),
    maxLength: num("maxLength"),
    pattern: typeof get("pattern") === "string" ? (get("pattern") as string) : "",
    patternError: field?.type === "text" ? own(field.patternErrorKey) : "",
    min: field?.type === "date" ? dateBound("min") : num("min"),
    max: field?.type === "date" ? dateBound("max") : num("max"),
    minToday: field?.type === "date" && field.min === "today",
    maxToday: field?.type === "date" && field.max === "today",
    notFuture: get("notFuture") === true,
    integer: get("integer") === true,
    acceptPersonalId: get("acceptPersonalId") === true,
    minSelected: num("minSelected"),
    maxSelected: num("maxSelected"),
    itemLabel: field?.type === "group" ? own(field.itemLabelKey) : "",
    minItems: num("minItems"),
    maxItems: num("maxItems"),
    showWhenField: when?.field ?? "",
    showWhenEquals: !when
      ? []
      : typeof when.equals === "boolean"
        ? [when.equals ? "yes" : "no"]
        : typeof when.equals === "string"
          ? [when.equals]
          : Array.isArray(when.equals)
            ? [...when.equals]
            : ref?.type === "yesno"
              ? ["filled"]
              : [],
    showWhenFor: when?.field ?? "",
    typeFor: field?.type ?? "text",
  };
}

/** A field that the display condition of the field being edited may look at, with its choices if it has any. */
export interface ConditionCandidate {
  name: string;
  label: string;
  type: Field["type"];
  /** select, radio, checkbox: the options; yes/no: "yes" and "no" (labelled by the page); others: none. */
  choices: { value: string; label: string }[];
}

/** The top-level fields before position (section, field) — "new" is the end of the section — in order. */
export function conditionCandidates(def: FormDefinition, sectionIndex: number, fieldIndex: number | "new"): ConditionCandidate[] {
  const vi = def.texts?.vi ?? {};
  const earlier = def.sections.flatMap((section, s) =>
    s < sectionIndex ? section.fields : s === sectionIndex ? section.fields.slice(0, fieldIndex === "new" ? undefined : fieldIndex) : [],
  );
  return earlier.map((field) => ({
    name: field.name,
    label: vi[field.labelKey] ?? field.name,
    type: field.type,
    choices:
      "options" in field
        ? field.options.map((o) => ({ value: o.value, label: vi[o.labelKey] ?? o.value }))
        : field.type === "yesno"
          ? [
              { value: "yes", label: "yes" },
              { value: "no", label: "no" },
            ]
          : [],
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// From the form to the definition
// ---------------------------------------------------------------------------------------------------------------

/** Admin i18n keys of the editor's own messages (the meta-schema's are formDefinition.errors.*). */
export const fieldFormErrors = {
  required: "catalog.errors.required",
  unknownType: "formDefinition.errors.unknownFieldType",
  wholeNumber: "formDefinition.errors.wholeNumber",
  number: "form.fieldErrors.number",
  money: "form.fieldErrors.money",
  date: "form.fieldErrors.date",
  dateTwice: "form.fieldErrors.dateTwice",
  patternErrorWithoutPattern: "form.fieldErrors.patternErrorWithoutPattern",
  pickConditionValue: "form.fieldErrors.pickConditionValue",
  typeChanged: "form.fieldErrors.typeChanged",
  usedByCondition: "form.fieldErrors.usedByCondition",
  notFound: "catalog.errors.zod.custom",
} as const;
const E = fieldFormErrors;

export type FieldEdit = { ok: true; form: FormDefinition } | { ok: false; issues: DraftIssue[] };

/** Options typed one a line as "value|Label" (a line without "|" uses the same text for both). */
function readOptions(text: string): { value: string; label: string }[] {
  return linesOf(text).map((line) => {
    const [value = "", ...rest] = line.split("|");
    const label = rest.join("|").trim();
    return { value: value.trim(), label: label || value.trim() };
  });
}

/** A day typed as dd/mm/yyyy (or d/m/yyyy, or yyyy-mm-dd) → YYYY-MM-DD; null when it is not a real day. */
export function readDay(text: string): string | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isCalendarDate(y, mo, d) ? isoDate(y, mo, d) : null;
}

/** A decimal number typed the Vietnamese way ("2,5") or not ("2.5"); null when it is not one. */
export function readDecimal(text: string): number | null {
  const t = text.trim().replace(/\s+/g, "");
  if (!/^[+-]?\d{1,15}(?:[.,]\d{1,10})?$/.test(t)) return null;
  const n = Number(t.replace(",", "."));
  return Number.isFinite(n) ? n : null;
}

const TEXT_KEY = /^[A-Za-z0-9_.-]+$/;

function withTexts(def: FormDefinition, entries: Record<string, string>): FormDefinition {
  const vi = { ...(def.texts?.vi ?? {}) };
  // A key made from a malformed name or option value is left out (their own issue says why).
  for (const [key, value] of Object.entries(entries)) if (value && TEXT_KEY.test(key)) vi[key] = value;
  return { ...def, texts: { ...def.texts, vi } };
}

/** Every field's display condition that names `from` now names `to` (a group's own field of that name wins). */
function renameReferences(fields: readonly Field[], from: string, to: string): Field[] {
  const rename = <F extends Field>(field: F): F =>
    field.showWhen?.field === from ? { ...field, showWhen: { ...field.showWhen, field: to } } : field;
  return fields.map((field) => {
    const renamed = rename(field);
    if (renamed.type !== "group" || renamed.fields.some((sub) => sub.name === from)) return renamed;
    return { ...renamed, fields: renamed.fields.map(rename) };
  });
}

function issuesOf(def: FormDefinition): DraftIssue[] {
  const parsed = formDefinitionSchema.safeParse(def);
  return parsed.success ? [] : draftIssues(parsed.error.issues);
}

/**
 * Put the field typed in the editor at (section, field) — "new" appends it to the section — and check the
 * whole definition with the meta-schema. Issues come back with paths of the field ("maxLength",
 * "options[1].value", "showWhen.field") or of the form's own controls ("label", "min", "showWhen.equals").
 */
export function putFieldForm(def: FormDefinition, sectionIndex: number, fieldIndex: number | "new", input: FieldFormValues): FieldEdit {
  const section = def.sections[sectionIndex];
  const existing = fieldIndex === "new" ? undefined : section?.fields[fieldIndex];
  if (!section || (fieldIndex !== "new" && !existing)) return { ok: false, issues: [{ path: "", message: E.notFound }] };

  const issues: DraftIssue[] = [];
  const problem = (path: string, message: string) => issues.push({ path, message });
  const isGroup = existing?.type === "group";
  const type = isGroup ? "group" : input.type;
  if (!isGroup && !(EDITABLE_FIELD_TYPES as readonly string[]).includes(type)) {
    return { ok: false, issues: [{ path: "type", message: E.unknownType }] };
  }
  // Another type was picked since the page was drawn: show its own controls before saving.
  if (!isGroup && input.typeFor && input.typeFor !== type && FIELD_CONTROLS[type as EditableFieldType].length > 0) {
    return { ok: false, issues: [{ path: "type", message: E.typeChanged }] };
  }
  const has = (control: FieldControl) => hasControl(type, control);
  const name = input.name.trim();
  const label = input.label.trim();
  const hint = input.hint.trim();
  const texts: Record<string, string> = {};

  const whole = (control: FieldControl & keyof FieldFormValues): number | undefined => {
    const t = String(input[control]).trim().replace(/\s+/g, "");
    if (!has(control) || t === "") return undefined;
    if (!/^\d{1,9}$/.test(t)) return void problem(control, E.wholeNumber);
    return Number(t);
  };

  const field: Record<string, unknown> = { type, name, labelKey: `f.${name}` };
  if (isGroup && existing) {
    field.labelKey = existing.labelKey.startsWith("form.") ? `f.${name}` : existing.labelKey;
  }
  texts[field.labelKey as string] = label;
  if (!label) problem("label", E.required);
  if (hint) {
    field.hintKey = isGroup && existing?.hintKey && !existing.hintKey.startsWith("form.") ? existing.hintKey : `f.${name}.hint`;
    texts[field.hintKey as string] = hint;
  }
  field.required = input.required;

  // Validation limits.
  field.minLength = whole("minLength");
  field.maxLength = whole("maxLength");
  if (has("pattern")) {
    const pattern = input.pattern.trim();
    const message = input.patternError.trim();
    if (pattern) field.pattern = pattern;
    if (message && !pattern) problem("patternError", E.patternErrorWithoutPattern);
    if (message && pattern) {
      field.patternErrorKey = `e.${name}`;
      texts[`e.${name}`] = message;
    }
  }
  if (type === "number" || type === "money") {
    for (const bound of ["min", "max"] as const) {
      const t = input[bound].trim();
      if (!t) continue;
      const value = type === "number" ? readDecimal(t) : parseVnd(t);
      if (value === null || (type === "money" && value < 0)) problem(bound, type === "number" ? E.number : E.money);
      else field[bound] = value;
    }
    if (type === "number" && input.integer) field.integer = true;
  }
  if (type === "date") {
    for (const bound of ["min", "max"] as const) {
      const t = input[bound].trim();
      const today = bound === "min" ? input.minToday : input.maxToday;
      if (t && today) problem(bound, E.dateTwice);
      else if (today) field[bound] = "today";
      else if (t) {
        const day = readDay(t);
        if (day) field[bound] = day;
        else problem(bound, E.date);
      }
    }
    if (input.notFuture) field.notFuture = true;
  }
  if (type === "taxCode" && input.acceptPersonalId) field.acceptPersonalId = true;

  // Options.
  if (has("options")) {
    const options = readOptions(input.options);
    field.options = options.map((o) => ({ value: o.value, labelKey: `o.${name}.${o.value}` }));
    for (const o of options) texts[`o.${name}.${o.value}`] = o.label;
    field.minSelected = whole("minSelected");
    field.maxSelected = whole("maxSelected");
  }

  // A repeating group: its own fields stay; the item's label and the number of items.
  if (isGroup && existing?.type === "group") {
    field.fields = existing.fields;
    field.itemLabelKey = existing.itemLabelKey.startsWith("form.") ? `i.${name}` : existing.itemLabelKey;
    const itemLabel = input.itemLabel.trim();
    if (itemLabel) texts[field.itemLabelKey as string] = itemLabel;
    else problem("itemLabel", E.required);
    field.minItems = whole("minItems");
    field.maxItems = whole("maxItems");
  }

  // The display condition.
  const refName = input.showWhenField.trim();
  if (refName) {
    const ref = topLevelFields(def).find((f) => f.name === refName);
    const picked = input.showWhenEquals.map((v) => v.trim()).filter(Boolean);
    let showWhen: ShowWhen = { field: refName, filled: true };
    if (ref && isChoiceField(ref)) {
      // Another field was picked since the page was drawn: its values were not on the page yet.
      if (input.showWhenFor !== refName) problem("showWhen.equals", E.pickConditionValue);
      else if (ref.type === "yesno") {
        if (picked[0] === "yes" || picked[0] === "no") showWhen = { field: refName, equals: picked[0] === "yes" };
      } else if (picked.length === 1) showWhen = { field: refName, equals: picked[0]! };
      else if (picked.length > 1) showWhen = { field: refName, equals: picked };
    }
    field.showWhen = showWhen;
  }

  const clean = Object.fromEntries(Object.entries(field).filter(([, v]) => v !== undefined)) as unknown as Field;
  // Into the definition, renaming the conditions of other fields that looked at this one.
  const oldName = existing?.name;
  const renamed = oldName && oldName !== name && name ? oldName : undefined;
  const sections = def.sections.map((s, i) => {
    const fields = i !== sectionIndex ? s.fields : fieldIndex === "new" ? [...s.fields, clean] : s.fields.map((f, j) => (j === fieldIndex ? clean : f));
    return { ...s, fields: renamed ? renameReferences(fields, renamed, name) : fields };
  });
  const next = withTexts({ ...def, sections }, texts);

  // The meta-schema's issues of this field, and those it causes elsewhere (another field's condition that used a
  // value or a name that is gone).
  const position = fieldIndex === "new" ? section.fields.length : fieldIndex;
  const base = jsonPathOf(["sections", sectionIndex, "fields", position]);
  const before = new Set(issuesOf(def).map((i) => `${i.path} ${i.message}`));
  for (const issue of issuesOf(next)) {
    const own = issue.path === base || issue.path.startsWith(`${base}.`) || issue.path.startsWith(`${base}[`);
    if (own) {
      const path = issue.path.slice(base.length).replace(/^\./, "");
      // Keys are generated from the name and the option values, and texts left empty have their own message:
      // a key's problem is always one of those, already reported.
      const keyProblem = issue.message === "formDefinition.errors.unknownTextKey" || issue.message === "formDefinition.errors.key";
      if (keyProblem && /Key$/.test(path)) continue;
      problem(path, issue.message);
    } else if (!before.has(`${issue.path} ${issue.message}`)) {
      if (issue.message === "formDefinition.errors.duplicateName") problem("name", issue.message);
      else if (issue.message.startsWith("formDefinition.errors.showWhen")) problem(has("options") ? "options" : "type", E.usedByCondition);
      else problem("", issue.message);
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, form: next };
}

/**
 * Whether a change of the definition (moving or removing a field or a section) leaves a display condition
 * looking at a later field, an unknown field or a value that is gone, where there was no such problem before.
 */
export function breaksConditions(before: FormDefinition, after: FormDefinition): boolean {
  const conditionIssues = (def: FormDefinition) =>
    issuesOf(def)
      .filter((i) => i.message.startsWith("formDefinition.errors.showWhen"))
      .map((i) => i.message);
  return conditionIssues(after).length > conditionIssues(before).length;
}
