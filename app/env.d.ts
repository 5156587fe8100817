import type { PetitionSettings } from "./domain/petitions/petitions";
import type { RatingSettings } from "./domain/ratings/ratings";
import type { PaymentSettings } from "./domain/payments/payments.server";
import type { SessionStorage } from "@remix-run/node";
import type { Db, Engine } from "./platform/db.server";
import type { Logger } from "./platform/logger.server";
import type { RateLimitPolicies } from "./platform/rate-limit.server";
import type { SecretKeys } from "./platform/secret-box.server";
import type { SessionData, SessionFlash } from "./platform/session.server";
import type { BlobStore } from "./platform/blob-store.server";
import type { PortalSigning } from "./platform/signature-services.server";
import type { FileStorage } from "./platform/storage.server";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  /** What the server (app/server.ts, the composition root) hands every loader and action. */
  interface AppLoadContext {
    db: Db;
    engine: Engine;
    logger: Logger;
    storage: FileStorage;
    /** Uploaded and issued files, content-addressed (app/platform/blob-store.server.ts, decision 0013). */
    blobs: BlobStore;
    sessionStorage: SessionStorage<SessionData, SessionFlash>;
    nonce: string;
    requestId: string;
    version: string;
    /** The client's address (from the proxy's X-Forwarded-For when TRUST_PROXY=1), for rate limits and audit. */
    clientIp: string | null;
    /** The site's own origin from PUBLIC_URL (never from the request), e.g. https://dichvucong.hagiang.gov.vn, for links in e-mails. */
    origin: string;
    /**
     * The keys derived from the session secret (current) and from SESSION_SECRET_PREVIOUS: seal secrets kept at rest
     * and open them (app/platform/secret-box.server.ts).
     */
    secretKey: SecretKeys;
    /** The rate limits in force, with what the configuration changes (app/platform/rate-limit.server.ts). */
    rateLimits: RateLimitPolicies;
    /** Each agency's signing key and certificate (app/platform/signature-services.server.ts, decision 0017). */
    signing: PortalSigning;
    /** The petitions' deadlines and control unit (PETITION_* settings; app/domain/petitions/petitions.ts). */
    petitions?: PetitionSettings;
    /** The ratings' edit window and link validity (RATING_* settings; app/domain/ratings/ratings.ts). */
    ratings?: RatingSettings;
    /** The payment providers, receipts and rules in force (VNPAY_*, VIETQR_*, RECEIPT_*, PAYMENT_*; app/domain/payments). */
    payments?: PaymentSettings;
  }
}
