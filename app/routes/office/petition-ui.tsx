import type { TFunction } from "i18next";
import type { DeadlineState } from "~/domain/petitions/petitions";
import { Tag, type TagColour } from "~/ui/tag";

// What the officials' petition pages draw alike: where an item stands against its due instant.

const DEADLINE_COLOURS: Record<DeadlineState, TagColour | null> = { overdue: "red", dueSoon: "yellow", onTrack: null, none: null };

export function DeadlineTag({ state, t }: { state: DeadlineState; t: TFunction }) {
  const colour = DEADLINE_COLOURS[state];
  return colour ? <Tag colour={colour}>{t(`petitions-office:deadline.${state}`)}</Tag> : null;
}

export const petitionPath = (code: string) => `/office/petitions/${encodeURIComponent(code)}`;
