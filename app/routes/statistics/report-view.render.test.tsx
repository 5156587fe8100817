import { describe, expect, it, vi } from "vitest";
import common from "../../../locales/vi/common.json";
import statisticsPages from "../../../locales/vi/statistics-pages.json";
import enCommon from "../../../locales/en/common.json";
import enStatisticsPages from "../../../locales/en/statistics-pages.json";
import { sampleReport } from "../../domain/statistics/sample-report.test-helper";
import { statisticsQueryString, readStatisticsQuery } from "../../domain/statistics/statistics-query";
import { pageRenderer } from "../render-page.test-helper";
import { createInstance } from "i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";

// The statistics report drawn on the server from a hand-made report: the seed article's shares, every chart with its
// table, the 766 formulas, the unmeasured list, catalog counts; for officials every count is a link to its dossiers.

vi.mock("@remix-run/react", async () => (await import("../render-page.test-helper")).remixReactStub);
const { ReportView, monthPeriod } = await import("./report-view");
const { FilterForm, agencyOptions } = await import("./filter-form");
const statistics = { formula: { timeliness: "(Trước hạn + đúng hạn) / đã giải quyết" }, unmeasured: { publicity: "Cổng không lưu ngày công bố thủ tục" } };
const render = pageRenderer({ common, "statistics-pages": statisticsPages, statistics });
const catalog = [{ agencyId: "a-stp", agencyName: "Sở Tư pháp", full: 12, partial: 30, info: 4 }];

describe("the statistics report view", () => {
  it("shows the headline shares of resolved like the seed article, the as-of time, and the period", () => {
    const html = render(<ReportView report={sampleReport()} catalog={catalog} scopeName={null} />);
    for (const text of ['data-share="resolvedEarly">75 %', 'data-share="resolvedOnTime">17,5 %', 'data-share="resolvedLate">7,5 %', 'data-measure="received">100<', 'data-share="online">60 %', 'data-share="satisfaction">90 %', "Số liệu tính đến 09:30 ngày 01/03/2026", "Từ 01/01/2026 đến 28/02/2026", "Toàn tỉnh", "4,8 ngày làm việc"]) {
      expect(html).toContain(text);
    }
    expect(html).not.toMatch(/headline\.|measures\.|columns\.|charts\./);
  });

  it("draws each chart with its data table, and the durations, 766 components with formulas, unmeasured reasons, petitions and catalog", () => {
    const html = render(<ReportView report={sampleReport()} catalog={catalog} scopeName="Sở Tư pháp" />);
    for (const id of ["chart-month", "chart-agency", "chart-channel", "chart-level", "chart-durations"]) expect(html).toContain(`aria-labelledby="${id}-title"`);
    expect(html.match(/role="img"/g)).toHaveLength(5);
    expect(html.match(/<caption/g)!.length).toBeGreaterThanOrEqual(9);
    expect(html.match(/role="region" aria-label=/g)!.length).toBeGreaterThanOrEqual(9);
    for (const text of ["01/2026", "02/2026", "Trực tuyến", "Bưu chính công ích", "Toàn trình", "Đăng ký khai sinh (1.001193)", "2,5", "(Trước hạn + đúng hạn) / đã giải quyết", "92,5 %", "Cổng không lưu ngày công bố thủ tục", "Sở Tư pháp", ">46<", 'data-petitions="answeredOnTime">8<', 'data-figure="inProgressOverdue">5<']) {
      expect(html).toContain(text);
    }
    expect(html).toContain("Phạm vi: Sở Tư pháp");
    expect(html).not.toContain("<a ");
  });

  it("for officials, every count links to the dossiers behind it with the filter of its row", () => {
    const report = sampleReport();
    const drill = (measure: string, override = {}) => `/office/statistics/dossiers?${statisticsQueryString({ ...report.filter, ...override }, { measure })}`;
    const html = render(<ReportView report={report} catalog={catalog} scopeName={null} drill={drill} />);
    expect(html).toContain('href="/office/statistics/dossiers?from=2026-01-01&amp;to=2026-02-28&amp;measure=received"');
    expect(html).toContain('href="/office/statistics/dossiers?from=2026-02-01&amp;to=2026-02-28&amp;measure=resolvedLate"');
    expect(html).toContain('href="/office/statistics/dossiers?from=2026-01-01&amp;to=2026-02-28&amp;agency=a-stp&amp;measure=resolvedEarly"');
    expect(html).toContain('href="/office/statistics/dossiers?from=2026-01-01&amp;to=2026-02-28&amp;channel=post&amp;measure=received"');
    expect(html).toContain("measure=inProgressOverdue");
    expect(monthPeriod("2026-02", { ...report.filter, from: "2026-02-10", to: "2026-03-31" })).toEqual({ from: "2026-02-10", to: "2026-02-28" });
  });

  it("draws in English with the English words", () => {
    const i18n = createInstance();
    void i18n.use(initReactI18next).init({ lng: "en", fallbackLng: "en", ns: ["common", "statistics-pages"], defaultNS: "common", resources: { en: { common: enCommon, "statistics-pages": enStatisticsPages } }, interpolation: { escapeValue: false }, initImmediate: false, react: { useSuspense: false } });
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={i18n}>
        <ReportView report={sampleReport()} catalog={catalog} scopeName={null} />
      </I18nextProvider>,
    );
    for (const text of ["Figures as of 09:30 on 01/03/2026", 'data-share="resolvedOnTime">17.5%', "Whole province", "Results by month", "Public postal service"]) expect(html).toContain(text);
  });
});

describe("the statistics filter form", () => {
  it("is a GET search form with date boxes, the agency tree indented, presets as links keeping the choices, and errors inline", () => {
    const query = readStatisticsQuery(new URLSearchParams("from-day=31&from-month=2&from-year=2026&agency=d1"), "2026-11-30");
    const options = {
      agencies: [
        { id: "d1", name: "UBND huyện Vị Xuyên", parentId: "p" },
        { id: "c1", name: "UBND xã Đạo Đức", parentId: "d1" },
        { id: "p", name: "UBND tỉnh Hà Giang", parentId: null },
      ],
      fields: [{ code: "HT", name: "Hộ tịch" }],
      procedures: [{ code: "1.001193", name: "Đăng ký khai sinh" }],
    };
    expect(agencyOptions(options.agencies).map((o) => o.text)).toEqual(["UBND tỉnh Hà Giang", "— UBND huyện Vị Xuyên", "— — UBND xã Đạo Đức"]);
    const html = render(<FilterForm action="/statistics" values={query.values} errors={query.ok ? [] : query.errors} options={options} filter={query.filter} today="2026-11-30" />);
    expect(html).toMatch(/<form method="get" action="\/statistics"/);
    for (const text of ['name="from-day"', 'value="31"', 'name="to-year"', 'name="agency"', 'value="d1" selected=""', "Đăng ký khai sinh (1.001193)", "Bưu chính công ích", "Nhập ngày bắt đầu là một ngày có thật", 'href="/statistics?from=2025-01-01&amp;to=2025-12-31"', "Năm trước", "Quý này"]) {
      expect(html).toContain(text);
    }
  });
});
