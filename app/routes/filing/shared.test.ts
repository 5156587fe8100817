import type { ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { describe, expect, it } from "vitest";
import { revalidateAfterConflict } from "./shared";

// A refused save on a filing page (posted with JavaScript) reloads the draft when the refusal is a conflict: the page
// must then show the latest answers and carry the latest version, as its banner says, or every save after it is
// refused too (single fetch skips the loaders after a 4xx reply).

const args = (actionStatus: number | undefined, defaultShouldRevalidate: boolean) => ({ actionStatus, defaultShouldRevalidate }) as ShouldRevalidateFunctionArgs;

describe("the filing pages after a post", () => {
  it("load the draft again after a conflict, not after another refusal, and otherwise as Remix would", () => {
    // Remix's single fetch hands a route's own shouldRevalidate `defaultShouldRevalidate: true` even after a 4xx.
    expect(revalidateAfterConflict(args(409, true))).toBe(true);
    expect(revalidateAfterConflict(args(409, false))).toBe(true);
    expect(revalidateAfterConflict(args(400, true))).toBe(false);
    expect(revalidateAfterConflict(args(200, true))).toBe(true);
    expect(revalidateAfterConflict(args(undefined, true))).toBe(true);
    expect(revalidateAfterConflict(args(undefined, false))).toBe(false);
  });

  it("is what every filing page that answers 409 on a conflict uses", async () => {
    const pages = await Promise.all([
      import("../filing.$draftId.applicant"),
      import("../filing.$draftId.section.$n"),
      import("../filing.$draftId.documents"),
      import("../filing.$draftId.fees"),
      import("../filing.$draftId.declaration"),
      import("../filing.$draftId.submit"),
    ]);
    for (const page of pages) expect(page.shouldRevalidate).toBe(revalidateAfterConflict);
  });
});
