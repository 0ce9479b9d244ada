import { test, expect, waitForHydration, expectAccessible, confirmSignUp } from "./fixtures";
import type { Page } from "@playwright/test";

const PASSWORD = "lantern-harbour-river";

async function signUp(page: Page, org: string, email: string) {
  await page.goto("/sign-up");
  await waitForHydration(page);
  await page.fill("#su-org", org);
  await page.selectOption("#su-country", "SE");
  await page.selectOption("#su-kind", "municipality");
  await page.fill("#su-pop", "31 000");
  await page.selectOption("#su-amb", "frontrunner");
  await page.fill("#su-name", "Anna Berg");
  await page.fill("#su-email", email);
  await page.fill("#su-password", PASSWORD);
  await page.click("#sign-up-form button[type=submit]");
  // Nothing is created until the link mailed to the address is confirmed.
  await confirmSignUp(page, email, org);
  await expect(page).toHaveURL(/\/orgs\/\d+$/);
  await expect(page.locator("#org-name")).toHaveText(org);
  return Number(page.url().split("/").pop());
}

test.describe("accounts", () => {
  // Deliberate 400 (wrong password, invalid input) and 401 (signed out)
  // responses show up as browser console messages; nothing else may.
  test.use({ expectedConsole: [/status of 40[01] \((Bad Request|Unauthorized)\)/] });

  test("an organisation signs up, signs out and signs in again", async ({ page }) => {
    const email = `anna.${Date.now()}@e2e.example`;
    const orgId = await signUp(page, "E2E kommun", email);
    expect(orgId).toBeGreaterThan(0);
    await expect(page.locator("#org-role")).toHaveText("Organisation administrator");
    await expect(page.locator("#signed-in-as")).toContainText("Anna Berg");
    await expectAccessible(page);

    await page.click("#sign-out");
    await expect(page.locator("#sign-in-link")).toBeVisible();
    await page.goto(`/orgs/${orgId}`);
    await expect(page.locator("[role=alert]")).toContainText("Please sign in");

    await page.goto("/sign-in");
    await waitForHydration(page);
    await expectAccessible(page);
    await page.fill("#sign-in-email", email);
    await page.fill("#sign-in-password", "not-the-password");
    await page.click("#sign-in-form button[type=submit]");
    await expect(page.locator(".form-error")).toContainText("incorrect");
    await page.fill("#sign-in-password", PASSWORD);
    await page.click("#sign-in-form button[type=submit]");
    await expect(page).toHaveURL(new RegExp(`/orgs/${orgId}$`));
    await expect(page.locator("#org-name")).toHaveText("E2E kommun");
  });

  test("a user of another organisation cannot open its page", async ({ browser }) => {
    const a = await browser.newContext();
    const pa = await a.newPage();
    const orgA = await signUp(pa, "Kommun A", `a.${Date.now()}@e2e.example`);
    const b = await browser.newContext();
    const pb = await b.newPage();
    await signUp(pb, "Kommun B", `b.${Date.now()}@e2e.example`);
    await pb.goto(`/orgs/${orgA}`);
    await expect(pb.locator("#org-error")).toBeVisible();
    await expect(pb.locator("body")).not.toContainText("Kommun A");
    await a.close();
    await b.close();
  });

  test("sign-up shows validation errors in place", async ({ page }) => {
    await page.goto("/sign-up");
    await waitForHydration(page);
    await page.fill("#su-org", "Felkommun");
    await page.fill("#su-pop", "12000");
    await page.fill("#su-name", "Eva");
    await page.fill("#su-email", `eva.${Date.now()}@e2e.example`);
    await page.fill("#su-password", "password1");
    await page.click("#sign-up-form button[type=submit]");
    await expect(page.locator(".form-error")).toContainText("most common passwords");
    await expect(page).toHaveURL(/\/sign-up$/);
    await expectAccessible(page);
  });

  test("server messages appear in the reader's language", async ({ page }) => {
    await page.goto("/sign-in");
    await waitForHydration(page);
    await page.locator(".lang-switch button[data-locale='sv']").click();
    await expect(page.locator("h1")).toHaveText("Logga in");
    await page.fill("#sign-in-email", `nobody.${Date.now()}@e2e.example`);
    await page.fill("#sign-in-password", "not-the-password");
    await page.click("#sign-in-form button[type=submit]");
    await expect(page.locator(".form-error")).toHaveText("E-postadressen eller lösenordet är fel.");
    await page.locator(".lang-switch button[data-locale='nl']").click();
    await expect(page.locator(".form-error")).toHaveText("Het e-mailadres of wachtwoord is onjuist.");
  });
});
