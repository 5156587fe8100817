// Vietnamese-aware search folding (isomorphic): the same function builds the stored search text and folds
// the query, so "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH" and "Đăng ký khai sinh" meet.

/** Lower-case, strip diacritics (đ → d), turn punctuation into spaces, collapse spaces. */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, " ")
    .replace(/(^|\s)\.+|\.+(?=\s|$)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The distinct tokens of a query, at most `max` of them, each at most 40 characters. */
export function searchTokens(query: string, max = 8): string[] {
  const tokens = foldForSearch(query)
    .split(" ")
    .filter((t) => t.length > 0)
    .map((t) => t.slice(0, 40));
  return [...new Set(tokens)].slice(0, max);
}
