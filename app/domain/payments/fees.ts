import { foldForSearch } from "../shared/search";

// Fee kinds (issue 9; shared/domain/payments.md §1.1, §0.6): lệ phí goes wholly to the state budget, part of a phí may be
// retained, so the two stay separate from the request to the receipt (one receipt per kind). Pure and isomorphic.

export type FeeKind = "phi" | "le_phi";

/** "Lệ phí đăng ký hộ tịch" (any case, with or without diacritics: "LE PHI…", "le phi…") is lệ phí; any other fee is phí. */
export function feeKindOf(name: string): FeeKind {
  return /^le phi(\s|$)/.test(foldForSearch(name)) ? "le_phi" : "phi";
}
