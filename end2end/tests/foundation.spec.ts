import { test, expect, waitForHydration, expectAccessible } from "./fixtures";

test.describe("foundation", () => {
  test("home page is server-rendered, then hydrates: the toggle only works after hydration", async ({ page }) => {
    // With JavaScript off there is no hydration: the toggle must stay inert.
    const ctx = await page.context().browser()!.newContext({ javaScriptEnabled: false });
    const noJs = await ctx.newPage();
    await noJs.goto("/");
    await expect(noJs.locator("h1")).toBeVisible();
    await noJs.locator("#quadrants-toggle").click();
    await expect(noJs.locator("#quadrants")).toBeHidden();
    await ctx.close();

    await page.goto("/");
    await waitForHydration(page);
    const toggle = page.locator("#quadrants-toggle");
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(page.locator("#quadrants")).toBeHidden();
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(page.locator("#quadrants")).toBeVisible();
    await expect(page.locator("#quadrants")).toContainText("Digital Master");
  });

  test("the charming spider chart is drawn by ECharts with a data table", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    const chart = page.locator("#home-spider");
    await expect(chart).toHaveAttribute("data-chart-state", "rendered");
    await expect(chart.locator("canvas")).toHaveCount(1);
    // ECharts was loaded from this server, not a CDN.
    const echartsSrc = await page.locator("script[src*='echarts']").getAttribute("src");
    expect(echartsSrc).toBe("/vendor/echarts.min.js");
    // The same figures as a table (6 strategies x 3 series).
    await expect(page.locator(".chart-data tbody tr")).toHaveCount(6);
    await expect(page.locator(".chart-data thead th")).toHaveCount(4);
    await page.waitForTimeout(1200); // let the ECharts animation settle for the screenshot
    await page.screenshot({ path: "test-results/home.png", fullPage: true });
  });

  test("switching language re-renders the page and is remembered by the server", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    await expect(page.locator("h1")).toContainText("Where does your organisation stand");
    await page.locator(".lang-switch button[data-locale='sv']").click();
    await expect(page.locator("h1")).toContainText("Var står er organisation");
    await expect(page.locator(".lang-switch button[data-locale='sv']")).toHaveAttribute("aria-pressed", "true");
    await expect(page.locator("html")).toHaveAttribute("lang", "sv");
    // The chart's data table follows the language too.
    await expect(page.locator(".chart-data thead")).toContainText("Strategi");
    // The choice is kept in a cookie: a fresh server render is in Swedish.
    await page.reload();
    await expect(page.locator("h1")).toContainText("Var står er organisation");
    await waitForHydration(page);
    await page.locator(".lang-switch button[data-locale='nl']").click();
    await expect(page.locator("h1")).toContainText("Waar staat uw organisatie");
    await page.locator(".lang-switch button[data-locale='da']").click();
    await expect(page.locator("h1")).toContainText("Hvor står jeres organisation");
    await page.locator(".lang-switch button[data-locale='en']").click();
    await expect(page.locator("h1")).toContainText("Where does your organisation stand");
  });

  test("Accept-Language picks the first language when there is no cookie", async ({ browser }) => {
    const ctx = await browser.newContext({ locale: "da-DK" });
    const page = await ctx.newPage();
    await page.goto("/");
    await expect(page.locator("h1")).toContainText("Hvor står jeres organisation");
    await ctx.close();
  });

  test("platform figures come from the database (demo organisations)", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("#platform-orgs")).toContainText(/\d+ organisations take part/);
  });

  test.describe(() => {
    test.use({ expectedConsole: [/status of 404/] });
    test("unknown pages get a friendly 404", async ({ page }) => {
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.locator("h1")).toHaveText("Page not found");
    });
  });

  test("home page has no serious accessibility violations", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    await expectAccessible(page);
    await page.locator("#quadrants-toggle").click();
    await expectAccessible(page);
  });
});
