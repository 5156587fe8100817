import { describe, expect, it } from "vitest";
import catalog from "../catalog/ha-giang.json" with { type: "json" };
import { compileFormSchema } from "../../../app/domain/forms/compile";
import type { FormDefinition } from "../../../app/domain/forms/form-definition";
import { answersFor } from "./form-answers";
import { DEFAULT_PARAMETERS, seededRandom, withParameters } from "./parameters";

describe("the simulation's random numbers", () => {
  it("are the same for the same seed and differ for another", () => {
    const draw = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("draw log-normal delays around their median and Poisson counts around their mean", () => {
    const r = seededRandom(1);
    const delays = Array.from({ length: 4001 }, () => r.logNormal({ median: 3, spread: 0.8 })).sort((a, b) => a - b);
    expect(delays[2000]!).toBeGreaterThan(2.7);
    expect(delays[2000]!).toBeLessThan(3.3);
    const counts = Array.from({ length: 4000 }, () => r.poisson(6));
    const mean = counts.reduce((s, n) => s + n, 0) / counts.length;
    expect(mean).toBeGreaterThan(5.8);
    expect(mean).toBeLessThan(6.2);
  });

  it("merges nested overrides one level deep", () => {
    const p = withParameters({ agencies: { communes: 2, districts: DEFAULT_PARAMETERS.agencies.districts }, scale: 0.1 });
    expect(p.agencies).toEqual({ communes: 2, districts: DEFAULT_PARAMETERS.agencies.districts });
    expect(p.staff).toEqual(DEFAULT_PARAMETERS.staff);
    expect(p.scale).toBe(0.1);
  });
});

describe("a simulated applicant's answers", () => {
  it("pass the compiled form of every procedure of the demo catalog", () => {
    const r = seededRandom(3);
    const failing: string[] = [];
    for (const p of catalog.procedures) {
      const form = p.form as unknown as FormDefinition;
      const answers = answersFor(form, r, { today: "2026-06-15", cccd: "002190012345", phone: "0912345678", name: "Lò Thị Mai", commune: { province: "02", district: "024", commune: "00688" } });
      const parsed = compileFormSchema(form, { today: "2026-06-15" }).safeParse(answers);
      if (!parsed.success) failing.push(`${p.code}: ${JSON.stringify(parsed.error.issues.map((i) => [i.path.join("."), i.message]))}`);
    }
    expect(failing).toEqual([]);
  });
});
