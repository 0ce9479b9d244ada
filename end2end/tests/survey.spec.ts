import { test, expect, waitForHydration, expectAccessible, confirmSignUp } from "./fixtures";
import type { Browser, Page } from "@playwright/test";

const PASSWORD = "lantern-harbour-river";
const PHONE = { width: 390, height: 844 };

/** Answer the current section: a choice for each choice item, 1–10 for scales. */
async function answerSection(page: Page, seed: number) {
  const items = page.locator("fieldset.item");
  const n = await items.count();
  for (let i = 0; i < n; i++) {
    const item = items.nth(i);
    const scaleLabels = item.locator(".scale-option label");
    if ((await scaleLabels.count()) > 0) {
      await scaleLabels.nth((seed + i) % 10).click();
      continue;
    }
    const choices = item.locator(".choice label");
    if ((await choices.count()) > 0) {
      await choices.nth((seed + i) % (await choices.count())).click();
      continue;
    }
    const select = item.locator("select");
    if ((await select.count()) > 0) {
      await select.selectOption({ index: 1 + (seed % 3) });
      continue;
    }
    const area = item.locator("textarea");
    if ((await area.count()) > 0) await area.fill(`Svar ${seed}-${i}`);
  }
  await expect(page.locator(".save-state")).not.toHaveText("");
}

async function startWith(page: Page, path: string) {
  await page.goto(path);
  await waitForHydration(page);
  await expectAccessible(page);
  await page.click("#start-button");
  await expect(page).toHaveURL(/\/r\/[A-Z0-9]+/);
  await expect(page.locator("#step-heading")).toBeVisible();
}

/** Answer every section from the current one, review, submit. */
async function finish(page: Page, seed: number, checkA11y: boolean) {
  for (;;) {
    await answerSection(page, seed);
    if (checkA11y) await expectAccessible(page);
    const next = page.locator("#next-button");
    if ((await next.count()) === 0) break;
    await next.click();
    if ((await page.locator("#submit-button").count()) > 0) break;
  }
  await expect(page.locator("#review-list li")).toHaveCount(5);
  if (checkA11y) await expectAccessible(page);
  await page.click("#submit-button");
  await expect(page).toHaveURL(/\/thanks$/);
  await expect(page.locator("#thanks")).toBeVisible();
  // The thank-you page shows nothing that identifies the answers.
  await expect(page.locator("main")).not.toContainText(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  if (checkA11y) await expectAccessible(page);
}

async function respondent(browser: Browser, path: string, seed: number, opts: { lang?: string; phone?: boolean } = {}) {
  const ctx = await browser.newContext(opts.phone ? { viewport: PHONE, isMobile: true, hasTouch: true } : {});
  const page = await ctx.newPage();
  if (opts.lang) {
    await page.goto("/survey");
    await waitForHydration(page);
    await page.locator(`.lang-switch button[data-locale='${opts.lang}']`).click();
  }
  await startWith(page, path);
  await finish(page, seed, seed <= 2);
  await ctx.close();
}

// Refused starts (used token, closed campaign) answer 400.
test.use({ expectedConsole: [/status of 400 \(Bad Request\)/] });

test("a campaign is run: six respondents answer, one resumes a draft; counts only while open; closing is final", async ({ browser }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/sign-up");
  await waitForHydration(admin);
  await admin.fill("#su-org", `Enkätkommun ${stamp}`);
  await admin.fill("#su-pop", "42000");
  await admin.fill("#su-name", "Admin");
  await admin.fill("#su-email", `survey.${stamp}@e2e.example`);
  await admin.fill("#su-password", PASSWORD);
  await admin.click("#sign-up-form button[type=submit]");
  await confirmSignUp(admin, `survey.${stamp}@e2e.example`, `Enkätkommun ${stamp}`);
  await expect(admin).toHaveURL(/\/orgs\/\d+$/);
  await admin.click("#campaigns-link");
  await waitForHydration(admin);

  await admin.fill("#nc-name", "Digital mognad");
  await admin.fill("#nc-year", "2026");
  await admin.fill("#nc-depts", "Planering\nSocialtjänst\nIT");
  await admin.click("#new-campaign-form button[type=submit]");
  const campaign = admin.locator(".campaign").first();
  await expect(campaign.locator(".campaign-state")).toHaveText("Draft");
  await campaign.locator(".open-button").click();
  await expect(campaign.locator(".campaign-state")).toHaveText("Open");
  await campaign.locator(".tokens-form input[name=count]").fill("6");
  await campaign.locator(".tokens-form button").click();
  const csv = await admin.locator("#tokens-csv").inputValue();
  const tokens = csv.trim().split(/\r?\n/).slice(1).map((l) => l.split(",")[0]);
  expect(tokens).toHaveLength(6);
  const sharedLink = (await campaign.locator(".shared-link").innerText()).trim();
  await expectAccessible(admin);

  // Staff per department (the padding rule): a department that is not in
  // the campaign is refused and changes nothing; then two are saved.
  const heads = campaign.locator(".headcounts-form textarea");
  await heads.fill("Ekonomi: 3");
  await campaign.locator(".headcounts-form button").click();
  await expect(admin.locator(".form-error").first()).toContainText("is not a department of this campaign");
  await heads.fill("planering: 4\nIT: 3");
  await campaign.locator(".headcounts-form button").click();
  await expect(admin.locator("#mail-status")).toContainText("Headcounts saved.");
  await expect(campaign.locator(".headcounts-form textarea")).toHaveValue("IT: 3\nPlanering: 4");
  await expect(campaign.locator(".over-headcount")).toHaveCount(0);

  // 1: Swedish, 2: Dutch, 3: on a phone, 4–5: default.
  await respondent(browser, `/t/${tokens[0]}`, 1, { lang: "sv" });
  await respondent(browser, `/t/${tokens[1]}`, 2, { lang: "nl" });
  await respondent(browser, `/t/${tokens[2]}`, 3, { phone: true });
  await respondent(browser, `/t/${tokens[3]}`, 4);
  await respondent(browser, `/t/${tokens[4]}`, 5);

  // 6: saves a draft, resumes it in a new browser context with the resume code.
  const first = await browser.newContext();
  const p1 = await first.newPage();
  await startWith(p1, `/t/${tokens[5]}`);
  await answerSection(p1, 6);
  const resume = (await p1.locator("#resume-code-display").innerText()).trim();
  expect(resume).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await first.close();
  const second = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const p2 = await second.newPage();
  await p2.goto("/survey");
  await waitForHydration(p2);
  await p2.fill("#resume-code", resume.toLowerCase());
  await p2.click("#resume-button");
  await expect(p2).toHaveURL(/\/r\//);
  // The saved answers are there.
  await expect(p2.locator(".choice input:checked").first()).toBeAttached();
  await finish(p2, 6, false);
  // The token cannot be used again.
  await p2.goto(`/t/${tokens[5]}`);
  await waitForHydration(p2);
  await p2.click("#start-button");
  await expect(p2.locator(".form-error")).toContainText("already been used");
  await second.close();

  // The admin sees "6 submitted" and nothing else while open.
  await admin.reload();
  await waitForHydration(admin);
  await expect(campaign.locator(".submitted-count")).toHaveText("6");
  await expect(admin.locator("main")).not.toContainText(/mean|median|index/i);
  await campaign.locator(".close-button").click();
  await expect(campaign.locator(".campaign-state")).toHaveText("Closed");

  // After closing, no more answers.
  const late = await (await browser.newContext()).newPage();
  await late.goto(sharedLink);
  await waitForHydration(late);
  await late.click("#start-button");
  await expect(late.locator(".form-error")).toContainText("closed");
});
