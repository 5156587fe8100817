// Object identifiers of CMS, X.509, PAdES and the algorithms the portal verifies and signs with (issue 7). One table
// shared by the verifier and the signer; add entries here rather than spelling an OID elsewhere.

export const OID = {
  // CMS content types (RFC 5652) and TSTInfo (RFC 3161)
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  // Signed and unsigned attributes
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
  adbeRevocationInfoArchival: "1.2.840.113583.1.1.8",
  // Digests
  sha1: "1.3.14.3.2.26",
  sha224: "2.16.840.1.101.3.4.2.4",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
  sha3_256: "2.16.840.1.101.3.4.2.8",
  sha3_384: "2.16.840.1.101.3.4.2.9",
  sha3_512: "2.16.840.1.101.3.4.2.10",
  shake256: "2.16.840.1.101.3.4.2.12",
  // Signature algorithms
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha1WithRSAEncryption: "1.2.840.113549.1.1.5",
  sha224WithRSAEncryption: "1.2.840.113549.1.1.14",
  sha256WithRSAEncryption: "1.2.840.113549.1.1.11",
  sha384WithRSAEncryption: "1.2.840.113549.1.1.12",
  sha512WithRSAEncryption: "1.2.840.113549.1.1.13",
  rsassaPss: "1.2.840.113549.1.1.10",
  mgf1: "1.2.840.113549.1.1.8",
  ecPublicKey: "1.2.840.10045.2.1",
  ecdsaWithSHA1: "1.2.840.10045.4.1",
  ecdsaWithSHA224: "1.2.840.10045.4.3.1",
  ecdsaWithSHA256: "1.2.840.10045.4.3.2",
  ecdsaWithSHA384: "1.2.840.10045.4.3.3",
  ecdsaWithSHA512: "1.2.840.10045.4.3.4",
  ed25519: "1.3.101.112",
  ed448: "1.3.101.113",
  // BSI plain ECDSA (r‖s), TR-03111
  ecdsaPlainSHA1: "0.4.0.127.0.7.1.1.4.1.1",
  ecdsaPlainSHA224: "0.4.0.127.0.7.1.1.4.1.2",
  ecdsaPlainSHA256: "0.4.0.127.0.7.1.1.4.1.3",
  ecdsaPlainSHA384: "0.4.0.127.0.7.1.1.4.1.4",
  ecdsaPlainSHA512: "0.4.0.127.0.7.1.1.4.1.5",
  // Named curves
  prime256v1: "1.2.840.10045.3.1.7",
  secp384r1: "1.3.132.0.34",
  secp521r1: "1.3.132.0.35",
  brainpoolP256r1: "1.3.36.3.3.2.8.1.1.7",
  brainpoolP384r1: "1.3.36.3.3.2.8.1.1.11",
  brainpoolP512r1: "1.3.36.3.3.2.8.1.1.13",
  // X.509 extensions (RFC 5280)
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  cRLNumber: "2.5.29.20",
  cRLReason: "2.5.29.21",
  nameConstraints: "2.5.29.30",
  cRLDistributionPoints: "2.5.29.31",
  certificatePolicies: "2.5.29.32",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  issuingDistributionPoint: "2.5.29.28",
  deltaCRLIndicator: "2.5.29.27",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  // Extended key usages
  anyExtendedKeyUsage: "2.5.29.37.0",
  emailProtection: "1.3.6.1.5.5.7.3.4",
  timeStamping: "1.3.6.1.5.5.7.3.8",
  ocspSigning: "1.3.6.1.5.5.7.3.9",
  documentSigning: "1.3.6.1.5.5.7.3.36",
  adobeAuthenticDocumentsTrust: "1.2.840.113583.1.1.5",
  // Names
  commonName: "2.5.4.3",
  countryName: "2.5.4.6",
  localityName: "2.5.4.7",
  stateOrProvinceName: "2.5.4.8",
  organizationName: "2.5.4.10",
  organizationalUnitName: "2.5.4.11",
  serialNumber: "2.5.4.5",
  // Vietnamese certificates carry the holder's ID (CCCD/MST) in a UID attribute.
  userId: "0.9.2342.19200300.100.1.1",
  // OCSP
  ocspBasic: "1.3.6.1.5.5.7.48.1.1",
  ocspNonce: "1.3.6.1.5.5.7.48.1.2",
  // PKCS#12 (RFC 7292) and its encryption (the signer reads agencies' .p12 files)
  encryptedData: "1.2.840.113549.1.7.6",
  pbes2: "1.2.840.113549.1.5.13",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  pkcs8ShroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  x509Certificate: "1.2.840.113549.1.9.22.1",
} as const;

export type OidName = keyof typeof OID;

const BY_VALUE = new Map<string, OidName>(Object.entries(OID).map(([name, value]) => [value, name as OidName]));

/** The name of a known OID, or undefined. */
export const oidName = (value: string): OidName | undefined => BY_VALUE.get(value);
