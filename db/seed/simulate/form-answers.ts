// Answers a simulated applicant gives to a procedure's form: every required field filled with a plausible value of
// its type (the submission checks them with the version's compiled schema, as for anybody).
import type { Field, FormDefinition, LeafField } from "../../../app/domain/forms/form-definition";
import type { Random } from "./parameters";

const TEXTS = ["Nguyễn Văn An", "Lò Thị Mai", "Giàng A Páo", "Thôn Nà Thác", "Phường Quang Trung", "Kinh doanh tạp hóa", "Theo đề nghị"];
/** Candidates tried against a text field's pattern, in order. */
const PATTERNED = ["1234", "123456789012", "B1234567", "Hộ kinh doanh Minh Anh", "0123456789", "ABC123"];

function addDaysIso(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function leafValue(field: LeafField, random: Random, ctx: { today: string; cccd: string; phone: string; name: string; commune: AddressParts }): unknown {
  switch (field.type) {
    case "text":
    case "textarea": {
      if (field.type === "text" && field.pattern) {
        const re = new RegExp(field.pattern, "u");
        return PATTERNED.find((c) => re.test(c)) ?? "1234";
      }
      const v = /hoTen|ten/i.test(field.name) ? ctx.name : random.pick(TEXTS);
      return field.minLength && v.length < field.minLength ? v.padEnd(field.minLength, ".") : v;
    }
    case "email":
      // The reserved domain of simulated data (nothing is ever sent to a form's answers anyway).
      return "nguoi-nop@mo-phong.invalid";
    case "phone":
      return ctx.phone;
    case "cccd":
      return ctx.cccd;
    case "taxCode":
      return "0100109106";
    case "number": {
      const min = field.min ?? 1;
      const max = field.max ?? min + 10;
      const span = Math.min(max - min, 5);
      return min + (field.integer ? random.int(0, Math.floor(span)) : Math.floor(span));
    }
    case "money":
      return Math.max(field.min ?? 0, 50_000_000);
    case "date": {
      const bound = (b: string | undefined) => (b === "today" ? ctx.today : b);
      const [min, max] = [bound(field.min), bound(field.max)];
      if (min) return addDaysIso(min, random.int(5, 30));
      if (max) return addDaysIso(max < ctx.today ? max : ctx.today, -random.int(30, 3000));
      return addDaysIso(ctx.today, -random.int(400, 12000));
    }
    case "select":
    case "radio":
      return random.pick(field.options).value;
    case "checkbox":
      return field.options.slice(0, Math.max(1, field.minSelected ?? 1)).map((o) => o.value);
    case "yesno":
      return random.chance(0.5);
    case "address":
      return { ...ctx.commune, street: random.pick(["Tổ 1", "Thôn Nà Thác", "Bản Mới", "Số 12 đường Nguyễn Trãi"]) };
  }
}

export interface AddressParts {
  province: string;
  district: string;
  commune: string;
}

/** The answers to `form`: every required field (and group items' required fields) filled. */
export function answersFor(form: FormDefinition, random: Random, ctx: { today: string; cccd: string; phone: string; name: string; commune: AddressParts }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fill = (field: Field, into: Record<string, unknown>) => {
    if (field.type === "group") {
      const items = Math.max(1, field.minItems ?? 1);
      into[field.name] = Array.from({ length: items }, () => {
        const item: Record<string, unknown> = {};
        for (const sub of field.fields) if (sub.required) item[sub.name] = leafValue(sub, random, ctx);
        return item;
      });
      return;
    }
    if (field.required || random.chance(0.3)) into[field.name] = leafValue(field, random, ctx);
  };
  for (const section of form.sections) for (const field of section.fields) fill(field, out);
  return out;
}
