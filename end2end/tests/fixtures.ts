import { test as base, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * Fails the test on any uncaught page error or console error. A test that
 * provokes an error on purpose (e.g. a 404 document) lists it in
 * `expectedConsole`.
 */
export const test = base.extend<{ expectedConsole: RegExp[]; pageErrors: string[] }>({
  expectedConsole: [[], { option: true }],
  pageErrors: [
    async ({ page, expectedConsole }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() !== "error") return;
        const text = m.text();
        if (expectedConsole.some((re) => re.test(text))) return;
        errors.push(`console: ${text} (${m.location().url})`);
      });
      await use(errors);
      expect(errors, "no errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Wait until the page is hydrated: the wasm sets this marker on <body>. */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body[data-hydrated='true']")).toHaveCount(1, { timeout: 30_000 });
}

/** axe-core: fail on serious or critical WCAG 2.1 A/AA violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}
