import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { compileFormSchema, visibleFields, visibleGroupItemFields, type CompileOptions, type FormValues } from "./compile";
import { formDefinitionSchema, type FormDefinition } from "./form-definition";

// Checking a filled form against its definition, from the posted FormData (pure, isomorphic): what the catalog
// administration's preview does, and what filing will do. Input names are those compile.ts describes
// ("address.province", "date.day", "group[0].field"); issues come back by input name, with the i18n key
// ("form.errors.*" of the "forms" namespace, or a definition's own patternErrorKey) and its parameters.

export interface FilledFormIssue {
  /** The input's name: "hoTen", "noiCuTru.district", "thanhVien[1].soCccd". */
  name: string;
  message: string;
  params?: Record<string, unknown>;
}

export interface FilledFormCheck {
  /** The values as posted, nested by input name (to fill the form in again). */
  values: Record<string, unknown>;
  issues: FilledFormIssue[];
  /** The validated values when there is no issue. */
  value?: FormValues;
}

/** Check posted values; null when the definition itself is not valid (it cannot be compiled). */
export function checkFilledForm(def: FormDefinition, form: FormData, options?: CompileOptions): FilledFormCheck | null {
  if (!formDefinitionSchema.safeParse(def).success) return null;
  const schema = compileFormSchema(def, options);
  const submission = parseWithZod(form, {
    schema,
    formatError: (issues: readonly z.core.$ZodIssue[]) =>
      issues.map((issue) => ({ message: issue.message, params: (issue as { params?: Record<string, unknown> }).params })),
  });
  const values = (submission.payload ?? {}) as Record<string, unknown>;
  if (submission.status === "success") return { values, issues: [], value: submission.value };
  const issues: FilledFormIssue[] = [];
  for (const [name, list] of Object.entries(submission.error ?? {})) {
    for (const issue of list ?? []) issues.push({ name, message: issue.message, ...(issue.params ? { params: issue.params } : {}) });
  }
  return { values, issues };
}

/**
 * Which fields are shown for these (posted) values: the top-level names, and for each repeating group the
 * names shown in its first item.
 */
export function shownFields(def: FormDefinition, values: Record<string, unknown>): { top: string[]; groups: Record<string, string[]> } {
  const top = visibleFields(def, values);
  const groups: Record<string, string[]> = {};
  for (const section of def.sections) {
    for (const field of section.fields) {
      if (field.type === "group") groups[field.name] = visibleGroupItemFields(def, field.name, values, 0);
    }
  }
  return { top, groups };
}
