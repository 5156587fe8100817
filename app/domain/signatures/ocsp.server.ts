// OCSP (RFC 6960): the request built with forge.asn1, sent over HTTP POST, and the BasicOCSPResponse verified
// (responder is the issuer or a delegated responder with the OCSPSigning purpose that the issuer signed; the
// signature over tbsResponseData as stored; the CertID; the nonce; the times). Used only when a responder is
// configured; responses stored in a document (CMS, adbe-revocationInfoArchival, /DSS) go through the same checks.
import { createHash, randomBytes } from "node:crypto";
import { Der, TAG, algorithm, bitString, build, children, enumerated, integerHex, isContext, octets, oid, positiveIntegerBytes, sequence, time, toDer, type Node } from "./asn1.server";
import { digestAlgorithm, verifySignedStructure, type HashName } from "./algorithms.server";
import { issued, parseCertificates, type Certificate } from "./certificate.server";
import { CRL_REASONS } from "./crl.server";
import { OID } from "./oids";

export interface OcspAnswer {
  status: "good" | "revoked" | "unknown";
  revokedAt?: Date;
  reason?: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  producedAt: Date;
}

export type OcspCheck = { ok: true; answer: OcspAnswer } | { ok: false; detail: string };

const HASH_OIDS: Partial<Record<HashName, string>> = { sha1: OID.sha1, sha256: OID.sha256 };

/** CertID of cert, issued by issuer, with the given hash (SHA-1 is what responders universally support). */
export function certId(cert: Certificate, issuer: Certificate, hash: "sha1" | "sha256" = "sha1"): Node {
  return build.seq([
    build.seq([build.oid(HASH_OIDS[hash]!), build.null()]),
    build.octets(createHash(hash).update(issuer.subjectDer).digest()),
    build.octets(createHash(hash).update(issuer.publicKeyBits).digest()),
    build.integer(positiveIntegerBytes(cert.serialHex)),
  ]);
}

/** A DER OCSPRequest for one certificate, with a nonce extension (RFC 8954) when one is given. */
export function buildOcspRequest(cert: Certificate, issuer: Certificate, nonce?: Buffer): Buffer {
  const requestList = build.seq([build.seq([certId(cert, issuer)])]);
  const tbsRequest = nonce
    ? build.seq([
        requestList,
        build.context(2, [build.seq([build.seq([build.oid(OID.ocspNonce), build.octets(toDer(build.octets(nonce)))])])]),
      ])
    : build.seq([requestList]);
  return toDer(build.seq([tbsRequest]));
}

function matchesCertId(node: Node, cert: Certificate, issuer: Certificate): boolean {
  const [alg, nameHash, keyHash, serial] = sequence(node, "CertID");
  const d = digestAlgorithm(algorithm(alg).oid);
  if (!d || d.hash === "shake256") return false;
  return (
    octets(nameHash).equals(createHash(d.hash).update(issuer.subjectDer).digest()) &&
    octets(keyHash).equals(createHash(d.hash).update(issuer.publicKeyBits).digest()) &&
    integerHex(serial) === cert.serialHex
  );
}

/**
 * Verifies an OCSPResponse about cert (issued by issuer). Freshness against the validation time is the caller's
 * business (it differs for a live answer and for one stored in a document); a nonce, when given, must be echoed.
 */
export function checkOcspResponse(der: Buffer, cert: Certificate, issuer: Certificate, nonce?: Buffer): OcspCheck {
  try {
    const doc = new Der(der);
    const top = sequence(doc.root, "OCSPResponse");
    const status = enumerated(top[0], "responseStatus");
    if (status !== 0) return { ok: false, detail: `responseStatus ${status}` };
    if (!isContext(top[1], 0)) return { ok: false, detail: "no responseBytes" };
    const [type, body] = sequence(children(top[1])[0], "ResponseBytes");
    if (oid(type) !== OID.ocspBasic) return { ok: false, detail: "not a basic response" };
    return checkBasicResponse(octets(body), cert, issuer, nonce);
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : "unreadable" };
  }
}

function checkBasicResponse(der: Buffer, cert: Certificate, issuer: Certificate, nonce?: Buffer): OcspCheck {
  const doc = new Der(der);
  const [tbsNode, sigAlgNode, sigNode, certsNode] = sequence(doc.root, "BasicOCSPResponse");
  const data = sequence(tbsNode, "ResponseData");
  let i = 0;
  if (isContext(data[0], 0)) i++;
  const responderId = data[i++]!;
  const producedAt = time(data[i++], "producedAt");
  const responses = sequence(data[i++], "responses");
  let extensions: Node[] = [];
  if (isContext(data[i], 1)) extensions = sequence(children(data[i])[0], "responseExtensions");

  // Who signed: the issuer itself, or a delegated responder the issuer certified for OCSP signing.
  const embedded = certsNode && isContext(certsNode, 0) ? sequence(children(certsNode)[0], "certs").map((c) => Buffer.from(doc.raw(c))) : [];
  const candidates = [issuer, ...parseCertificates(embedded).certificates];
  const matchesId = (c: Certificate) => {
    if (isContext(responderId, 1)) return Buffer.from(doc.raw(children(responderId)[0]!)).equals(c.subjectDer);
    if (isContext(responderId, 2)) return octets(children(responderId)[0]).equals(createHash("sha1").update(c.publicKeyBits).digest());
    return false;
  };
  const responder = candidates.find(matchesId);
  if (!responder) return { ok: false, detail: "responder not found" };
  if (responder !== issuer && responder.fingerprint256 !== issuer.fingerprint256) {
    if (!issued(issuer, responder)) return { ok: false, detail: "responder not issued by the certificate's issuer" };
    if (!responder.extKeyUsage?.includes(OID.ocspSigning)) return { ok: false, detail: "responder lacks the OCSPSigning purpose" };
  }
  const sig = bitString(sigNode, "signature");
  const check = verifySignedStructure(algorithm(sigAlgNode), responder, Buffer.from(doc.raw(tbsNode!)), Buffer.from(sig.bytes));
  if (check.ok !== true) return { ok: false, detail: "response signature" };

  if (nonce) {
    const echoed = extensions.map((e) => sequence(e)).find((p) => oid(p[0]) === OID.ocspNonce);
    if (!echoed) return { ok: false, detail: "nonce missing" };
    const value = octets(echoed[echoed.length - 1]);
    const inner = value[0] === TAG.octetString ? octets(new Der(value).root) : value;
    if (!inner.equals(nonce)) return { ok: false, detail: "nonce mismatch" };
  }

  for (const r of responses) {
    const parts = sequence(r, "SingleResponse");
    if (!matchesCertId(parts[0]!, cert, issuer)) continue;
    const statusNode = parts[1]!;
    const thisUpdate = time(parts[2], "thisUpdate");
    const nextUpdate = isContext(parts[3], 0) ? time(children(parts[3])[0], "nextUpdate") : undefined;
    const answer: OcspAnswer = { status: "unknown", thisUpdate, nextUpdate, producedAt };
    if (isContext(statusNode, 0)) answer.status = "good";
    else if (isContext(statusNode, 1)) {
      const info = children(statusNode);
      answer.status = "revoked";
      answer.revokedAt = time(info[0], "revocationTime");
      if (isContext(info[1], 0)) {
        const code = enumerated(children(info[1])[0]);
        answer.reason = CRL_REASONS[code] ?? String(code);
      }
    }
    return { ok: true, answer };
  }
  return { ok: false, detail: "no answer for this certificate" };
}

export interface OcspOptions {
  /** Ask this responder for every certificate (an administrator's choice). */
  responderUrl?: string;
  /** Also ask the responders named in certificates (authority information access). */
  useCertificateUrls?: boolean;
  timeoutMs?: number;
  /** For tests: the HTTP client (defaults to global fetch). */
  fetch?: typeof fetch;
}

const MAX_RESPONSE_BYTES = 1 << 20;

/** Asks a responder about cert; the answer is verified (with a fresh nonce) before it is returned. */
export async function queryOcsp(url: string, cert: Certificate, issuer: Certificate, options: OcspOptions = {}): Promise<OcspCheck & { der?: Buffer }> {
  if (!/^https?:\/\//i.test(url)) return { ok: false, detail: "responder URL must be http(s)" };
  const nonce = randomBytes(16);
  const request = buildOcspRequest(cert, issuer, nonce);
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/ocsp-request", accept: "application/ocsp-response" },
      body: new Uint8Array(request),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    if (!response.ok) return { ok: false, detail: `HTTP ${response.status}` };
    const body = Buffer.from(await response.arrayBuffer());
    if (body.length > MAX_RESPONSE_BYTES) return { ok: false, detail: "response too large" };
    return { ...checkOcspResponse(body, cert, issuer, nonce), der: body };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : "request failed" };
  }
}
