import { createHash, randomBytes } from "node:crypto";
import forge from "node-forge";
import { bool, buf, der, hashAlgorithmId, integer, octets, oid, parse, seq, type HashName, type Node } from "./der-build.server";
import { OID } from "./oids";

// An RFC 3161 time-stamp client: TimeStampReq built with forge.asn1, sent by HTTP POST as
// application/timestamp-query, the TimeStampResp checked (status granted, the token's TSTInfo carries our imprint
// and nonce). Checking the TSA's own signature and certificate is the verifier's work (it trusts a token only when
// it verifies against the trust store); here we only make sure we embed the answer to our question.

export interface TimestampToken {
  /** The TimeStampToken: a DER ContentInfo holding SignedData over a TSTInfo. */
  token: Buffer;
  /** genTime of the TSTInfo. */
  genTime: Date;
}

export interface TimestampAuthority {
  /** Time-stamp `message` (a CMS signature value): hash it, ask the TSA, return its token. */
  stamp(message: Uint8Array): Promise<TimestampToken>;
}

export interface Rfc3161Options {
  /** The TSA's HTTP(S) URL. */
  url: string;
  hash?: HashName;
  /** A TSA policy OID to ask for. */
  policy?: string;
  timeoutMs?: number;
  /** Extra request headers (a TSA account's Authorization). */
  headers?: Record<string, string>;
  /** For tests: another fetch. */
  fetch?: typeof fetch;
}

export class TimestampError extends Error {
  override name = "TimestampError";
}

export interface TimestampRequest {
  hash: HashName;
  digest: Buffer;
  nonce?: bigint;
  policy?: string;
  /** Ask the TSA to include its certificate (default true: verifiers need it). */
  certReq?: boolean;
}

/** The DER TimeStampReq (RFC 3161 §2.4.1). */
export function encodeTimestampRequest(request: TimestampRequest): Buffer {
  const fields: Node[] = [integer(1), seq([hashAlgorithmId(request.hash), octets(request.digest)])];
  if (request.policy) fields.push(oid(request.policy));
  if (request.nonce !== undefined) fields.push(integer(request.nonce));
  if (request.certReq !== false) fields.push(bool(true));
  return der(seq(fields));
}

const PKI_STATUS = ["granted", "grantedWithMods", "rejection", "waiting", "revocationWarning", "revocationNotification"];

/** Check a TimeStampResp against the request and return its token. Throws TimestampError with the reason. */
export function parseTimestampResponse(response: Buffer, request: TimestampRequest): TimestampToken {
  let resp: Node;
  try {
    resp = parse(response);
  } catch {
    throw new TimestampError("The time-stamp authority's answer is not DER.");
  }
  const [statusInfo] = resp.value as Node[];
  const status = statusInfo ? bigintOf((statusInfo.value as Node[])[0]!) : -1n;
  if (status !== 0n && status !== 1n) {
    const text = statusInfo ? ((statusInfo.value as Node[])[1]?.value as Node[] | undefined)?.map((n) => forge.util.decodeUtf8(n.value as string)).join(" ") : "";
    throw new TimestampError(`The time-stamp authority refused the request (${PKI_STATUS[Number(status)] ?? String(status)}${text ? `: ${text}` : ""}).`);
  }
  const token = tokenBytes(response);
  if (!token) throw new TimestampError("The time-stamp authority granted the request but sent no token.");
  const info = tstInfo(token);
  const imprint = (info.fields[2]!.value as Node[]);
  const imprintAlg = forge.asn1.derToOid(((imprint[0]!.value as Node[])[0]!.value as string));
  if (imprintAlg !== hashAlgorithmOid(request.hash) || !buf(imprint[1]!.value as string).equals(request.digest)) {
    throw new TimestampError("The time-stamp token is for another message (its imprint differs).");
  }
  if (request.nonce !== undefined) {
    const nonce = info.fields.find((n, i) => i > 4 && n.tagClass === forge.asn1.Class.UNIVERSAL && n.type === forge.asn1.Type.INTEGER);
    if (!nonce || bigintOf(nonce) !== request.nonce) throw new TimestampError("The time-stamp token does not carry our nonce.");
  }
  const genTime = forge.asn1.generalizedTimeToDate(info.fields[4]!.value as string);
  return { token, genTime };
}

/** An RFC 3161 client over HTTP. */
export function rfc3161Client(options: Rfc3161Options): TimestampAuthority {
  const hash = options.hash ?? "sha256";
  const doFetch = options.fetch ?? fetch;
  return {
    async stamp(message) {
      const request: TimestampRequest = {
        hash,
        digest: createHash(hash).update(message).digest(),
        nonce: BigInt("0x" + randomBytes(8).toString("hex")),
        policy: options.policy,
        certReq: true,
      };
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: "POST",
          headers: { "Content-Type": "application/timestamp-query", Accept: "application/timestamp-reply", ...options.headers },
          body: new Uint8Array(encodeTimestampRequest(request)),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new TimestampError(`The time-stamp authority ${options.url} could not be reached (${(error as Error).message}).`);
      }
      if (!response.ok) throw new TimestampError(`The time-stamp authority ${options.url} answered HTTP ${response.status}.`);
      return parseTimestampResponse(Buffer.from(await response.arrayBuffer()), request);
    },
  };
}

const hashAlgorithmOid = (hash: HashName): string => ({ sha256: OID.sha256, sha384: OID.sha384, sha512: OID.sha512 })[hash];

function bigintOf(node: Node): bigint {
  const bytes = buf(node.value as string);
  return bytes.length === 0 ? 0n : BigInt("0x" + bytes.toString("hex"));
}

/** The token's exact bytes inside the response (SEQUENCE { status, token }), without re-encoding. */
function tokenBytes(response: Buffer): Buffer | null {
  const outer = tlv(response, 0);
  const status = tlv(response, outer.contentStart);
  const tokenStart = status.end;
  if (tokenStart >= outer.end) return null;
  const token = tlv(response, tokenStart);
  return response.subarray(tokenStart, token.end);
}

/** One definite-length TLV's bounds. */
function tlv(bytes: Buffer, at: number): { contentStart: number; end: number } {
  let i = at + 1;
  const first = bytes[i++];
  if (first === undefined) throw new TimestampError("The time-stamp answer is cut short.");
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new TimestampError("The time-stamp answer is not DER.");
    length = 0;
    for (let k = 0; k < n; k++) length = length * 256 + (bytes[i++] ?? 0);
  }
  if (i + length > bytes.length) throw new TimestampError("The time-stamp answer is cut short.");
  return { contentStart: i, end: i + length };
}

/** The TSTInfo fields of a token. */
export function tstInfo(token: Buffer): { fields: Node[] } {
  try {
    const contentInfo = parse(token).value as Node[];
    if (forge.asn1.derToOid(contentInfo[0]!.value as string) !== OID.signedData) throw new Error("not SignedData");
    const signedData = ((contentInfo[1]!.value as Node[])[0]!.value as Node[]);
    const encap = signedData[2]!.value as Node[];
    if (forge.asn1.derToOid(encap[0]!.value as string) !== OID.tstInfo) throw new Error("not TSTInfo");
    const content = (encap[1]!.value as Node[])[0]!;
    // A BER constructed OCTET STRING holds its bytes in pieces.
    const bytes = typeof content.value === "string" ? content.value : (content.value as Node[]).map((p) => p.value as string).join("");
    return { fields: parse(buf(bytes)).value as Node[] };
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    throw new TimestampError("The time-stamp token is not a SignedData over a TSTInfo.");
  }
}
