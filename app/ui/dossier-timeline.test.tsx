import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import dossiers from "../../locales/vi/dossiers.json";
import type { TimelineEntry } from "~/domain/dossiers/dossiers";
import { DossierTimeline } from "./dossier-timeline";
import { render } from "./test-i18n";

// The delivery line of a timeline row (issue 6): each (channel, status) once, no address.

const t = await (async () => {
  const i18n = createInstance();
  await i18n.init({ lng: "vi", ns: ["dossiers"], resources: { vi: { dossiers } }, interpolation: { escapeValue: false } });
  return i18n.getFixedT("vi");
})();

const entry: TimelineEntry = { at: "2026-12-02T03:00:00.000Z", statusFrom: 1, status: 2, unit: "UBND xã", byApplicant: false, noteKey: null, clock: null };

describe("DossierTimeline", () => {
  it("says how the row's e-mails and SMS went", () => {
    const html = render(
      <DossierTimeline
        entries={[
          {
            ...entry,
            deliveries: [
              { channel: "email", status: "sent" },
              { channel: "email", status: "sent" },
              { channel: "sms", status: "queued" },
            ],
          },
        ]}
        t={t}
      />,
    );
    expect(html).toContain("Đã gửi email · SMS đang chờ gửi");
    expect(html).not.toContain("delivery.");
  });

  it("shows no delivery line without deliveries (the public tracking page)", () => {
    const html = render(<DossierTimeline entries={[entry]} t={t} />);
    expect(html).not.toContain("app-timeline-delivery");
  });
});
