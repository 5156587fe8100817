import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, X509Certificate, type KeyObject } from "node:crypto";
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TFunction } from "i18next";
import forge from "node-forge";
import type { CmsSigner } from "./cms-build.server";
import { buf, parse, type Node } from "./der-build.server";
import { fromPem, issueCertificate, issueCrl, toPem } from "./issuing.server";
import { OID } from "./oids";
import { defaultAlgorithm, nodeSigningKey, type RsaPadding } from "./signing-key.server";

// Each agency's signing key and certificate chain. Configured (SIGNING_KEYS_DIR): one PKCS#12 file, or a PEM key and a
// PEM chain, per agency code, with `default.*` for agencies without their own. Not configured, outside production: a
// demo agency CA ("CA thử nghiệm — Cổng Dịch vụ công <province>", marked not for production in its name) and one leaf
// per agency, generated once into DATA_DIR/signing-demo (keys 0600) and reused after restarts. In production without
// configuration, signing refuses with a clear error: never a demo key. Before every use the certificate must be valid
// at that moment (Circular 15/2025/TT-BKHCN: signing software checks the certificate before signing).

export class SigningConfigError extends Error {
  override name = "SigningConfigError";
}

export interface SigningConfig {
  /** "configured": keys from `keysDir`; "demo": the generated demo CA; "off": production without keys. */
  mode: "configured" | "demo" | "off";
  keysDir?: string;
  /** Where the demo CA lives (DATA_DIR/signing-demo). */
  demoDir: string;
  /** RSA keys sign with PSS (default) or PKCS#1 v1.5. */
  rsaPadding: RsaPadding;
  /** The password of .p12 files and encrypted PEM keys without a `<code>.pass` file beside them. */
  keyPassword?: string;
  /** An RFC 3161 time-stamp authority for PAdES B-T, if any. */
  tsaUrl?: string;
}

/** The signing configuration from the environment (app/platform/env.server.ts reads and validates the variables). */
export function signingConfig(env: {
  NODE_ENV: "development" | "production" | "test";
  DATA_DIR: string;
  SIGNING_KEYS_DIR?: string;
  SIGNING_RSA_PADDING: RsaPadding;
  SIGNING_KEY_PASSWORD?: string;
  SIGNING_TSA_URL?: string;
}): SigningConfig {
  const mode = env.SIGNING_KEYS_DIR ? "configured" : env.NODE_ENV === "production" ? "off" : "demo";
  return {
    mode,
    keysDir: env.SIGNING_KEYS_DIR,
    demoDir: join(env.DATA_DIR, "signing-demo"),
    rsaPadding: env.SIGNING_RSA_PADDING,
    keyPassword: env.SIGNING_KEY_PASSWORD,
    tsaUrl: env.SIGNING_TSA_URL,
  };
}

export interface AgencySigningIdentity {
  agencyCode: string;
  /** What cms-build.server.ts and sign-pdf.server.ts need. */
  signer: CmsSigner;
  certificate: X509Certificate;
  /** The leaf and its intermediates, PEM (to publish beside the verification page). */
  chainPem: string;
  /** True for the generated demo CA's certificates. */
  demo: boolean;
  /** Where the key came from (a file path, or "demo"), for logs; never the key. */
  source: string;
}

export interface Agency {
  code: string;
  name: string;
}

export interface AgencyKeyStore {
  readonly mode: SigningConfig["mode"];
  /** The agency's identity, checked valid at `now`. Throws SigningConfigError when there is none. */
  forAgency(agency: Agency, now?: Date): Promise<AgencySigningIdentity>;
  /** The demo root certificate (PEM) for the development trust store; null unless in demo mode. */
  demoRootPem(): Promise<string | null>;
  /**
   * The demo CA's current CRL (DER, nothing revoked; reissued hourly, valid a week), so that a relying party can
   * establish the demo certificates' revocation status as it would a real agency CA's; null unless in demo mode.
   */
  demoCrl?(at?: Date): Promise<Uint8Array | null>;
}

export interface AgencyKeyStoreDeps {
  /** Vietnamese texts, "signing" namespace: the demo certificates' names. */
  t: TFunction;
  /** The province in the demo CA's name ("Hà Giang"). */
  province: string;
  now?: () => Date;
  /** For tests: how demo keys are made (RSA 2048 by default). */
  generateKey?: () => KeyObject;
}

/** How long the demo CA's CRL is served before a fresh one is issued. */
const CRL_REISSUE_MS = 60 * 60_000;

const AGENCY_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function createAgencyKeyStore(config: SigningConfig, deps: AgencyKeyStoreDeps): AgencyKeyStore {
  const now = deps.now ?? (() => new Date());
  const loaded = new Map<string, Promise<AgencySigningIdentity>>();
  let demoRoot: Promise<DemoIdentity> | null = null;
  let crl: { at: Date; der: Promise<Uint8Array> } | null = null;
  const root = () => (demoRoot ??= loadOrCreateDemoRoot(config.demoDir, deps, now()).catch((e) => {
    demoRoot = null;
    throw e;
  }));

  return {
    mode: config.mode,
    async forAgency(agency, at = now()) {
      if (!AGENCY_CODE.test(agency.code)) throw new SigningConfigError(`"${agency.code}" is not an agency code.`);
      if (config.mode === "off") {
        throw new SigningConfigError(
          "Signing is not configured: set SIGNING_KEYS_DIR to a folder holding each agency's PKCS#12 file or PEM key and chain (see README, Configuration). Production never signs with a generated demo key.",
        );
      }
      let identity = loaded.get(agency.code);
      if (!identity) {
        identity = config.mode === "configured" ? loadConfigured(config, agency.code) : loadOrCreateDemoLeaf(config, deps, agency, await root(), now());
        loaded.set(agency.code, identity);
        identity.catch(() => loaded.delete(agency.code));
      }
      let result = await identity;
      if (result.demo && !validAt(result.certificate, at)) {
        // A demo certificate that ran out is simply replaced.
        loaded.delete(agency.code);
        identity = loadOrCreateDemoLeaf(config, deps, agency, await root(), at, true);
        loaded.set(agency.code, identity);
        result = await identity;
      }
      checkValidAt(result.certificate, at, agency.code);
      return result;
    },
    async demoRootPem() {
      if (config.mode !== "demo") return null;
      return (await root()).certificatePem;
    },
    async demoCrl(at = now()) {
      if (config.mode !== "demo") return null;
      if (!crl || at.getTime() - crl.at.getTime() > CRL_REISSUE_MS || at < crl.at) {
        const issuer = await root();
        const issued = issueCrl({
          issuer: { key: nodeSigningKey(issuer.key), certificate: issuer.der },
          thisUpdate: new Date(at.getTime() - 60_000),
          nextUpdate: new Date(at.getTime() + 7 * 86_400_000),
          number: Math.floor(at.getTime() / 1000),
          revoked: [],
        }).then((c) => c.der);
        issued.catch(() => (crl = null));
        crl = { at, der: issued };
      }
      return crl.der;
    },
  };
}

const validAt = (cert: X509Certificate, at: Date) => new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);

function checkValidAt(cert: X509Certificate, at: Date, code: string): void {
  if (new Date(cert.validFrom) > at) throw new SigningConfigError(`The signing certificate of agency ${code} is not valid before ${new Date(cert.validFrom).toISOString()}.`);
  if (new Date(cert.validTo) < at) throw new SigningConfigError(`The signing certificate of agency ${code} expired on ${new Date(cert.validTo).toISOString()}; install its renewed certificate.`);
}

// ---------------------------------------------------------------------------------------------------------------
// Configured keys
// ---------------------------------------------------------------------------------------------------------------

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

async function loadConfigured(config: SigningConfig, code: string): Promise<AgencySigningIdentity> {
  const dir = config.keysDir!;
  for (const base of [code, "default"]) {
    const p12Path = join(dir, `${base}.p12`);
    const keyPath = join(dir, `${base}.key.pem`);
    const chainPath = join(dir, `${base}.chain.pem`);
    const password = (await readIfExists(join(dir, `${base}.pass`)))?.toString("utf8").replace(/\r?\n$/, "") ?? config.keyPassword;
    const p12 = await readIfExists(p12Path);
    if (p12) {
      const { key, certificates } = readPkcs12(p12, password ?? "", p12Path);
      return identityFrom(code, key, certificates, config, p12Path, false);
    }
    const keyPem = await readIfExists(keyPath);
    if (keyPem) {
      const chainPem = await readIfExists(chainPath);
      if (!chainPem) throw new SigningConfigError(`${keyPath} has no certificate chain beside it (${chainPath}).`);
      let key: KeyObject;
      try {
        key = createPrivateKey({ key: keyPem, format: "pem", passphrase: password });
      } catch {
        throw new SigningConfigError(`${keyPath} cannot be read as a private key (wrong password in ${base}.pass or SIGNING_KEY_PASSWORD?).`);
      }
      return identityFrom(code, key, fromPem(chainPem.toString("utf8")), config, keyPath, false);
    }
  }
  throw new SigningConfigError(
    `No signing key for agency ${code} in SIGNING_KEYS_DIR (${dir}): expected ${code}.p12 or ${code}.key.pem with ${code}.chain.pem, or default.p12 / default.key.pem.`,
  );
}

/** Match the key with its certificate, order the chain leaf first, and check that the key signs. */
function identityFrom(code: string, key: KeyObject, certificates: Buffer[], config: SigningConfig, source: string, demo: boolean): AgencySigningIdentity {
  const publicDer = createPublicKey(key).export({ type: "spki", format: "der" });
  const parsed = certificates.map((der) => ({ der, x509: new X509Certificate(der) }));
  const leaf = parsed.find((c) => c.x509.publicKey.export({ type: "spki", format: "der" }).equals(publicDer));
  if (!leaf) throw new SigningConfigError(`${source}: no certificate matches the private key.`);
  // Intermediates from the leaf upwards, each issued by the next; a self-signed root is left out of the CMS.
  const chain: Buffer[] = [];
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    const issuer = parsed.find((c) => c !== current && current.x509.checkIssued(c.x509) && current.x509.verify(c.x509.publicKey));
    if (!issuer || issuer.x509.checkIssued(issuer.x509)) break;
    chain.push(issuer.der);
    current = issuer;
  }
  let algorithm;
  try {
    algorithm = defaultAlgorithm(key, config.rsaPadding);
  } catch (error) {
    throw new SigningConfigError(`${source}: ${(error as Error).message}`);
  }
  const signingKey = nodeSigningKey(key, algorithm);
  // A probe: the key really signs what the certificate's public key verifies.
  const probe = randomBytes(32);
  const probeSig = key.asymmetricKeyType === "ed25519" ? sign(null, probe, key) : sign("sha256", probe, key);
  const ok = key.asymmetricKeyType === "ed25519" ? verify(null, probe, leaf.x509.publicKey, probeSig) : verify("sha256", probe, leaf.x509.publicKey, probeSig);
  if (!ok) throw new SigningConfigError(`${source}: the private key does not match its certificate.`);
  return {
    agencyCode: code,
    signer: { key: signingKey, certificate: leaf.der, chain },
    certificate: leaf.x509,
    chainPem: [leaf.der, ...chain].map((c) => toPem(c, "CERTIFICATE")).join(""),
    demo,
    source,
  };
}

/**
 * A PKCS#12 file's private key and certificates, walked with forge.asn1: the MAC checked (PKCS#12 key derivation,
 * SHA-1/SHA-256/384/512), bags decrypted with forge's PBE ciphers (PBES2 with AES, or the legacy 3DES/RC2 schemes).
 * forge's own pkcs12FromAsn1 is not used: it hands PBES2 a Unicode password it does not UTF-8-encode (non-ASCII
 * passwords fail), its certificate objects hold RSA keys only, and re-encoding could change the certificates' bytes.
 */
export function readPkcs12(p12: Buffer, password: string, source = "PKCS#12"): { key: KeyObject; certificates: Buffer[] } {
  const fail = (why: string): never => {
    throw new SigningConfigError(`${source} cannot be opened (${why}).`);
  };
  let pfx: Node[];
  try {
    pfx = parse(p12).value as Node[];
  } catch {
    return fail("not DER");
  }
  const oidOf = (n: Node) => forge.asn1.derToOid(n.value as string);
  const octetBytes = (n: Node): string => (typeof n.value === "string" ? n.value : (n.value as Node[]).map(octetBytes).join(""));
  const authSafe = pfx[1]?.value as Node[] | undefined;
  if (!authSafe || oidOf(authSafe[0]!) !== OID.data) return fail("only password-integrity files are read");
  const authSafeBytes = octetBytes((authSafe[1]!.value as Node[])[0]!);

  // Integrity: HMAC over the AuthenticatedSafe with the PKCS#12-derived key (RFC 7292 appendix B).
  const macData = pfx[2]?.value as Node[] | undefined;
  if (!macData) return fail("it has no MAC");
  const digestInfo = macData[0]!.value as Node[];
  const macHash = MAC_HASHES[oidOf((digestInfo[0]!.value as Node[])[0]!)];
  if (!macHash) return fail("unsupported MAC algorithm");
  const iterations = macData[2] ? Number(BigInt("0x" + buf(macData[2].value as string).toString("hex"))) : 1;
  const macKey = pkcs12Kdf(password, macData[1]!.value as string, 3, iterations, macHash.length, macHash.md());
  const mac = createHmac(macHash.node, buf(macKey)).update(buf(authSafeBytes)).digest();
  if (!mac.equals(buf(digestInfo[1]!.value as string))) return fail("wrong password, or the file is damaged");

  const decrypt = (algorithm: Node[], data: string): string => {
    const oid = oidOf(algorithm[0]!);
    // PBES2 derives its key from the password's UTF-8 bytes; the PKCS#12 PBE schemes from its BMPString.
    const pw = oid === PBES2 ? forge.util.encodeUtf8(password) : password;
    let cipher: forge.cipher.BlockCipher;
    try {
      cipher = pbeCipher(oid, algorithm[1]!, pw);
    } catch (error) {
      return fail((error as Error).message.replace(/\.$/, ""));
    }
    cipher.update(forge.util.createBuffer(data));
    if (!cipher.finish()) return fail("a bag cannot be decrypted");
    return cipher.output.getBytes();
  };

  let key: KeyObject | null = null;
  const certificates: Buffer[] = [];
  for (const contentInfo of parse(buf(authSafeBytes)).value as Node[]) {
    const [typeNode, wrapped] = contentInfo.value as Node[];
    const type = oidOf(typeNode!);
    let safeContents: string;
    if (type === OID.data) {
      safeContents = octetBytes((wrapped!.value as Node[])[0]!);
    } else if (type === ENCRYPTED_DATA) {
      // EncryptedData { version, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT encryptedContent } }
      const eci = ((wrapped!.value as Node[])[0]!.value as Node[])[1]!.value as Node[];
      safeContents = decrypt(eci[1]!.value as Node[], octetBytes(eci[2]!));
    } else continue;
    for (const bag of parse(buf(safeContents)).value as Node[]) {
      const [bagId, bagValue] = bag.value as Node[];
      const value = (bagValue!.value as Node[])[0]!;
      const bagType = oidOf(bagId!);
      if (bagType === CERT_BAG) {
        const certBag = value.value as Node[];
        if (oidOf(certBag[0]!) === X509_CERTIFICATE) certificates.push(buf(octetBytes((certBag[1]!.value as Node[])[0]!)));
      } else if (bagType === SHROUDED_KEY_BAG || bagType === KEY_BAG) {
        let info = buf(forge.asn1.toDer(value).getBytes());
        if (bagType === SHROUDED_KEY_BAG) {
          const [algorithm, encrypted] = value.value as Node[];
          info = buf(decrypt(algorithm!.value as Node[], octetBytes(encrypted!)));
        }
        try {
          key = createPrivateKey({ key: info, format: "der", type: "pkcs8" });
        } catch {
          return fail("its private key cannot be read");
        }
      }
    }
  }
  if (!key) return fail("it holds no private key");
  return { key, certificates };
}

const { pbes2: PBES2, encryptedData: ENCRYPTED_DATA, keyBag: KEY_BAG, pkcs8ShroudedKeyBag: SHROUDED_KEY_BAG, certBag: CERT_BAG, x509Certificate: X509_CERTIFICATE } = OID;
const MAC_HASHES: Record<string, { node: string; length: number; md: () => forge.md.MessageDigest }> = {
  [OID.sha1]: { node: "sha1", length: 20, md: () => forge.md.sha1.create() },
  [OID.sha256]: { node: "sha256", length: 32, md: () => forge.md.sha256.create() },
  [OID.sha384]: { node: "sha384", length: 48, md: () => forge.md.sha384.create() },
  [OID.sha512]: { node: "sha512", length: 64, md: () => forge.md.sha512.create() },
};

// forge 1.x functions that @types/node-forge does not declare.
const pkcs12Kdf = (password: string, salt: string, id: number, iterations: number, length: number, md: forge.md.MessageDigest): string =>
  (forge.pkcs12 as unknown as { generateKey(p: string, s: forge.util.ByteStringBuffer, id: number, i: number, n: number, md: forge.md.MessageDigest): forge.util.ByteStringBuffer })
    .generateKey(password, forge.util.createBuffer(salt), id, iterations, length, md)
    .getBytes();
const pbeCipher = (oid: string, params: Node, password: string): forge.cipher.BlockCipher =>
  (forge.pki as unknown as { pbe: { getCipher(oid: string, params: Node, password: string): forge.cipher.BlockCipher } }).pbe.getCipher(oid, params, password);

// ---------------------------------------------------------------------------------------------------------------
// The demo agency CA
// ---------------------------------------------------------------------------------------------------------------

interface DemoIdentity {
  key: KeyObject;
  der: Buffer;
  certificatePem: string;
}

const YEAR = 365 * 24 * 3600_000;

/** Write a file atomically and only if it does not exist yet; false when another process was first. */
async function createExclusive(path: string, content: string, mode: number): Promise<boolean> {
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, content, { mode });
  await chmod(temp, mode);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Replace a file atomically (a renewed demo leaf). */
async function replaceFile(path: string, content: string, mode: number): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, content, { mode });
  await chmod(temp, mode);
  await rename(temp, path);
}

function readIdentityPem(text: string, path: string): DemoIdentity {
  const der = fromPem(text)[0];
  const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/.exec(text)?.[0];
  if (!der || !keyPem) throw new SigningConfigError(`${path} does not hold a certificate and a private key; delete it to have it made again.`);
  return { key: createPrivateKey(keyPem), der, certificatePem: toPem(der, "CERTIFICATE") };
}

const keyPemOf = (key: KeyObject) => key.export({ type: "pkcs8", format: "pem" }) as string;
const defaultKey = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

async function loadOrCreateDemoRoot(dir: string, deps: AgencyKeyStoreDeps, at: Date): Promise<DemoIdentity> {
  await mkdir(join(dir, "agencies"), { recursive: true, mode: 0o700 });
  const path = join(dir, "root.pem");
  const existing = await readIfExists(path);
  if (existing) return readIdentityPem(existing.toString("utf8"), path);
  const key = (deps.generateKey ?? defaultKey)();
  const org = deps.t("signing:demoCa.organization", { province: deps.province });
  const cert = await issueCertificate({
    subject: {
      country: "VN",
      stateOrProvince: deps.province,
      organization: org,
      organizationalUnit: deps.t("signing:demoCa.notForProduction"),
      commonName: deps.t("signing:demoCa.root", { province: deps.province }),
    },
    publicKey: key,
    selfSignKey: nodeSigningKey(key, defaultAlgorithm(key, "pkcs1")),
    notBefore: new Date(at.getTime() - 3600_000),
    notAfter: new Date(at.getTime() + 20 * YEAR),
    ca: { pathLength: 0 },
    keyUsage: ["keyCertSign", "cRLSign"],
  });
  if (await createExclusive(path, cert.pem + keyPemOf(key), 0o600)) {
    await replaceFile(join(dir, "root-certificate.pem"), cert.pem, 0o644);
    return { key, der: cert.der, certificatePem: cert.pem };
  }
  return readIdentityPem((await readFile(path)).toString("utf8"), path); // another process made it first
}

async function loadOrCreateDemoLeaf(config: SigningConfig, deps: AgencyKeyStoreDeps, agency: Agency, root: DemoIdentity, at: Date, renew = false): Promise<AgencySigningIdentity> {
  const path = join(config.demoDir, "agencies", `${agency.code}.pem`);
  const existing = renew ? null : await readIfExists(path);
  if (existing) {
    const id = readIdentityPem(existing.toString("utf8"), path);
    return identityFrom(agency.code, id.key, [id.der, root.der], config, "demo", true);
  }
  const key = (deps.generateKey ?? defaultKey)();
  const cert = await issueCertificate({
    subject: {
      country: "VN",
      stateOrProvince: deps.province,
      organization: deps.t("signing:demoCa.organization", { province: deps.province }),
      organizationalUnit: [deps.t("signing:demoCa.notForProduction"), deps.t("signing:demoCa.leafUnit", { code: agency.code })],
      commonName: agency.name,
    },
    publicKey: key,
    issuer: { key: nodeSigningKey(root.key, defaultAlgorithm(root.key, "pkcs1")), certificate: root.der },
    notBefore: new Date(at.getTime() - 3600_000),
    notAfter: new Date(at.getTime() + 2 * YEAR),
    keyUsage: ["digitalSignature", "nonRepudiation"],
    extendedKeyUsage: [OID.documentSigning, OID.emailProtection],
  });
  const content = cert.pem + keyPemOf(key);
  if (renew) await replaceFile(path, content, 0o600);
  else if (!(await createExclusive(path, content, 0o600))) {
    const id = readIdentityPem((await readFile(path)).toString("utf8"), path);
    return identityFrom(agency.code, id.key, [id.der, root.der], config, "demo", true);
  }
  return identityFrom(agency.code, key, [cert.der, root.der], config, "demo", true);
}
