import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { can, type Actor } from "../access/permissions";
import { feeSummary, offeringFor } from "../filing/filing";
import type { FormValues } from "../forms/compile";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import type { ProcedureContent } from "../procedures/catalog.server";
import type { Channel, FeeMode } from "../procedures/procedures";
import { todayInVietnam } from "../shared/format";
import { agencyKindOn, findDossierForFees } from "./office.repo.server";
import { paymentLinesOf, type PaymentLine } from "./payments.server";

// The officials' side of a dossier's payments (issue 9; shared/domain/payments.md §5.4): what the catalog says the
// applicant owes for THIS dossier, to prefill a pay-later request. The fees are those of the offering its procedure
// version makes at the dossier's receiving agency, for the channel it came through (online when that channel has no
// terms), with the quantities the applicant's answers give; the official may still change every line.

type Db = Kysely<Database>;

export interface SuggestedPayment {
  /** The catalog's fee mode for the dossier's channel (null when the offering or its channel is gone). */
  feeMode: FeeMode | null;
  /** The channel whose terms were used. */
  channel: Channel | null;
  lines: PaymentLine[];
  /** Some line assumed one unit (the answers did not say how many). */
  estimated: boolean;
}

/** The catalog's fee lines for a dossier an official of its agencies may see (read:payment:agency); null otherwise. */
export async function suggestedPaymentLines(db: Db, input: { actor: Actor; code: string; now?: Date }): Promise<SuggestedPayment | null> {
  const d = await findDossierForFees(db, input.code);
  if (!d) return null;
  const sees = [d.agencyId, d.currentAgencyId].some((agencyId) => !!agencyId && can(input.actor, "read:payment:agency", { agencyId }));
  if (!sees) return null;
  const none: SuggestedPayment = { feeMode: null, channel: null, lines: [], estimated: false };
  const content = parseJsonColumn<ProcedureContent>(d.content);
  const kind = (await agencyKindOn(db, d.agencyId, todayInVietnam(input.now ?? new Date()))) ?? "";
  const offering = content?.offerings ? offeringFor(content, { code: d.agencyCode, kind }) : null;
  if (!offering) return none;
  const channel = [d.channel, "online", ...offering.channels.map((c) => c.channel)].find((c) => offering.channels.some((x) => x.channel === c)) as Channel | undefined;
  if (!channel) return none;
  const answers = parseJsonColumn<FormValues>(d.answers) ?? {};
  const fees = feeSummary(offering, answers, channel);
  if (!fees) return none;
  return { feeMode: fees.feeMode, channel, lines: paymentLinesOf(fees.lines), estimated: fees.estimated };
}
