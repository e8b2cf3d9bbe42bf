import { expect, test, type Cookie, type Page } from '@playwright/test';

// The account journey, as a chain of serial steps: a step only runs when the one
// before it passed. Each step gets Playwright's own page (so the mobile viewport,
// automatic screenshots and traces apply), and the session cookies are handed
// from one step to the next, so the user stays signed in across steps as in one
// browser.

test.describe.configure({ mode: 'serial' });

const runId = Date.now();
const fullName = `E2E Tester ${runId}`;
const email = `e2e-${runId}@example.com`;
const password = 'correct-horse-battery-42';
const newPassword = 'another-horse-battery-77';
const wrongPassword = 'wrong-horse-battery-00';

const VERIFY_URL = /http:\/\/127\.0\.0\.1:18080\/account\/verify\?token=[A-Za-z0-9_-]+/;
const RESET_URL = /http:\/\/127\.0\.0\.1:18080\/password\/reset\?token=[A-Za-z0-9_-]+/;

let cookies: Cookie[] = [];
let resetUrl = '';
let pageErrors: string[] = [];

test.beforeEach(async ({ context, page }) => {
  if (cookies.length > 0) await context.addCookies(cookies);
  pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(String(err)));
});

test.afterEach(async ({ context }) => {
  cookies = await context.cookies();
  expect(pageErrors, 'no uncaught JavaScript errors on the pages').toEqual([]);
});

function header(page: Page) {
  return page.getByRole('banner');
}

function footer(page: Page) {
  return page.getByRole('contentinfo');
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(name), fullPage: true });
}

/** Open /dev/mail, open the newest message to `email` whose subject matches, return the first link matching `url` in its body. */
async function linkFromNewestMail(page: Page, subject: RegExp, url: RegExp, shotName: string): Promise<string> {
  // Mail goes out through the outbox worker a moment after the request, so
  // reload the mailbox until it arrives.
  const message = page.locator('tr', { hasText: email }).getByRole('link', { name: subject }).first();
  await expect(async () => {
    await page.goto('/dev/mail');
    await expect(message).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await message.click();
  const body = page.locator('pre').first();
  await expect(body).toContainText(url);
  await shot(page, shotName);
  const found = ((await body.textContent()) ?? '').match(url);
  expect(found, `a link matching ${url} in the message body`).not.toBeNull();
  return found![0];
}

async function signOut(page: Page) {
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  const menu = header(page).locator('details').filter({ has: page.locator('summary', { hasText: fullName }) });
  await menu.locator('summary').click();
  await menu.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(header(page).getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(header(page).locator('summary', { hasText: fullName })).toHaveCount(0);
}

async function signIn(page: Page, pass: string) {
  await page.goto('/signin');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(pass);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('a. home page shows listing cards with images and a search box', async ({ page }) => {
  await page.goto('/');
  const cards = page.locator('.card');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThan(0);
  const img = cards.first().locator('img').first();
  await img.scrollIntoViewIfNeeded();
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), {
      message: 'first card image has loaded',
    })
    .toBe(true);
  await expect(header(page).getByRole('searchbox')).toBeVisible();
  await shot(page, '01-home.png');
});

test('b. sign up', async ({ page }) => {
  await page.goto('/');
  await header(page).getByRole('link', { name: 'Sign up', exact: true }).click();
  await page.getByLabel('Full name', { exact: true }).fill(fullName);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Phone (optional)', { exact: true }).fill('0712 345 678');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await shot(page, '02-signup-form.png');
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await shot(page, '02-signup-done.png');
});

test('c. confirm email from the dev mailbox', async ({ page }) => {
  const verifyUrl = await linkFromNewestMail(page, /Confirm your email/, VERIFY_URL, '03-verify-mail.png');
  await page.goto(verifyUrl);
  // Confirming takes a click (a POST), so mail scanners that open links
  // cannot confirm an address or receive a session.
  await expect(page.getByRole('heading', { name: 'Confirm your email' })).toBeVisible();
  // The password too: a link alone cannot confirm an account someone else
  // set the password of.
  await page.getByLabel('The password you chose when you signed up').fill(password);
  await page.getByRole('button', { name: 'Confirm email' }).click();
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expect(page.getByText(email).first()).toBeVisible();
  await expect(page.getByText('+254712345678').first()).toBeVisible();
  await shot(page, '03-account.png');
});

test('d. sign out', async ({ page }) => {
  await signOut(page);
  await shot(page, '04-signed-out.png');
});

test('e. wrong password is refused', async ({ page }) => {
  await signIn(page, wrongPassword);
  await expect(page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your account' })).toHaveCount(0);
  await shot(page, '05-wrong-password.png');
});

test('f. sign in', async ({ page }) => {
  await signIn(page, password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await shot(page, '06-signed-in.png');
});

test('g. password reset', async ({ page }) => {
  await signOut(page);
  await page.goto('/signin');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Send reset link', exact: true }).click();
  await expect(page.getByText('If an account exists for that email').first()).toBeVisible();
  await shot(page, '07-reset-requested.png');

  resetUrl = await linkFromNewestMail(page, /Reset your password/, RESET_URL, '07-reset-mail.png');
  await page.goto(resetUrl);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await shot(page, '07-reset-form.png');
  await page.getByRole('button', { name: 'Set new password', exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('status').filter({ hasText: 'Your password has been changed' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await shot(page, '07-reset-done.png');
});

test('h. a used reset link is refused', async ({ page }) => {
  expect(resetUrl).toMatch(RESET_URL);
  await page.goto(resetUrl);
  await expect(
    page.getByRole('alert').filter({ hasText: 'This link has expired or has already been used' }),
  ).toBeVisible();
  await shot(page, '08-reset-link-reused.png');
});

test('i. sign in with the new password', async ({ page }) => {
  await signIn(page, newPassword);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await shot(page, '09-signed-in-new-password.png');
});

test('j. switch language', async ({ page }) => {
  await page.goto('/');
  await footer(page).getByRole('link', { name: 'Kiswahili', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sw');
  await shot(page, '10-kiswahili.png');
  await footer(page).getByRole('link', { name: 'English', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await shot(page, '10-english.png');
});
