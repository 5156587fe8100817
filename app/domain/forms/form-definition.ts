// The form definition of a procedure version: the typed list of sections and fields a citizen fills in online,
// and the zod meta-schema that decides whether a definition is well formed. Pure and isomorphic.
//
// Error messages of the meta-schema are i18n keys (namespace "forms"); issues of the kind too_big keep zod's
// `maximum`, issues with a `params` object carry the values to interpolate.
//
//   formDefinition.errors.invalid              a value of the wrong kind (a number where text is expected, …)
//   formDefinition.errors.missing              a required property is absent
//   formDefinition.errors.unknownProperty      a property the format does not have (a typo such as "requried")
//   formDefinition.errors.unknownFieldType     `type` is not one of the field types
//   formDefinition.errors.nestedGroup          a repeating group inside a repeating group
//   formDefinition.errors.version              `version` is not 1
//   formDefinition.errors.empty                an empty list (sections, fields, options)
//   formDefinition.errors.sectionId            a section id that is not a slug (a-z, 0-9, "-", starting with a letter)
//   formDefinition.errors.fieldName            a field name that is not camelCase letters and digits
//   formDefinition.errors.key                  a text key with spaces or other characters (A-Z a-z 0-9 _ . -)
//   formDefinition.errors.emptyText            an empty text in `texts`
//   formDefinition.errors.optionValue          an option value with characters other than A-Z a-z 0-9 _ . -
//   formDefinition.errors.wholeNumber          a length, count or amount that is not a whole number ≥ 0
//   formDefinition.errors.tooLarge             a limit above what the engine allows (`maximum`)
//   formDefinition.errors.dateBound            a date limit that is neither YYYY-MM-DD (a real date) nor "today"
//   formDefinition.errors.minGreaterThanMax    a lower limit above the upper limit (path: the lower limit)
//   formDefinition.errors.minSelectedTooLarge  checkbox minSelected above the number of options (params.max)
//   formDefinition.errors.duplicateOption      two options with the same value (path: the second one)
//   formDefinition.errors.invalidPattern       `pattern` is not a valid JavaScript regular expression (flag u)
//   formDefinition.errors.patternTooLong       `pattern` is longer than PATTERN_MAX_LENGTH characters (`maximum`)
//   formDefinition.errors.unsafePattern        `pattern` nests quantifiers, so it could take exponential time (see
//                                              patterns.ts)
//   formDefinition.errors.duplicateSectionId   two sections with the same id (path: the second one)
//   formDefinition.errors.duplicateName        two fields with the same name in one scope (path: the second one)
//   formDefinition.errors.showWhenCondition    a condition needs exactly one of `equals` and `filled`
//   formDefinition.errors.showWhenUnknownField the condition names no field that it could see (params.field)
//   formDefinition.errors.showWhenSelf         the condition refers to its own field (or a group field to its group)
//   formDefinition.errors.showWhenForward      the condition refers to a field that comes later (params.field)
//   formDefinition.errors.showWhenUnsupported  `equals` on a field without fixed choices (use `filled`)
//   formDefinition.errors.showWhenValue        `equals` is not one of the referenced field's values (params.value)
//   formDefinition.errors.unknownTextKey       a key that is neither shared ("form.…") nor in texts.vi (params.key)

import { z } from "zod";
import { isSafePattern, PATTERN_MAX_LENGTH } from "./patterns";
import { isIsoDate } from "./validators";

export { PATTERN_MAX_LENGTH } from "./patterns";

export const formDefinitionErrors = {
  invalid: "formDefinition.errors.invalid",
  missing: "formDefinition.errors.missing",
  unknownProperty: "formDefinition.errors.unknownProperty",
  unknownFieldType: "formDefinition.errors.unknownFieldType",
  nestedGroup: "formDefinition.errors.nestedGroup",
  version: "formDefinition.errors.version",
  empty: "formDefinition.errors.empty",
  sectionId: "formDefinition.errors.sectionId",
  fieldName: "formDefinition.errors.fieldName",
  key: "formDefinition.errors.key",
  emptyText: "formDefinition.errors.emptyText",
  optionValue: "formDefinition.errors.optionValue",
  wholeNumber: "formDefinition.errors.wholeNumber",
  tooLarge: "formDefinition.errors.tooLarge",
  dateBound: "formDefinition.errors.dateBound",
  minGreaterThanMax: "formDefinition.errors.minGreaterThanMax",
  minSelectedTooLarge: "formDefinition.errors.minSelectedTooLarge",
  duplicateOption: "formDefinition.errors.duplicateOption",
  invalidPattern: "formDefinition.errors.invalidPattern",
  patternTooLong: "formDefinition.errors.patternTooLong",
  unsafePattern: "formDefinition.errors.unsafePattern",
  duplicateSectionId: "formDefinition.errors.duplicateSectionId",
  duplicateName: "formDefinition.errors.duplicateName",
  showWhenCondition: "formDefinition.errors.showWhenCondition",
  showWhenUnknownField: "formDefinition.errors.showWhenUnknownField",
  showWhenSelf: "formDefinition.errors.showWhenSelf",
  showWhenForward: "formDefinition.errors.showWhenForward",
  showWhenUnsupported: "formDefinition.errors.showWhenUnsupported",
  showWhenValue: "formDefinition.errors.showWhenValue",
  unknownTextKey: "formDefinition.errors.unknownTextKey",
} as const;
const E = formDefinitionErrors;

// Limits of the engine.
export const TEXT_MAX_LENGTH_DEFAULT = 200;
export const TEXT_MAX_LENGTH_LIMIT = 1000;
export const TEXTAREA_MAX_LENGTH_DEFAULT = 2000;
export const TEXTAREA_MAX_LENGTH_LIMIT = 10_000;
/** A repeating group never holds more items than this, whatever its maxItems. */
export const GROUP_MAX_ITEMS_LIMIT = 50;
/** Keys starting with this prefix are shared texts in the locale files; others must be in `texts.vi`. */
export const SHARED_KEY_PREFIX = "form.";

const SECTION_ID = /^[a-z][a-z0-9-]*$/;
const FIELD_NAME = /^[a-z][a-zA-Z0-9]*$/;
const KEY = /^[A-Za-z0-9_.-]+$/;
const OPTION_VALUE = /^[A-Za-z0-9_.-]+$/;

/**
 * The regular expression of a text field's `pattern`, matched like the HTML `pattern` attribute: against the
 * whole (trimmed) value, with the `u` flag (so `\p{L}` works for Vietnamese letters). Null when the source is
 * not a valid expression.
 */
export function compilePattern(source: string): RegExp | null {
  try {
    // Compile the bare source first: wrapping an invalid one such as "a)(b" could make it valid.
    new RegExp(source, "u");
    return new RegExp(`^(?:${source})$`, "u");
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Structure
// ---------------------------------------------------------------------------------------------------------------

/** Messages for the issues zod raises itself (wrong kind, missing, unknown property). */
function structuralError(issue: z.core.$ZodRawIssue): string {
  if (issue.code === "invalid_type") return issue.input === undefined ? E.missing : E.invalid;
  if (issue.code === "unrecognized_keys") return E.unknownProperty;
  return E.invalid;
}
const err = { error: structuralError };

const key = () => z.string(err).regex(KEY, { error: E.key });
const wholeNumber = () => z.number(err).int({ error: E.wholeNumber }).min(0, { error: E.wholeNumber });
const dateBound = z.string(err).refine((v) => v === "today" || isIsoDate(v), { error: E.dateBound });

const showWhenSchema = z.strictObject(
  {
    field: z.string(err).regex(FIELD_NAME, { error: E.fieldName }),
    equals: z
      .union([z.string(err), z.boolean(err), z.array(z.string(err), err).min(1, { error: E.empty })], {
        error: E.invalid,
      })
      .optional(),
    filled: z.literal(true, { error: E.invalid }).optional(),
  },
  err,
);

const optionsSchema = z
  .array(
    z.strictObject({ value: z.string(err).regex(OPTION_VALUE, { error: E.optionValue }), labelKey: key() }, err),
    err,
  )
  .min(1, { error: E.empty });

const common = {
  name: z.string(err).regex(FIELD_NAME, { error: E.fieldName }),
  labelKey: key(),
  hintKey: key().optional(),
  required: z.boolean(err).optional(),
  showWhen: showWhenSchema.optional(),
};

const textFieldSchema = z.strictObject(
  {
    ...common,
    type: z.literal("text"),
    minLength: wholeNumber().optional(),
    maxLength: wholeNumber()
      .min(1, { error: E.wholeNumber })
      .max(TEXT_MAX_LENGTH_LIMIT, { error: E.tooLarge })
      .optional(),
    pattern: z.string(err).max(PATTERN_MAX_LENGTH, { error: E.patternTooLong }).optional(),
    patternErrorKey: key().optional(),
  },
  err,
);
const textareaFieldSchema = z.strictObject(
  {
    ...common,
    type: z.literal("textarea"),
    minLength: wholeNumber().optional(),
    maxLength: wholeNumber()
      .min(1, { error: E.wholeNumber })
      .max(TEXTAREA_MAX_LENGTH_LIMIT, { error: E.tooLarge })
      .optional(),
  },
  err,
);
const numberFieldSchema = z.strictObject(
  {
    ...common,
    type: z.literal("number"),
    min: z.number(err).optional(),
    max: z.number(err).optional(),
    integer: z.boolean(err).optional(),
  },
  err,
);
const dateFieldSchema = z.strictObject(
  {
    ...common,
    type: z.literal("date"),
    min: dateBound.optional(),
    max: dateBound.optional(),
    notFuture: z.boolean(err).optional(),
  },
  err,
);
const selectFieldSchema = z.strictObject({ ...common, type: z.literal("select"), options: optionsSchema }, err);
const radioFieldSchema = z.strictObject({ ...common, type: z.literal("radio"), options: optionsSchema }, err);
const checkboxFieldSchema = z.strictObject(
  {
    ...common,
    type: z.literal("checkbox"),
    options: optionsSchema,
    minSelected: wholeNumber().optional(),
    maxSelected: wholeNumber().optional(),
  },
  err,
);
const yesnoFieldSchema = z.strictObject({ ...common, type: z.literal("yesno") }, err);
const emailFieldSchema = z.strictObject({ ...common, type: z.literal("email") }, err);
const phoneFieldSchema = z.strictObject({ ...common, type: z.literal("phone") }, err);
const cccdFieldSchema = z.strictObject({ ...common, type: z.literal("cccd") }, err);
const taxCodeFieldSchema = z.strictObject(
  {
    ...common,
    type: z.literal("taxCode"),
    /**
     * Also accept a 12-digit personal identification number: since 1 July 2025 (Circular 86/2024/TT-BTC) it is
     * the tax code of individuals and household businesses.
     */
    acceptPersonalId: z.boolean(err).optional(),
  },
  err,
);
const addressFieldSchema = z.strictObject({ ...common, type: z.literal("address") }, err);
const moneyFieldSchema = z.strictObject(
  { ...common, type: z.literal("money"), min: wholeNumber().optional(), max: wholeNumber().optional() },
  err,
);

const leafFieldSchemas = [
  textFieldSchema,
  textareaFieldSchema,
  numberFieldSchema,
  dateFieldSchema,
  selectFieldSchema,
  radioFieldSchema,
  checkboxFieldSchema,
  yesnoFieldSchema,
  emailFieldSchema,
  phoneFieldSchema,
  cccdFieldSchema,
  taxCodeFieldSchema,
  addressFieldSchema,
  moneyFieldSchema,
] as const;

/** Checks of one field that need no other field (the path is relative to the field). */
function checkField(field: Field, ctx: z.core.$RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string, params?: Record<string, unknown>) =>
    ctx.addIssue({ code: "custom", message, path, input: field, ...(params ? { params } : {}) });
  const minNotAboveMax = (minProp: string, min: number | undefined, max: number | undefined) => {
    if (min !== undefined && max !== undefined && min > max) issue([minProp], E.minGreaterThanMax, { min, max });
  };

  if (field.showWhen && (field.showWhen.equals === undefined) === (field.showWhen.filled === undefined)) {
    issue(["showWhen"], E.showWhenCondition);
  }
  switch (field.type) {
    case "text":
      minNotAboveMax("minLength", field.minLength, field.maxLength ?? TEXT_MAX_LENGTH_DEFAULT);
      if (field.pattern !== undefined) {
        if (compilePattern(field.pattern) === null) issue(["pattern"], E.invalidPattern);
        else if (!isSafePattern(field.pattern)) issue(["pattern"], E.unsafePattern);
      }
      break;
    case "textarea":
      minNotAboveMax("minLength", field.minLength, field.maxLength ?? TEXTAREA_MAX_LENGTH_DEFAULT);
      break;
    case "number":
    case "money":
      minNotAboveMax("min", field.min, field.max);
      break;
    case "date":
      // Only fixed dates can be compared here; "today" moves.
      if (field.min && field.max && field.min !== "today" && field.max !== "today" && field.min > field.max) {
        issue(["min"], E.minGreaterThanMax, { min: field.min, max: field.max });
      }
      break;
    case "checkbox":
      minNotAboveMax("minSelected", field.minSelected, field.maxSelected);
      if (field.minSelected !== undefined && field.minSelected > field.options.length) {
        issue(["minSelected"], E.minSelectedTooLarge, { max: field.options.length });
      }
      break;
    case "group":
      minNotAboveMax("minItems", field.minItems, field.maxItems ?? GROUP_MAX_ITEMS_LIMIT);
      break;
    default:
      break;
  }
  if ("options" in field) {
    const seen = new Set<string>();
    field.options.forEach((option, i) => {
      if (seen.has(option.value)) issue(["options", i, "value"], E.duplicateOption, { value: option.value });
      seen.add(option.value);
    });
  }
}

const leafFieldSchema = z
  .discriminatedUnion("type", leafFieldSchemas, {
    error: (issue) => {
      const input = issue.input as { type?: unknown } | undefined;
      if (issue.code !== "invalid_union") return structuralError(issue);
      return input?.type === "group" ? E.nestedGroup : E.unknownFieldType;
    },
  })
  .superRefine((field, ctx) => checkField(field, ctx));

const groupFieldSchema = z.strictObject(
  {
    ...common,
    type: z.literal("group"),
    fields: z.array(leafFieldSchema, err).min(1, { error: E.empty }),
    minItems: wholeNumber().max(GROUP_MAX_ITEMS_LIMIT, { error: E.tooLarge }).optional(),
    maxItems: wholeNumber()
      .min(1, { error: E.wholeNumber })
      .max(GROUP_MAX_ITEMS_LIMIT, { error: E.tooLarge })
      .optional(),
    itemLabelKey: key(),
  },
  err,
);

const fieldSchema = z
  .discriminatedUnion("type", [...leafFieldSchemas, groupFieldSchema], {
    error: (issue) => (issue.code === "invalid_union" ? E.unknownFieldType : structuralError(issue)),
  })
  .superRefine((field, ctx) => checkField(field, ctx));

const sectionSchema = z.strictObject(
  {
    id: z.string(err).regex(SECTION_ID, { error: E.sectionId }),
    titleKey: key(),
    descriptionKey: key().optional(),
    fields: z.array(fieldSchema, err).min(1, { error: E.empty }),
  },
  err,
);

const textsSchema = z.record(key(), z.string(err).min(1, { error: E.emptyText }), err);

// ---------------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------------

export type ShowWhen = z.infer<typeof showWhenSchema>;
export type FieldOption = z.infer<typeof optionsSchema>[number];
export type TextField = z.infer<typeof textFieldSchema>;
export type TextareaField = z.infer<typeof textareaFieldSchema>;
export type NumberField = z.infer<typeof numberFieldSchema>;
export type DateField = z.infer<typeof dateFieldSchema>;
export type SelectField = z.infer<typeof selectFieldSchema>;
export type RadioField = z.infer<typeof radioFieldSchema>;
export type CheckboxField = z.infer<typeof checkboxFieldSchema>;
export type YesNoField = z.infer<typeof yesnoFieldSchema>;
export type EmailField = z.infer<typeof emailFieldSchema>;
export type PhoneField = z.infer<typeof phoneFieldSchema>;
export type CccdField = z.infer<typeof cccdFieldSchema>;
export type TaxCodeField = z.infer<typeof taxCodeFieldSchema>;
export type AddressField = z.infer<typeof addressFieldSchema>;
export type MoneyField = z.infer<typeof moneyFieldSchema>;
/** Any field that can stand inside a repeating group (every type but "group"). */
export type LeafField = z.infer<(typeof leafFieldSchemas)[number]>;
export type GroupField = z.infer<typeof groupFieldSchema>;
export type Field = LeafField | GroupField;
export type FieldType = Field["type"];
export type FormSection = z.infer<typeof sectionSchema>;
export type FormTexts = z.infer<typeof formDefinitionBaseSchema>["texts"];
export type FormDefinition = z.infer<typeof formDefinitionSchema>;

/** Field types whose values are fixed choices (the only ones a `showWhen.equals` may test). */
export type ChoiceField = SelectField | RadioField | CheckboxField | YesNoField;
export function isChoiceField(field: Field): field is ChoiceField {
  return field.type === "select" || field.type === "radio" || field.type === "checkbox" || field.type === "yesno";
}

/** The top-level fields of a definition in order (sections concatenated; a group counts as one field). */
export function topLevelFields(def: Pick<FormDefinition, "sections">): Field[] {
  return def.sections.flatMap((section) => section.fields);
}

// ---------------------------------------------------------------------------------------------------------------
// The meta-schema
// ---------------------------------------------------------------------------------------------------------------

const formDefinitionBaseSchema = z.strictObject(
  {
    version: z.literal(1, { error: E.version }),
    sections: z.array(sectionSchema, err).min(1, { error: E.empty }),
    texts: z.strictObject({ vi: textsSchema, en: textsSchema.optional() }, err).optional(),
  },
  err,
);

type Path = (string | number)[];

interface ScopeEntry {
  field: Field;
  /** Position in the scope (definition order). */
  index: number;
  path: Path;
}

/** Checks across fields: unique ids and names, conditions that look backwards at real values, known text keys. */
function checkDefinition(def: z.infer<typeof formDefinitionBaseSchema>, ctx: z.core.$RefinementCtx): void {
  const issue = (path: Path, message: string, params?: Record<string, unknown>) =>
    ctx.addIssue({ code: "custom", message, path, input: def, ...(params ? { params } : {}) });

  // Section ids.
  const sectionIds = new Set<string>();
  def.sections.forEach((section, s) => {
    if (sectionIds.has(section.id)) issue(["sections", s, "id"], E.duplicateSectionId, { id: section.id });
    sectionIds.add(section.id);
  });

  // Scopes: the top-level fields of all sections, and each group's own fields.
  const buildScope = (entries: { field: Field; path: Path }[]): Map<string, ScopeEntry> => {
    const scope = new Map<string, ScopeEntry>();
    entries.forEach(({ field, path }, index) => {
      if (scope.has(field.name)) issue([...path, "name"], E.duplicateName, { name: field.name });
      else scope.set(field.name, { field, index, path });
    });
    return scope;
  };
  const topEntries = def.sections.flatMap((section, s) =>
    section.fields.map((field, f) => ({ field, path: ["sections", s, "fields", f] as Path })),
  );
  const top = buildScope(topEntries);

  const checkCondition = (
    field: Field,
    index: number,
    path: Path,
    scope: Map<string, ScopeEntry>,
    outer?: { scope: Map<string, ScopeEntry>; groupIndex: number },
  ) => {
    const when = field.showWhen;
    if (!when) return;
    const at: Path = [...path, "showWhen", "field"];
    let target: ScopeEntry | undefined = scope.get(when.field);
    let position: "before" | "self" | "after" = "before";
    if (target) {
      position = target.index < index ? "before" : target.index === index ? "self" : "after";
    } else if (outer) {
      // A field of a group may also look at the top-level fields before its group.
      target = outer.scope.get(when.field);
      if (target)
        position = target.index < outer.groupIndex ? "before" : target.index === outer.groupIndex ? "self" : "after";
    }
    if (!target) return issue(at, E.showWhenUnknownField, { field: when.field });
    if (position === "self") return issue(at, E.showWhenSelf, { field: when.field });
    if (position === "after") return issue(at, E.showWhenForward, { field: when.field });

    const equals = when.equals;
    if (equals === undefined) return;
    const ref = target.field;
    const equalsPath: Path = [...path, "showWhen", "equals"];
    if (!isChoiceField(ref)) return issue(equalsPath, E.showWhenUnsupported, { field: when.field });
    if (ref.type === "yesno") {
      if (typeof equals !== "boolean") issue(equalsPath, E.showWhenValue, { value: equals });
      return;
    }
    const values = new Set(ref.options.map((option) => option.value));
    if (typeof equals === "boolean") return issue(equalsPath, E.showWhenValue, { value: equals });
    if (typeof equals === "string") {
      if (!values.has(equals)) issue(equalsPath, E.showWhenValue, { value: equals });
      return;
    }
    equals.forEach((value, i) => {
      if (!values.has(value)) issue([...equalsPath, i], E.showWhenValue, { value });
    });
  };

  topEntries.forEach(({ field, path }, index) => {
    checkCondition(field, index, path, top);
    if (field.type !== "group") return;
    const groupEntries = field.fields.map((sub, g) => ({ field: sub as Field, path: [...path, "fields", g] as Path }));
    const groupScope = buildScope(groupEntries);
    groupEntries.forEach((entry, g) =>
      checkCondition(entry.field, g, entry.path, groupScope, { scope: top, groupIndex: index }),
    );
  });

  // Text keys.
  const known = def.texts?.vi ?? {};
  const checkKey = (value: string | undefined, path: Path) => {
    // A malformed key already has its own issue.
    if (value === undefined || !KEY.test(value) || value.startsWith(SHARED_KEY_PREFIX) || Object.hasOwn(known, value))
      return;
    issue(path, E.unknownTextKey, { key: value });
  };
  const checkFieldKeys = (field: Field, path: Path) => {
    checkKey(field.labelKey, [...path, "labelKey"]);
    checkKey(field.hintKey, [...path, "hintKey"]);
    if (field.type === "text") checkKey(field.patternErrorKey, [...path, "patternErrorKey"]);
    if ("options" in field) field.options.forEach((o, i) => checkKey(o.labelKey, [...path, "options", i, "labelKey"]));
    if (field.type === "group") {
      checkKey(field.itemLabelKey, [...path, "itemLabelKey"]);
      field.fields.forEach((sub, g) => checkFieldKeys(sub, [...path, "fields", g]));
    }
  };
  def.sections.forEach((section, s) => {
    checkKey(section.titleKey, ["sections", s, "titleKey"]);
    checkKey(section.descriptionKey, ["sections", s, "descriptionKey"]);
  });
  topEntries.forEach(({ field, path }) => checkFieldKeys(field, path));
}

/**
 * The one meta-schema of form definitions. It never transforms: what it accepts is stored and used as is
 * (defaults such as `required: false` or a text's maxLength 200 are applied by the compiler).
 */
export const formDefinitionSchema = formDefinitionBaseSchema.superRefine(checkDefinition);
