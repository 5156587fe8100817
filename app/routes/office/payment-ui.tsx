import type { TFunction } from "i18next";
import type { RequestState } from "~/domain/payments/payments";
import { Tag, type TagColour } from "~/ui/tag";

// What the officials' payment pages share (issue 9): the payments' messages as the use cases and schemas give them (keys
// of "payments" or "dossiers", with their parameters), and a request's state as a coloured tag.

export function paymentText(t: TFunction, key: string, params?: Record<string, unknown>): string {
  return t(key, params ?? {}) as string;
}

const STATE_COLOURS: Record<RequestState, TagColour> = { created: "yellow", pending: "light-blue", paid: "green", failed: "red", expired: "orange", cancelled: "grey", refunded: "purple" };

export function PaymentStateTag({ state, t }: { state: RequestState; t: TFunction }) {
  return <Tag colour={STATE_COLOURS[state]}>{t(`payments:states.${state}`)}</Tag>;
}
