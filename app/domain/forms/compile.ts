// From a form definition to the zod schema of the values a citizen submits (pure, isomorphic).
//
// Input: the submitted form as an object, as a FormData parser such as @conform-to/zod's parseWithZod builds it
// from the field names: strings; string arrays for checkboxes; nested objects for `name.part` names (address,
// date parts); arrays of objects for `group[0].field` names. Empty and whitespace-only strings count as absent.
// Output: the typed values of the fields that are shown (see FieldValue), without hidden or unknown fields.
//
// Field names the UI should use:
//   address  → `{name}.province`, `{name}.district`, `{name}.commune`, `{name}.street`
//   date     → `{name}` (an <input type="date">: YYYY-MM-DD) or the three boxes `{name}.day`, `{name}.month`,
//              `{name}.year` (give DateInput `names`); "dd/mm/yyyy" typed in one text box is accepted too
//   checkbox → `{name}` repeated, one per ticked option
//   group    → `{name}[{i}].{field}`
//
// Error messages are i18n keys (namespace "forms"); issues carry `params` for interpolation where noted. With
// parseWithZod, keep them through its `formatError` option (the default reply keeps only the messages).
//
//   form.errors.invalid          the value has the wrong shape (e.g. a list where one value is expected)
//   form.errors.required         a required field (or one part of an address) is empty
//   form.errors.tooShort         text shorter than {min} characters
//   form.errors.tooLong          text longer than {max} characters
//   form.errors.pattern          text does not match the field's pattern (or the field's patternErrorKey)
//   form.errors.number           not a number
//   form.errors.integer          not a whole number
//   form.errors.tooSmall         number or amount below {min}
//   form.errors.tooBig           number or amount above {max}
//   form.errors.money            not a whole, non-negative number of đồng
//   form.errors.date             not a real date
//   form.errors.dateIncomplete   a date with some of day, month, year missing ({missing}: the missing parts)
//   form.errors.dateTooEarly     a date before {min} (YYYY-MM-DD)
//   form.errors.dateTooLate      a date after {max} (YYYY-MM-DD)
//   form.errors.dateFuture       a date after today where the date cannot be in the future
//   form.errors.option           a value that is not one of the field's choices
//   form.errors.tooFewSelected   fewer than {min} boxes ticked
//   form.errors.tooManySelected  more than {max} boxes ticked
//   form.errors.email            not an e-mail address
//   form.errors.phone            not a Vietnamese phone number
//   form.errors.cccdLength       a personal identification number that is not 12 digits
//   form.errors.cccd             12 digits that are not a valid personal identification number
//   form.errors.taxCode          not a valid tax code
//   form.errors.adminUnit        an address part that is not an administrative-unit code
//   form.errors.tooFewItems      fewer than {min} items in a repeating group
//   form.errors.tooManyItems     more than {max} items in a repeating group

import { z } from "zod";
import { todayInVietnam } from "../shared/format";
import {
  compilePattern,
  formDefinitionSchema,
  GROUP_MAX_ITEMS_LIMIT,
  TEXT_MAX_LENGTH_DEFAULT,
  TEXTAREA_MAX_LENGTH_DEFAULT,
  topLevelFields,
  type Field,
  type FormDefinition,
  type GroupField,
  type LeafField,
  type ShowWhen,
} from "./form-definition";
import {
  isCalendarDate,
  isEmail,
  isIsoDate,
  isoDate,
  normalizePhone,
  normalizeTaxCode,
  parseCccd,
  parseVnd,
} from "./validators";

export const formErrors = {
  invalid: "form.errors.invalid",
  required: "form.errors.required",
  tooShort: "form.errors.tooShort",
  tooLong: "form.errors.tooLong",
  pattern: "form.errors.pattern",
  number: "form.errors.number",
  integer: "form.errors.integer",
  tooSmall: "form.errors.tooSmall",
  tooBig: "form.errors.tooBig",
  money: "form.errors.money",
  date: "form.errors.date",
  dateIncomplete: "form.errors.dateIncomplete",
  dateTooEarly: "form.errors.dateTooEarly",
  dateTooLate: "form.errors.dateTooLate",
  dateFuture: "form.errors.dateFuture",
  option: "form.errors.option",
  tooFewSelected: "form.errors.tooFewSelected",
  tooManySelected: "form.errors.tooManySelected",
  email: "form.errors.email",
  phone: "form.errors.phone",
  cccdLength: "form.errors.cccdLength",
  cccd: "form.errors.cccd",
  taxCode: "form.errors.taxCode",
  adminUnit: "form.errors.adminUnit",
  tooFewItems: "form.errors.tooFewItems",
  tooManyItems: "form.errors.tooManyItems",
} as const;
const E = formErrors;

/** The street line of an address holds at most this many characters. */
export const ADDRESS_STREET_MAX_LENGTH = 200;

export interface AddressValue {
  /** GSO code of the province, 2 digits ("02" Hà Giang). */
  province: string;
  /** GSO code of the district-level unit, 3 digits ("024" Hà Giang city). */
  district: string;
  /** GSO code of the commune-level unit, 5 digits ("00688" Quang Trung ward). */
  commune: string;
  /** House number, street, hamlet (thôn, bản, tổ): free text. */
  street: string;
}

/**
 * A field's value after validation: text, e-mail, phone (national format 0…), CCCD (12 digits), tax code
 * (10 digits or 10 + "-" + 3), select, radio and date (YYYY-MM-DD) → string; number, money → number;
 * yesno → boolean; checkbox → string[] (in the order of the options); address → AddressValue.
 */
export type LeafValue = string | number | boolean | string[] | AddressValue;
export type GroupItemValues = Record<string, LeafValue>;
/** A repeating group → one object per (non-empty) item. */
export type FieldValue = LeafValue | GroupItemValues[];
/** The validated submission: one entry per shown, non-empty field. */
export type FormValues = Record<string, FieldValue>;

export type FormSchema = z.ZodType<FormValues, Record<string, unknown>>;

export interface CompileOptions {
  /** YYYY-MM-DD; default: the day of each validation in Asia/Ho_Chi_Minh (so a cached schema stays right). */
  today?: string;
}

interface Issue {
  path: (string | number)[];
  message: string;
  params?: Record<string, unknown>;
}

interface Env {
  today: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------------------------

type Values = Record<string, unknown>;

/** Whether a submitted value holds anything: a non-blank string, or a list or object holding one. */
function isFilled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.some(isFilled);
  if (typeof value === "object") return Object.values(value).some(isFilled);
  return true;
}

function asRecord(value: unknown): Values | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Values) : undefined;
}

function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  const text = value.trim().toLowerCase();
  if (text === "yes" || text === "true" || text === "on") return true;
  if (text === "no" || text === "false") return false;
  return undefined;
}

/** The non-blank strings of a value that may be one string or a list of them (a checkbox). */
function toStrings(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => item === undefined || item === null || typeof item === "string")) return undefined;
  return list
    .filter((item): item is string => typeof item === "string" && item.trim() !== "")
    .map((item) => item.trim());
}

/** Whether the condition holds for the referenced field's submitted (or already validated) value. */
function conditionHolds(when: ShowWhen, ref: Field, value: unknown): boolean {
  if (when.equals === undefined) return when.filled === true && isFilled(value);
  if (ref.type === "yesno") return toBoolean(value) === when.equals;
  if (typeof when.equals === "boolean") return false;
  const wanted = Array.isArray(when.equals) ? when.equals : [when.equals];
  const given = ref.type === "checkbox" ? toStrings(value) ?? [] : typeof value === "string" ? [value.trim()] : [];
  return given.some((v) => wanted.includes(v));
}

interface Scope {
  fields: Map<string, Field>;
  visible: Set<string>;
  values: Values;
}

/**
 * The fields of `fields` that are shown, in order. A condition looks at an earlier field of the same scope or,
 * inside a group item, at a top-level field (`outer`); a hidden field's value never makes a condition true,
 * so hiding cascades.
 */
function shownFields(fields: readonly Field[], values: Values, outer?: Scope): Scope {
  const scope: Scope = { fields: new Map(), visible: new Set(), values };
  for (const field of fields) {
    scope.fields.set(field.name, field);
    const when = field.showWhen;
    if (!when) {
      scope.visible.add(field.name);
      continue;
    }
    const own = scope.fields.get(when.field);
    const where = own && own !== field ? scope : outer?.fields.has(when.field) ? outer : undefined;
    const ref = where?.fields.get(when.field);
    if (where && ref && where.visible.has(when.field) && conditionHolds(when, ref, where.values[when.field])) {
      scope.visible.add(field.name);
    }
  }
  return scope;
}

/** The names of the top-level fields shown for these values (raw or validated), in definition order. */
export function visibleFields(def: FormDefinition, values: Record<string, unknown>): string[] {
  return [...shownFields(topLevelFields(def), values).visible];
}

/**
 * The names of the fields shown in item `index` of repeating group `groupName`, in order; [] when the group
 * itself is hidden or unknown.
 */
export function visibleGroupItemFields(
  def: FormDefinition,
  groupName: string,
  values: Record<string, unknown>,
  index: number,
): string[] {
  const top = shownFields(topLevelFields(def), values);
  const group = top.fields.get(groupName);
  if (!group || group.type !== "group" || !top.visible.has(groupName)) return [];
  const items = values[groupName];
  const item = Array.isArray(items) ? asRecord(items[index]) : undefined;
  return [...shownFields(group.fields, item ?? {}, top).visible];
}

// ---------------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------------

type Outcome<T> = { value?: T; issues: Issue[] };
const fail = (message: string, params?: Record<string, unknown>): Outcome<never> => ({
  issues: [{ path: [], message, ...(params ? { params } : {}) }],
});
const ok = <T>(value: T): Outcome<T> => ({ value, issues: [] });

/** NFC-normalised, trimmed text; undefined when blank; null when the value is not text. */
function readText(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" || typeof value === "boolean") value = String(value);
  if (typeof value !== "string") return null;
  const text = value.normalize("NFC").trim();
  return text === "" ? undefined : text;
}

const charCount = (text: string) => [...text].length;

function parseLength(text: string, min: number | undefined, max: number): Outcome<string> | undefined {
  const length = charCount(text);
  if (min !== undefined && length < min) return fail(E.tooShort, { min });
  if (length > max) return fail(E.tooLong, { max });
  return undefined;
}

function parseNumberText(text: string): number | undefined {
  if (!/^[+-]?\d+(?:[.,]\d+)?$/.test(text)) return undefined;
  const number = Number(text.replace(",", "."));
  return Number.isFinite(number) ? number : undefined;
}

function checkRange(value: number, min: number | undefined, max: number | undefined): Outcome<number> {
  if (min !== undefined && value < min) return fail(E.tooSmall, { min });
  if (max !== undefined && value > max) return fail(E.tooBig, { max });
  return ok(value);
}

const DATE_PARTS = ["day", "month", "year"] as const;

/** A date from "YYYY-MM-DD", "dd/mm/yyyy" or { day, month, year } (an absent value is handled by the caller). */
function readDate(value: unknown): Outcome<string> {
  const parts = asRecord(value);
  if (parts) {
    const texts = DATE_PARTS.map((part) => readText(parts[part]));
    if (texts.some((t) => t === null)) return fail(E.invalid);
    const missing = DATE_PARTS.filter((_, i) => texts[i] === undefined);
    if (missing.length > 0) return fail(E.dateIncomplete, { missing });
    const [day, month, year] = texts as string[];
    if (!/^\d{1,2}$/.test(day ?? "") || !/^\d{1,2}$/.test(month ?? "") || !/^\d{4}$/.test(year ?? ""))
      return fail(E.date);
    const [d, m, y] = [Number(day), Number(month), Number(year)];
    return isCalendarDate(y, m, d) ? ok(isoDate(y, m, d)) : fail(E.date);
  }
  const text = readText(value);
  if (text === null || text === undefined) return fail(E.invalid);
  if (isIsoDate(text)) return ok(text);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (vn) {
    const [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
    if (isCalendarDate(y, m, d)) return ok(isoDate(y, m, d));
  }
  return fail(E.date);
}

interface Prepared {
  pattern?: RegExp;
  options?: Set<string>;
}

function prepare(field: LeafField): Prepared {
  return {
    ...(field.type === "text" && field.pattern !== undefined
      ? { pattern: compilePattern(field.pattern) ?? undefined }
      : {}),
    ...("options" in field ? { options: new Set(field.options.map((o) => o.value)) } : {}),
  };
}

/** The value of one non-empty leaf field (emptiness and `required` are handled by the caller). */
function parseLeaf(field: LeafField, prepared: Prepared, raw: unknown, env: Env): Outcome<LeafValue> {
  switch (field.type) {
    case "text":
    case "textarea": {
      let text = readText(raw);
      if (text === null || text === undefined) return fail(E.invalid);
      if (field.type === "textarea") text = text.replace(/\r\n?/g, "\n");
      const maxLength =
        field.maxLength ?? (field.type === "text" ? TEXT_MAX_LENGTH_DEFAULT : TEXTAREA_MAX_LENGTH_DEFAULT);
      const lengthProblem = parseLength(text, field.minLength, maxLength);
      if (lengthProblem) return lengthProblem;
      if (prepared.pattern && !prepared.pattern.test(text)) {
        return fail((field.type === "text" && field.patternErrorKey) || E.pattern);
      }
      return ok(text);
    }
    case "email": {
      const text = readText(raw);
      if (text === null || text === undefined) return fail(E.invalid);
      return isEmail(text) ? ok(text) : fail(E.email);
    }
    case "phone": {
      const text = readText(raw);
      if (text === null || text === undefined) return fail(E.invalid);
      const phone = normalizePhone(text);
      return phone ? ok(phone) : fail(E.phone);
    }
    case "cccd": {
      const text = readText(raw);
      if (text === null || text === undefined) return fail(E.invalid);
      const digits = text.replace(/\s+/g, "");
      if (!/^\d{12}$/.test(digits)) return fail(E.cccdLength);
      return parseCccd(digits, Number(env.today.slice(0, 4))) ? ok(digits) : fail(E.cccd);
    }
    case "taxCode": {
      const text = readText(raw);
      if (text === null || text === undefined) return fail(E.invalid);
      const taxCode = normalizeTaxCode(text);
      if (taxCode) return ok(taxCode);
      const digits = text.replace(/\s+/g, "");
      if (field.acceptPersonalId && parseCccd(digits, Number(env.today.slice(0, 4)))) return ok(digits);
      return fail(E.taxCode);
    }
    case "number": {
      const number = typeof raw === "number" ? raw : parseNumberText(readText(raw) ?? "");
      if (number === undefined || !Number.isFinite(number)) return fail(E.number);
      if (field.integer && !Number.isInteger(number)) return fail(E.integer);
      return checkRange(number, field.min, field.max);
    }
    case "money": {
      const amount = typeof raw === "number" ? raw : parseVnd(readText(raw) ?? "");
      if (amount === null || !Number.isSafeInteger(amount) || amount < 0) return fail(E.money);
      return checkRange(amount, field.min, field.max);
    }
    case "date": {
      const date = readDate(raw);
      if (date.value === undefined) return date;
      const bound = (b: string | undefined) => (b === "today" ? env.today : b);
      const [min, max] = [bound(field.min), bound(field.max)];
      if (min !== undefined && date.value < min) return fail(E.dateTooEarly, { min });
      if (max !== undefined && date.value > max) return fail(E.dateTooLate, { max });
      if (field.notFuture && date.value > env.today) return fail(E.dateFuture);
      return date;
    }
    case "select":
    case "radio": {
      const text = readText(raw);
      if (text === null || text === undefined) return fail(E.invalid);
      return prepared.options?.has(text) ? ok(text) : fail(E.option);
    }
    case "checkbox": {
      const chosen = toStrings(raw);
      if (chosen === undefined) return fail(E.invalid);
      if (chosen.some((v) => !prepared.options?.has(v))) return fail(E.option);
      // In the order of the options, each once.
      const selected = field.options.map((o) => o.value).filter((v) => chosen.includes(v));
      if (field.minSelected !== undefined && selected.length < field.minSelected) {
        return fail(E.tooFewSelected, { min: field.minSelected });
      }
      if (field.maxSelected !== undefined && selected.length > field.maxSelected) {
        return fail(E.tooManySelected, { max: field.maxSelected });
      }
      return ok(selected);
    }
    case "yesno": {
      const answer = toBoolean(raw);
      return answer === undefined ? fail(E.option) : ok(answer);
    }
    case "address":
      return parseAddress(raw);
  }
}

const ADMIN_UNIT_CODE = { province: /^\d{2}$/, district: /^\d{3}$/, commune: /^\d{5}$/ } as const;

/** A partly filled address needs every part (a fully empty one is handled by the caller). */
function parseAddress(raw: unknown): Outcome<AddressValue> {
  const parts = asRecord(raw);
  if (!parts) return fail(E.invalid);
  const issues: Issue[] = [];
  const value: Partial<AddressValue> = {};
  for (const part of ["province", "district", "commune", "street"] as const) {
    const text = readText(parts[part]);
    if (text === null) issues.push({ path: [part], message: E.invalid });
    else if (text === undefined) issues.push({ path: [part], message: E.required });
    else if (part !== "street" && !ADMIN_UNIT_CODE[part].test(text))
      issues.push({ path: [part], message: E.adminUnit });
    else if (part === "street" && charCount(text) > ADDRESS_STREET_MAX_LENGTH) {
      issues.push({ path: [part], message: E.tooLong, params: { max: ADDRESS_STREET_MAX_LENGTH } });
    } else value[part] = text;
  }
  return issues.length > 0 ? { issues } : ok(value as AddressValue);
}

// ---------------------------------------------------------------------------------------------------------------
// Fields and groups
// ---------------------------------------------------------------------------------------------------------------

/** Validates one field's submitted value; `scope` holds the fields a group item's conditions may look at. */
type Validate = (raw: unknown, scope: Scope, env: Env) => Outcome<FieldValue>;

function compileLeaf(field: LeafField): Validate {
  const prepared = prepare(field);
  return (raw, _scope, env) => {
    if (!isFilled(raw)) return field.required ? fail(E.required) : { issues: [] };
    return parseLeaf(field, prepared, raw, env);
  };
}

function compileGroup(group: GroupField): Validate {
  const subfields = group.fields.map((field) => ({ field, validate: compileLeaf(field) }));
  const maxItems = Math.min(group.maxItems ?? GROUP_MAX_ITEMS_LIMIT, GROUP_MAX_ITEMS_LIMIT);
  return (raw, outer, env) => {
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) return fail(E.invalid);
    const items = (raw ?? []) as unknown[];
    const issues: Issue[] = [];
    const value: GroupItemValues[] = [];
    // Blank items (an empty row the page added) are dropped; issues keep the submitted index.
    items.forEach((rawItem, index) => {
      if (!isFilled(rawItem)) return;
      const item = asRecord(rawItem);
      if (!item) return issues.push({ path: [index], message: E.invalid });
      const scope = shownFields(group.fields, item, outer);
      const out: GroupItemValues = {};
      for (const { field, validate } of subfields) {
        if (!scope.visible.has(field.name)) continue;
        const result = validate(item[field.name], scope, env);
        for (const issue of result.issues) issues.push({ ...issue, path: [index, field.name, ...issue.path] });
        if (result.value !== undefined) out[field.name] = result.value as LeafValue;
      }
      value.push(out);
    });
    const count = value.length;
    if (count === 0 && issues.length === 0) return group.required ? fail(E.required) : { issues };
    if (count > 0 && group.minItems !== undefined && count < group.minItems)
      issues.push({ path: [], message: E.tooFewItems, params: { min: group.minItems } });
    if (count > maxItems) issues.push({ path: [], message: E.tooManyItems, params: { max: maxItems } });
    return issues.length > 0 ? { issues } : ok(value);
  };
}

/**
 * The zod schema of the values submitted for `def`. Throws when `def` does not pass formDefinitionSchema.
 *
 * Rules: a field hidden by its `showWhen` (evaluated on the submitted values) is neither required nor
 * validated, and is absent from the output, as are unknown keys and empty optional fields. A visible required
 * field that is empty fails with form.errors.required; minimums (length, selected boxes, group items) apply
 * only once something is entered, like an HTML minlength. Each field reports at most one issue (an address one
 * per part, a group one per item field plus one for the number of items); issue paths are the field names
 * (["placeOfBirth", "district"], ["members", 2, "cccd"]), so parseWithZod maps them onto the inputs.
 */
export function compileFormSchema(def: FormDefinition, options?: CompileOptions): FormSchema {
  const checked = formDefinitionSchema.safeParse(def);
  if (!checked.success) {
    const where = checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid form definition (${where})`);
  }
  if (options?.today !== undefined && !isIsoDate(options.today)) {
    throw new RangeError(`options.today is not a YYYY-MM-DD date: ${options.today}`);
  }
  const fields = topLevelFields(def);
  const compiled = fields.map((field) => ({
    field,
    validate: field.type === "group" ? compileGroup(field) : compileLeaf(field),
  }));

  return z.record(z.string(), z.unknown(), { error: E.invalid }).transform((values, ctx) => {
    const env: Env = { today: options?.today ?? todayInVietnam() };
    const scope = shownFields(fields, values);
    const output: FormValues = {};
    for (const { field, validate } of compiled) {
      if (!scope.visible.has(field.name)) continue;
      const result = validate(values[field.name], scope, env);
      for (const issue of result.issues) {
        ctx.issues.push({
          code: "custom",
          message: issue.message,
          path: [field.name, ...issue.path],
          input: values[field.name],
          ...(issue.params ? { params: issue.params } : {}),
        });
      }
      if (result.value !== undefined && result.issues.length === 0) output[field.name] = result.value;
    }
    return output;
  });
}
