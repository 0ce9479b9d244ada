import { test as base, expect, Page } from "@playwright/test";
import * as fs from "fs";
import * as path from "path";
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

/**
 * A demo account: the server writes the generated passwords to the file named
 * by SPINDEL_DEMO_CREDENTIALS (scripts/test.sh sets it). `context` is the
 * organisation (or collaboration) the account belongs to.
 */
export type DemoAccount = { role: string; email: string; password: string; context: string };

export function demoAccount(role: string): DemoAccount {
  const file = process.env.SPINDEL_DEMO_CREDENTIALS;
  if (!file) throw new Error("SPINDEL_DEMO_CREDENTIALS is not set");
  const all = JSON.parse(fs.readFileSync(file, "utf8")) as DemoAccount[];
  const a = all.find((x) => x.role === role);
  if (!a) throw new Error(`no demo account ${role}`);
  return a;
}

/** Sign in with the form and wait until signed in. */
export async function signInAs(page: Page, a: DemoAccount) {
  await page.goto("/sign-in");
  await waitForHydration(page);
  await page.fill("#sign-in-email", a.email);
  await page.fill("#sign-in-password", a.password);
  await page.click("#sign-in-form button[type=submit]");
  await expect(page).not.toHaveURL(/\/sign-in$/);
  await expect(page.locator("#sign-out")).toBeVisible();
}

/** Sign in as the demo account of an organisation; its id, from the page it lands on. */
export async function signInToOrg(page: Page, role: string): Promise<number> {
  await signInAs(page, demoAccount(role));
  await expect(page).toHaveURL(/\/orgs\/\d+$/);
  return Number(page.url().split("/").pop());
}

/**
 * The newest link under `linkPath` (e.g. "/sign-up/confirm/") in a mail to
 * `to`: the server delivers mail into SPINDEL_MAIL_DIR (set by
 * scripts/test.sh), one .eml file per mail, every 2 s; polled for up to 20 s.
 */
export async function linkInMail(to: string, linkPath: string): Promise<string> {
  const mailDir = process.env.SPINDEL_MAIL_DIR;
  expect(mailDir, "SPINDEL_MAIL_DIR is set for the end-to-end server").toBeTruthy();
  const escaped = linkPath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const pattern = new RegExp(`https?:\\/\\/\\S+${escaped}[0-9a-f]+`);
  let link: string | undefined;
  await expect
    .poll(
      () => {
        let newest = -1;
        for (const f of fs.readdirSync(mailDir!).filter((f) => f.endsWith(".eml"))) {
          // Quoted-printable wraps long lines with a soft break ("=" at the end).
          const eml = fs.readFileSync(path.join(mailDir!, f), "utf8").replace(/=\r?\n/g, "");
          const id = Number(f.replace(/\.eml$/, ""));
          const found = eml.includes(`To: ${to}`) ? eml.match(pattern)?.[0] : undefined;
          if (found && id > newest) {
            newest = id;
            link = found;
          }
        }
        return link;
      },
      { timeout: 20_000, message: `a mail with a ${linkPath} link reaches ${to}` },
    )
    .toBeTruthy();
  return link!;
}

/**
 * After the sign-up form was sent: the page says to check the mailbox; open
 * the mailed link, check what will be created, confirm, and land signed in
 * on the new organisation's page.
 */
export async function confirmSignUp(page: Page, email: string, org: string) {
  await expect(page.locator("#sign-up-sent")).toContainText(email);
  await expect(page.locator("#sign-up-sent")).toContainText("Check your mailbox");
  const link = await linkInMail(email, "/sign-up/confirm/");
  await page.goto(new URL(link).pathname);
  await waitForHydration(page);
  await expect(page.locator("#confirm-org")).toHaveText(org);
  await expect(page.locator("#confirm-email")).toHaveText(email);
  await page.click("#sign-up-confirm-form button[type=submit]");
  await expect(page).toHaveURL(/\/orgs\/\d+$/);
}
