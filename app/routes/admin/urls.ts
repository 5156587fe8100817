/** The address of a draft's overview or one of its editors (safe in the browser bundle). */
export function draftUrl(id: string, part?: string) {
  return `/admin/catalog/drafts/${id}${part ? `/${part}` : ""}`;
}
