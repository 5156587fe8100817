import { channelOf, isChannel } from "~/domain/procedures/drafts.fees";
import { itemIndex } from "./draft.server";

// The fee pages' address: /admin/catalog/drafts/:id/offerings/:index/fees/:channel[/:fee].

/** The offering's position and its channel named in the address; 404 unless that offering offers that channel. */
export function locateChannel(content: Parameters<typeof channelOf>[0], params: { index?: string; channel?: string }) {
  const index = itemIndex(params.index, content.offerings.length);
  if (index === "new" || !isChannel(params.channel)) throw new Response(null, { status: 404 });
  const channel = channelOf(content, index, params.channel);
  if (!channel) throw new Response(null, { status: 404 });
  return { index, channel };
}
