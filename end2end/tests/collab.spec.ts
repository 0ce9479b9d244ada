import { test, expect, waitForHydration, expectAccessible, demoAccount, signInAs, type DemoAccount } from "./fixtures";
import type { Page } from "@playwright/test";

async function signOut(page: Page) {
  await page.click("#sign-out");
  await expect(page.locator("#sign-in-link")).toBeVisible();
}

/** An org admin answers the invitation on the organisation's collaborations page. */
async function accept(page: Page, a: DemoAccount, collabId: number, named: boolean, checkA11y = false) {
  await signInAs(page, a);
  await expect(page).toHaveURL(/\/orgs\/\d+$/);
  const orgId = Number(page.url().split("/").pop());
  await page.click("#org-collab-link");
  await expect(page).toHaveURL(new RegExp(`/orgs/${orgId}/collaborations$`));
  await waitForHydration(page);
  const key = `${collabId}-${orgId}`;
  await expect(page.locator(`#accept-btn-${key}`)).toBeVisible();
  if (checkA11y) await expectAccessible(page);
  if (named) await page.check(`#named-${key}`);
  await page.click(`#accept-btn-${key}`);
  // Now a member: the consent form replaces the invitation.
  await expect(page.locator(`#consent-btn-${key}`)).toBeVisible();
  await expect(page.locator(`#named-${key}`)).toBeChecked({ checked: named });
  await signOut(page);
}

test("a coordinator creates a collaboration; members accept, consent, and the dashboard shows the collective", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const coordinator = demoAccount("coordinator");
  const admins = [demoAccount("org_admin"), demoAccount("org_admin2"), demoAccount("org_admin3")];

  // The coordinator creates the collaboration and invites three organisations.
  await signInAs(page, coordinator);
  await page.click("#collab-link");
  await expect(page).toHaveURL(/\/collaborations$/);
  await waitForHydration(page);
  await expectAccessible(page);
  const name = `IJmond ${Date.now()}`;
  await page.fill("#collab-name", name);
  await page.click("#collab-create");
  await expect(page).toHaveURL(/\/collaborations\/\d+$/);
  const collabId = Number(page.url().split("/").pop());
  await expect(page.locator("#collab-name-title")).toHaveText(name);
  for (const a of admins) {
    await page.fill("#org-search", a.context);
    await page.click("#org-search-go");
    const invite = page.locator(`#org-search-results button[data-org="${a.context}"]`);
    await expect(invite).toBeVisible();
    await invite.click();
    await expect(page.locator("#manage-members")).toContainText(a.context);
  }
  await expect(page.locator("#manage-members tbody tr")).toHaveCount(3);
  await signOut(page);

  // Two admins accept and consent to be named; the third accepts without.
  await accept(page, admins[0], collabId, true, true);
  await accept(page, admins[1], collabId, true);
  await accept(page, admins[2], collabId, false);

  // The coordinator's dashboard: two named members, one anonymised, the
  // collective trend of the named two.
  await signInAs(page, coordinator);
  await page.goto(`/collaborations/${collabId}`);
  await waitForHydration(page);
  await expect(page.locator("#named-members li")).toHaveCount(2);
  await expect(page.locator("#named-members")).toContainText(admins[0].context);
  await expect(page.locator("#named-members")).toContainText(admins[1].context);
  await expect(page.locator("#named-members")).not.toContainText(admins[2].context);
  await expect(page.locator("#unnamed-members")).toHaveAttribute("data-count", "1");
  await expect(page.locator("#collab-trend")).toHaveAttribute("data-chart-state", "rendered");
  expect(await page.locator("#collective-table tbody tr").count()).toBeGreaterThan(0);
  await expect(page.locator("#collab-spider")).toHaveAttribute("data-chart-state", "rendered");
  // The spider chart's table: collective plus the two named members, nobody else.
  const heads = page.locator("#collab-spider ~ details thead th");
  await expect(heads).toHaveCount(4);
  await expect(heads.nth(1)).toHaveText("Collective");
  const spiderHead = page.locator("#collab-spider ~ details thead");
  await expect(spiderHead).toContainText(admins[0].context);
  await expect(spiderHead).toContainText(admins[1].context);
  // The unnamed member's name appears nowhere on the page.
  await expect(page.locator("main")).not.toContainText(admins[2].context);
  await page.waitForTimeout(1000); // let the chart animations finish for the screenshot
  await page.screenshot({ path: "test-results/collaboration.png", fullPage: true });
  await expectAccessible(page);
});
