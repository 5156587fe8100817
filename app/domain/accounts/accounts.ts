// Pure rules of citizen accounts (isomorphic: no IO).

/**
 * An e-mail address shown to someone who has not proved they own it: the first character of the name, then "***",
 * then the domain ("lan.hoang@example.vn" → "l***@example.vn"). Enough for the owner to recognise the address,
 * too little for anyone else to write to it. Null for a value that is not an address.
 */
export function maskEmail(address: string): string | null {
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) return null;
  const first = Array.from(address.slice(0, at))[0]!;
  return `${first}***${address.slice(at)}`;
}
