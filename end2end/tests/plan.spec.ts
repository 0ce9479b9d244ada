import { test, expect, waitForHydration, expectAccessible, signInToOrg } from "./fixtures";
import type { Page } from "@playwright/test";

async function openForm(page: Page, section: string, form: string) {
  const details = page.locator(`${section} details.plan-form`, { has: page.locator(form) });
  if ((await details.count()) > 0 && (await details.getAttribute("open")) === null) {
    await details.locator("summary").click();
  }
  await expect(page.locator(form)).toBeVisible();
}

// The bad-input step answers 400 on purpose.
test.use({ expectedConsole: [/status of 400 \(Bad Request\)/] });

test("the org admin sets targets, plans an activity with a KPI and a business case", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const orgId = await signInToOrg(page, "org_admin");

  // Targets (målbild): high enough that every strategy falls short.
  await page.goto(`/orgs/${orgId}/targets`);
  await waitForHydration(page);
  const levels = ["9", "8.5", "8", "9", "8", "9.5"];
  for (let i = 0; i < 6; i++) {
    await page.fill(`#t-level-s${i + 1}`, levels[i]);
    await page.fill(`#t-year-s${i + 1}`, "2029");
  }
  await page.click("#targets-save");
  await expect(page.locator("#targets-saved")).toBeVisible();

  // The dashboard's spider chart shows the target series.
  await page.goto(`/orgs/${orgId}/dashboard`);
  await waitForHydration(page);
  await expect(page.locator("#dashboard-spider")).toHaveAttribute("data-chart-state", "rendered");
  await expect(page.locator("#dashboard-spider ~ details thead th")).toHaveText(["Strategy", "Now", "Target", "Peer median"]);
  const s1 = page.locator("#dashboard-spider ~ details tbody tr", { hasText: "S1" });
  await expect(s1.locator("td").nth(1)).toHaveText("9.0");

  // The action plan, from the organisation page.
  await page.goto(`/orgs/${orgId}`);
  await waitForHydration(page);
  await page.click("#plan-link");
  await expect(page).toHaveURL(new RegExp(`/orgs/${orgId}/plan$`));
  await waitForHydration(page);
  await expect(page.locator("#plan-title")).toBeVisible();

  // Suggested activities for the weakest strategies; adopting one opens it for editing.
  const adopt = page.locator("[data-adopt]");
  await expect(adopt.first()).toBeVisible();
  expect(await adopt.count()).toBeGreaterThanOrEqual(6);
  await adopt.first().click();
  await expect(page.locator("#adopted")).toBeVisible();
  await expect(page.locator("#activity-form-h")).toHaveText("Edit the activity");
  await expect(page.locator("#act-title")).not.toHaveValue("");
  await page.fill("#act-year", "2027");
  await page.fill("#act-cost", "120 000");
  await page.fill("#act-owner", "Digitalisation lead");
  await page.selectOption("#act-status", "in_progress");
  await page.click("#activity-save");
  await expect(page.locator("#activity-form-h")).toHaveText("Add an activity");
  // The adopted activity was already in 2027: wait for the reloaded plan (which
  // renders the form anew) before typing into it, by the edit it shows.
  await expect(page.locator("#activities-2027 tbody tr")).toHaveCount(1);
  await expect(page.locator("#activities-2027 tbody tr")).toContainText("Digitalisation lead");

  // Bad input: a clear message, nothing added.
  await page.fill("#act-title", "E-archive for building permits");
  await page.fill("#act-year", "2027");
  await page.fill("#act-cost", "-5");
  await page.click("#activity-save");
  await expect(page.locator("#activity-form .form-error")).toContainText("whole numbers");
  await expect(page.locator("#activities-2027 tbody tr")).toHaveCount(1);

  // A new activity of its own.
  await page.fill("#act-description", "All building-permit cases archived digitally.");
  await page.selectOption("#act-strategy", "S2");
  await page.fill("#act-owner", "Head of archives");
  await page.fill("#act-cost", "500 000");
  await page.check("#act-funding-investment");
  await page.click("#activity-save");
  await expect(page.locator("#activities-2027 tbody tr")).toHaveCount(2);
  const totals = page.locator("#cost-totals tbody tr", { hasText: "2027" });
  await expect(totals).toContainText(/500\s000/);

  // A KPI for the new activity, with a measured value.
  await openForm(page, "#kpis", "#kpi-form");
  const archive = await page
    .locator("#kpi-scope option", { hasText: "E-archive for building permits" })
    .getAttribute("value");
  await page.selectOption("#kpi-scope", archive!);
  await page.fill("#kpi-name", "Share of cases archived digitally");
  await page.fill("#kpi-unit", "%");
  await page.fill("#kpi-baseline", "20");
  await page.fill("#kpi-target", "80");
  await page.fill("#kpi-owner", "Archivist");
  await page.selectOption("#kpi-frequency", "quarterly");
  await page.click("#kpi-save");
  await expect(page.locator("#kpi-table tbody tr")).toHaveCount(1);
  await openForm(page, "#kpis", "#measurement-form");
  await page.fill("#meas-date", "2027-06-30");
  await page.fill("#meas-value", "50");
  await page.click("#measurement-save");
  await expect(page.locator("#kpi-table .kpi-progress")).toHaveText("50 %");

  // The business case for two years: chart and table with net and accumulated net.
  for (const [year, inv, run, sav] of [
    ["2027", "500 000", "50 000", "100 000"],
    ["2028", "0", "60 000", "300 000"],
  ]) {
    await expect(page.locator("#bc-form")).toBeVisible();
    await page.selectOption("#bc-scope", archive!);
    await page.fill("#bc-year", year);
    await page.fill("#bc-investment", inv);
    await page.fill("#bc-running", run);
    await page.fill("#bc-savings", sav);
    await page.click("#bc-save");
    await expect(page.locator("#bc-table tbody tr", { hasText: year })).toHaveCount(1);
  }
  await expect(page.locator("#bc-chart")).toHaveAttribute("data-chart-state", "rendered");
  // 2027: 100 000 − 500 000 − 50 000 = −450 000; 2028: 300 000 − 60 000 = 240 000 → −210 000.
  const y2028 = page.locator("#bc-table tbody tr", { hasText: "2028" });
  await expect(y2028.locator("td").nth(3)).toHaveText(/^240\s000/);
  await expect(y2028.locator("td").nth(4)).toHaveText(/^−210\s000/);

  // By strategy: the strategy's survey results before/after next to its activities and KPIs.
  await page.click("#view-strategy");
  await expect(page.locator("#view-strategy")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#plan-s2 .progress-line")).toContainText("→");
  await expect(page.locator("#plan-s2")).toContainText("Share of cases archived digitally");

  await page.waitForTimeout(1000); // let the chart animation finish for the screenshot
  await page.screenshot({ path: "test-results/plan.png", fullPage: true });
  await expectAccessible(page);
});

test("a leader reads the plan but has no forms", async ({ page }) => {
  const orgId = await signInToOrg(page, "leader");
  await page.goto(`/orgs/${orgId}/plan`);
  await waitForHydration(page);
  await expect(page.locator("#plan-read-only")).toBeVisible();
  await expect(page.locator("#activity-form")).toHaveCount(0);
  await expect(page.locator("[data-adopt]")).toHaveCount(0);
  await expectAccessible(page);
});
