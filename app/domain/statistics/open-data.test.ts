import { describe, expect, it } from "vitest";
import { BREAKDOWN_NAMES, CSV_COLUMNS, csvField, FIGURE_KEYS, OPEN_DATA_SCHEMA, openDataCsv, openDataCsvRows, openDataDocument, openDataFileName, openDataJson, type OpenDataDocument } from "./open-data";
import { sampleReport } from "./sample-report.test-helper";
import { formatShare, headlineShares } from "./shares";
import schema from "../../../public/open-data/statistics.schema.json";

// The open data: the JSON document of the stable format, and the CSV that says the same numbers (parsed back here
// with an RFC 4180 reader and compared with the JSON, field by field).

/** An RFC 4180 reader: quoted fields, doubled quotes, commas and line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") endField();
    else if (c === "\r" && text[i + 1] === "\n") {
      endField();
      out.push(row);
      row = [];
      i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    endField();
    out.push(row);
  }
  return out;
}

describe("open data", () => {
  const doc = openDataDocument(sampleReport(), (key) => `«${key}»`);

  it("the JSON document has the stable schema name, the filter, asOf, figures, shares, breakdowns, 766 components, petitions and ratings", () => {
    const parsed = JSON.parse(openDataJson(doc)) as OpenDataDocument;
    expect(parsed.schema).toBe(OPEN_DATA_SCHEMA);
    expect(parsed.filter).toEqual({ from: "2026-01-01", to: "2026-02-28", agencyId: null, field: null, procedureCode: null, channel: null, onlineLevel: null });
    expect(parsed.asOf).toBe("2026-03-01T02:30:00.000Z");
    expect(parsed.figures.received).toBe(100);
    expect(Object.keys(parsed.figures)).toEqual([...FIGURE_KEYS]);
    expect(parsed.shares).toMatchObject({ resolvedEarly: 0.75, resolvedOnTime: 0.175, resolvedLate: 0.075, online: 0.6, satisfaction: 0.9, petitionsAnsweredOnTime: 0.8889, averageResolutionWorkingDays: 4.8 });
    expect(Object.keys(parsed.breakdowns)).toEqual([...BREAKDOWN_NAMES]);
    expect(parsed.breakdowns.month.map((m) => m.key)).toEqual(["2026-01", "2026-02"]);
    expect(parsed.index766[0]).toEqual({ id: "timeliness", group: "timeliness", formula: "«formula.timeliness»", numerator: 74, denominator: 80, value: 0.925 });
    expect(parsed.index766[2]!.value).toBeNull();
    expect(parsed.unmeasured).toEqual([{ id: "publicity", reason: "«unmeasured.publicity»" }]);
    expect(parsed.petitions.answeredOnTime).toBe(8);
    expect(parsed.ratings).toEqual({ rated: 50, verySatisfied: 30, satisfied: 15, unsatisfied: 5 });
  });

  it("holds no personal data: only counts, codes and names of agencies, fields and procedures", () => {
    const json = openDataJson(doc);
    expect(json).not.toMatch(/applicant|citizen|phone|email|nationalId|"code":/i);
  });

  it("the JSON Schema lists every top-level property and requires the schema name", () => {
    expect(schema.properties.schema.const).toBe(OPEN_DATA_SCHEMA);
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(doc).sort());
    expect(schema.required.sort()).toEqual(Object.keys(doc).sort());
    expect(Object.keys(schema.$defs.figures.properties)).toEqual([...FIGURE_KEYS]);
  });

  it("the CSV starts with a BOM and the header row, and parsed back gives exactly the JSON's numbers", () => {
    const csv = openDataCsv(doc);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(openDataCsvRows(doc).length);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const value = (section: string, key: string, measure: string) => rows.find((r) => r[0] === section && r[1] === key && r[3] === measure)?.[4];
    for (const k of FIGURE_KEYS) expect(Number(value("total", "all", k))).toBe(doc.figures[k]);
    for (const name of BREAKDOWN_NAMES) for (const b of doc.breakdowns[name]) for (const k of FIGURE_KEYS) expect(Number(value(name, b.key, k)), `${name} ${b.key} ${k}`).toBe(b.figures[k]);
    expect(Number(value("share", "all", "resolvedEarly"))).toBe(0.75);
    expect(value("duration", "1.000656", "averageWorkingDays")).toBe("");
    expect(Number(value("index766", "timeliness", "value"))).toBe(0.925);
    expect(Number(value("petitions", "all", "answeredLate"))).toBe(1);
    expect(Number(value("ratings", "all", "unsatisfied"))).toBe(5);
    // A label with a comma and quotes survives the round trip.
    expect(rows.find((r) => r[0] === "agency" && r[1] === "a-vx")![2]).toBe('UBND huyện Vị Xuyên, "thử"');
  });

  it("quotes fields per RFC 4180 and neutralises formulas; file names carry the period", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-3")).toBe("-3");
    expect(openDataFileName(doc.filter, "csv")).toBe("thong-ke-2026-01-01_2026-02-28.csv");
  });

  it("the headline shares follow §3.1 (of resolved) and print as the seed article does", () => {
    const s = headlineShares(sampleReport());
    expect((s.resolvedEarly ?? 0) + (s.resolvedOnTime ?? 0) + (s.resolvedLate ?? 0)).toBeCloseTo(1, 6);
    expect(formatShare(0.75, "vi")).toBe("75 %");
    expect(formatShare(0.174, "vi")).toBe("17,4 %");
    expect(formatShare(0.076, "en")).toBe("7.6%");
    expect(formatShare(null, "vi")).toBe("—");
  });
});
