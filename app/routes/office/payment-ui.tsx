import type { TFunction } from "i18next";
import type { RequestState } from "~/domain/payments/payments";
import { Tag, type TagColour } from "~/ui/tag";

// What the officials' payment pages share (issue 9). The payments' messages ("payments:errors.…", as the use cases and
// schemas give them) show the "payments" namespace's text when it has one, else the same key of "payments-desk" (the
// pages load both); a request's state is a coloured tag.

export function paymentText(t: TFunction, key: string, params?: Record<string, unknown>): string {
  const keys = key.startsWith("payments:") ? [key, `payments-desk:${key.slice("payments:".length)}`] : [key];
  return t(keys, params ?? {}) as string;
}

const STATE_COLOURS: Record<RequestState, TagColour> = { created: "yellow", pending: "light-blue", paid: "green", failed: "red", expired: "orange", cancelled: "grey", refunded: "purple" };

export function PaymentStateTag({ state, t }: { state: RequestState; t: TFunction }) {
  return <Tag colour={STATE_COLOURS[state]}>{t(`payments-desk:states.${state}`)}</Tag>;
}
