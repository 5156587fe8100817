import { describe, expect, it } from "vitest";
import { channelGroups } from "./catalog.server";

const counter = { channel: "in_person", timeLimit: { unit: "working_days", amount: 3 }, feeMode: "free", fees: [] } as const;
const online = { channel: "online", timeLimit: { unit: "working_days", amount: 2 }, feeMode: "free", fees: [] } as const;
const agencies = [
  { code: "H1", name: "UBND huyện Bắc Mê", kind: "district_ppc", level: "district" },
  { code: "X1", name: "UBND xã Yên Phong", kind: "commune_ppc", level: "commune" },
  { code: "X2", name: "UBND xã Đường Âm", kind: "commune_ppc", level: "commune" },
];

describe("time and fees groups of the public page", () => {
  it("shows one group when every offering has the same channels", () => {
    const groups = channelGroups(
      {
        offerings: [
          { receivers: { kinds: ["district_ppc"] }, channels: [counter] },
          { receivers: { kinds: ["commune_ppc"] }, channels: [counter] },
        ],
      } as never,
      agencies,
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]!.levels).toEqual(["district", "commune"]);
  });

  it("shows one group per distinct set of channels, with its levels and (when few) agencies", () => {
    const groups = channelGroups(
      {
        offerings: [
          { receivers: { codes: ["H1"] }, channels: [counter, online] },
          { receivers: { kinds: ["commune_ppc"] }, channels: [counter] },
        ],
      } as never,
      agencies,
    );
    expect(groups.map((g) => g.levels)).toEqual([["district"], ["commune"]]);
    expect(groups[0]!.channels).toHaveLength(2);
    expect(groups[1]!.agencies).toEqual(["UBND xã Yên Phong", "UBND xã Đường Âm"]);
  });
});
