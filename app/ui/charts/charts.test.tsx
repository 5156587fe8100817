import { describe, expect, it } from "vitest";
import { render } from "../test-i18n";
import { BarChart, fitLabel } from "./bar-chart";
import { ChartWithTable } from "./chart-with-table";
import { SERIES_STYLES } from "./chart-patterns";
import { StackedBarChart } from "./stacked-bar-chart";

// The charts are SVG drawn on the server: an image named by its <title> and described by its <desc>, sized by its
// viewBox only, bars proportional to the values, series told apart by pattern as well as colour, and a table beside.

const widths = (html: string) => [...html.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="18"/g)].map((m) => Number(m[1]));

describe("BarChart", () => {
  it("is an image with a title and a description, scales by its viewBox, and draws bars in proportion", () => {
    const html = render(<BarChart id="c1" title="Hồ sơ theo kênh" desc="Trực tuyến 30, trực tiếp 15" data={[{ label: "Trực tuyến", value: 30 }, { label: "Trực tiếp", value: 15 }, { label: "Bưu chính", value: 0 }]} />);
    expect(html).toMatch(/^<svg[^>]*role="img"/);
    expect(html).toContain('aria-labelledby="c1-title"');
    expect(html).toContain('aria-describedby="c1-desc"');
    expect(html).toContain('<title id="c1-title">Hồ sơ theo kênh</title>');
    expect(html).toContain('<desc id="c1-desc">Trực tuyến 30, trực tiếp 15</desc>');
    expect(html).toMatch(/viewBox="0 0 640 \d+"/);
    expect(html).not.toMatch(/<svg[^>]*\swidth=/);
    const [a, b, c] = widths(html);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeCloseTo(a! / 2, 0);
    expect(c).toBe(0);
    for (const text of [">30<", ">15<", ">0<", ">Trực tuyến<"]) expect(html).toContain(text);
  });

  it("writes values with the given format, shortens long labels, and draws an empty chart for no data", () => {
    const html = render(<BarChart id="c2" title="t" desc="d" data={[{ label: "Sở Tài nguyên và Môi trường tỉnh Hà Giang", value: 0.75 }]} formatValue={(v) => `${(v * 100).toFixed(1).replace(".", ",")} %`} />);
    expect(html).toContain("75,0 %");
    expect(html).toContain(fitLabel("Sở Tài nguyên và Môi trường tỉnh Hà Giang"));
    expect(fitLabel("Sở Tài nguyên và Môi trường tỉnh Hà Giang")).toHaveLength(28);
    expect(render(<BarChart id="c3" title="t" desc="d" data={[]} />)).toContain('role="img"');
  });
});

describe("StackedBarChart", () => {
  it("has one pattern per series (not colour alone), a legend with the names, segments in proportion and each row's total", () => {
    const series = [{ key: "early", label: "Trước hạn" }, { key: "onTime", label: "Đúng hạn" }, { key: "late", label: "Trễ hạn" }];
    const html = render(<StackedBarChart id="m" title="Theo tháng" desc="…" series={series} rows={[{ label: "01/2026", values: [6, 3, 1] }, { label: "02/2026", values: [0, 0, 0] }]} />);
    expect(html).toContain('role="img"');
    for (const i of [0, 1, 2]) expect(html).toContain(`<pattern id="m-p${i}"`);
    expect(html).toContain('fill="url(#m-p2)"');
    for (const label of ["Trước hạn", "Đúng hạn", "Trễ hạn", "01/2026", "02/2026", ">10<", ">0<"]) expect(html).toContain(label);
    const segs = [...html.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="20"/g)].map((m) => Number(m[1]));
    expect(segs[0]).toBeCloseTo(segs[1]! * 2, 0);
    expect(segs[1]).toBeCloseTo(segs[2]! * 3, 0);
    expect(new Set(SERIES_STYLES.map((s) => s.pattern)).size).toBe(SERIES_STYLES.length);
  });
});

describe("ChartWithTable", () => {
  it("puts the table with a caption and header scopes inside a focusable labelled scrolling region", () => {
    const html = render(
      <ChartWithTable heading="Theo kênh" chart={<svg />} caption="Số hồ sơ theo kênh" head={[{ text: "Kênh" }, { text: "Số hồ sơ", format: "numeric" }]} rows={[[{ text: "Trực tuyến" }, { text: "30", format: "numeric" }]]} />,
    );
    expect(html).toContain('<div class="app-table-scroll" tabindex="0" role="region" aria-label="Số hồ sơ theo kênh">');
    expect(html).toContain("<caption");
    expect(html).toContain('scope="col"');
    expect(html).toContain('<th scope="row"');
  });
});
