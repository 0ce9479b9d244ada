import { test, expect, waitForHydration, expectAccessible, confirmSignUp } from "./fixtures";
import { execFileSync } from "node:child_process";
import path from "node:path";
import fs from "node:fs";
import type { Page } from "@playwright/test";

const PASSWORD = "lantern-harbour-river";

// The operator is created the way an installer does it: with the server's
// create-operator sub-command (password on standard input), on the same database
// (DATABASE_URL). The binary under test: SPINDEL_SERVER_BIN (the release run
// of scripts/test.sh), else the debug build.
function createOperator(email: string) {
  const bin = path.resolve(
    __dirname,
    "../..",
    process.env.SPINDEL_SERVER_BIN ?? "target/debug/server",
  );
  execFileSync(bin, ["create-operator", "--email", email, "--name", "E2E Operator"], {
    input: `${PASSWORD}\n`,
    env: process.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await waitForHydration(page);
  await page.fill("#sign-in-email", email);
  await page.fill("#sign-in-password", PASSWORD);
  await page.click("#sign-in-form button[type=submit]");
}

// Pages of another organisation answer 404, the operator page 403: the
// browser logs those statuses; nothing else may appear in the console.
test.use({ expectedConsole: [/status of 40[34] \((Not Found|Forbidden)\)/] });

test("an admin invites a leader by e-mail; the leader sets a password, signs in and sees the organisation", async ({ browser }) => {
  const stamp = Date.now();
  const adminEmail = `admin.${stamp}@e2e.example`;
  const leaderEmail = `leader.${stamp}@e2e.example`;
  const opEmail = `ops.${stamp}@e2e.example`;
  createOperator(opEmail);

  // 1. The organisation signs up.
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await admin.goto("/sign-up");
  await waitForHydration(admin);
  await admin.fill("#su-org", `Inbjudningskommun ${stamp}`);
  await admin.fill("#su-pop", "18000");
  await admin.fill("#su-name", "Admin Person");
  await admin.fill("#su-email", adminEmail);
  await admin.fill("#su-password", PASSWORD);
  await admin.click("#sign-up-form button[type=submit]");
  await confirmSignUp(admin, adminEmail, `Inbjudningskommun ${stamp}`);
  await expect(admin).toHaveURL(/\/orgs\/\d+$/);
  const orgUrl = admin.url();

  // 2. Its admin invites a leader.
  await admin.click("#members-link");
  await expect(admin).toHaveURL(/\/members$/);
  await waitForHydration(admin);
  await admin.fill("#im-email", leaderEmail);
  await admin.selectOption("#im-role", "leader");
  await admin.click("#invite-member-form button[type=submit]");
  await expect(admin.locator("#invite-sent")).toContainText("sent");
  await expect(admin.locator("#open-invitations")).toContainText(leaderEmail);
  await expectAccessible(admin);

  // 3. The operator sees the mail in the outbox, never its link.
  const opCtx = await browser.newContext();
  const op = await opCtx.newPage();
  await signIn(op, opEmail);
  await expect(op.locator("#operator-link")).toBeVisible();
  await op.goto("/operator");
  const mail = op.locator("#outbox .mail", { hasText: leaderEmail }).first();
  await expect(mail).toBeVisible();
  await mail.locator("summary").click();
  const shown = await mail.locator(".mail-body").innerText();
  expect(shown).toContain("[link withheld]");
  expect(shown).not.toMatch(/\/invite\//);
  await expectAccessible(op);

  // The leader receives it: the server delivers mail into SPINDEL_MAIL_DIR
  // (set by scripts/test.sh), one .eml file per mail.
  const mailDir = process.env.SPINDEL_MAIL_DIR;
  expect(mailDir, "SPINDEL_MAIL_DIR is set for the end-to-end server").toBeTruthy();
  let link: string | undefined;
  await expect
    .poll(
      () => {
        for (const f of fs.readdirSync(mailDir!).filter((f) => f.endsWith(".eml"))) {
          // Quoted-printable wraps long lines with a soft break ("=" at the end).
          const eml = fs.readFileSync(path.join(mailDir!, f), "utf8").replace(/=\r?\n/g, "");
          if (eml.includes(`To: ${leaderEmail}`)) {
            link = eml.match(/https?:\/\/\S+\/invite\/[0-9a-f]+/)?.[0];
          }
        }
        return link;
      },
      { timeout: 20_000, message: "the invitation reaches the mail directory" },
    )
    .toBeTruthy();

  // 4. The leader opens the link, sets a password and lands in the organisation.
  const leaderCtx = await browser.newContext();
  const leader = await leaderCtx.newPage();
  await leader.goto(new URL(link!).pathname);
  await waitForHydration(leader);
  await expect(leader.locator("#invite-lead")).toContainText("Inbjudningskommun");
  await expectAccessible(leader);
  await leader.fill("#inv-name", "Lena Leader");
  await leader.fill("#inv-password", PASSWORD);
  await leader.click("#invite-form button[type=submit]");
  await expect(leader).toHaveURL(orgUrl);
  await expect(leader.locator("#org-role")).toHaveText("Leader");

  // 5. Signed out and in again with the new password.
  await leader.click("#sign-out");
  await expect(leader.locator("#sign-in-link")).toBeVisible();
  await signIn(leader, leaderEmail);
  await expect(leader).toHaveURL(orgUrl);
  await expect(leader.locator("#org-name")).toContainText("Inbjudningskommun");

  // 6. A user of another organisation cannot open any of its pages.
  const otherCtx = await browser.newContext();
  const other = await otherCtx.newPage();
  await other.goto("/sign-up");
  await waitForHydration(other);
  await other.fill("#su-org", `Annan kommun ${stamp}`);
  await other.fill("#su-pop", "9000");
  await other.fill("#su-name", "Other Admin");
  await other.fill("#su-email", `other.${stamp}@e2e.example`);
  await other.fill("#su-password", PASSWORD);
  await other.click("#sign-up-form button[type=submit]");
  await confirmSignUp(other, `other.${stamp}@e2e.example`, `Annan kommun ${stamp}`);
  await expect(other).toHaveURL(/\/orgs\/\d+$/);
  for (const p of [orgUrl, `${orgUrl}/members`]) {
    await other.goto(p);
    await expect(other.locator("#org-error, #members-error")).toContainText("not found");
    await expect(other.locator("body")).not.toContainText("Inbjudningskommun");
  }
  await other.goto("/operator");
  await expect(other.locator("#operator-denied")).toBeVisible();

  for (const c of [adminCtx, opCtx, leaderCtx, otherCtx]) await c.close();
});
