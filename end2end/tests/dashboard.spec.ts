import { test, expect, waitForHydration, expectAccessible, signInToOrg } from "./fixtures";

test("a leader sees the dashboard, switches the peer group and opens the report", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const orgId = await signInToOrg(page, "leader");

  await page.click("#dashboard-link");
  await expect(page).toHaveURL(new RegExp(`/orgs/${orgId}/dashboard$`));
  await waitForHydration(page);
  await expect(page.locator("#latest-n")).toHaveText(/^\d+$/);
  await expect(page.locator("#quadrant-badge")).toBeVisible();
  // The spider chart is drawn, with three series: now, target, peer median.
  await expect(page.locator("#dashboard-spider")).toHaveAttribute("data-chart-state", "rendered");
  const heads = page.locator("#dashboard-spider ~ details thead th");
  await expect(heads).toHaveText(["Strategy", "Now", "Target", "Peer median"]);
  await expect(page.locator("#strategy-table tbody tr")).toHaveCount(9);
  await expect(page.locator("#trend-index")).toHaveAttribute("data-chart-state", "rendered");
  await expect(page.locator("#ambition")).toBeVisible();
  // CSV of the organisation's own aggregates.
  await page.click("#export-csv");
  const href = await page.locator("#export-download").getAttribute("href");
  const csv = decodeURIComponent(href!.split(",")[1]);
  expect(csv.split("\r\n")[0]).toBe("year,campaign,breakdown,group,dimension,n,mean,median,sd,q1,q3,ci_lo,ci_hi");
  expect(csv).toContain(",total,,INDEX,");

  await page.waitForTimeout(1000); // let the chart animations finish for the screenshot
  await page.screenshot({ path: "test-results/dashboard.png", fullPage: true });
  await expectAccessible(page);

  // Benchmark: own country first, then every country; the ranking grows.
  await page.click("#benchmark-link");
  await expect(page).toHaveURL(new RegExp(`/orgs/${orgId}/benchmark$`));
  await waitForHydration(page);
  const rows = page.locator("#ranking-table tbody tr");
  await expect(rows.first()).toBeVisible();
  const total = async () => Number(await page.locator("#ranking-status").getAttribute("data-total"));
  const inCountry = await total();
  expect(inCountry).toBeGreaterThanOrEqual(await rows.count());
  await expect(page.locator("#ranking-table tr.self")).toHaveCount(1);
  const ownRankBefore = await page.locator("#ranking-table tr.self td").first().innerText();
  await expect(page.locator("#bench-scatter")).toHaveAttribute("data-chart-state", "rendered");
  await expect(page.locator("#bench-boxes")).toHaveAttribute("data-chart-state", "rendered");
  await page.waitForTimeout(1000);
  await page.screenshot({ path: "test-results/benchmark.png", fullPage: true });
  await expectAccessible(page);

  await page.selectOption("#f-country", "");
  await page.click("#filter-apply");
  await expect(page).toHaveURL(/country=&/);
  await expect.poll(total).toBeGreaterThan(inCountry);
  const ownRankAfter = await page.locator("#ranking-table tr.self td").first().innerText();
  expect(Number(ownRankAfter)).toBeGreaterThanOrEqual(Number(ownRankBefore));

  // A collaboration of a handful of members is too small a peer group: no figures.
  const collab = await page.locator("#f-collab option").nth(1).getAttribute("value");
  expect(collab).toBeTruthy();
  await page.selectOption("#f-collab", collab!);
  await page.click("#filter-apply");
  await expect(page.locator("#bench-too-small")).toBeVisible();
  await expect(page.locator("#ranking-table")).toHaveCount(0);

  // The printable report.
  await page.click("#report-link");
  await expect(page).toHaveURL(new RegExp(`/orgs/${orgId}/report$`));
  await waitForHydration(page);
  await expect(page.locator("#report-title")).toBeVisible();
  await expect(page.locator("#print-button")).toBeVisible();
  await expect(page.locator("#dashboard-spider")).toHaveAttribute("data-chart-state", "rendered");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("#print-button")).toBeHidden();
  await expect(page.locator("#dashboard-spider ~ details table")).toBeVisible();
  await page.screenshot({ path: "test-results/report-print.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });
  await expectAccessible(page);
});
