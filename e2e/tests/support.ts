import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';

// What the two-phone journeys share: the demo logins, a phone-sized browser
// context, signing in, and full-page screenshots kept with the results.

export const SELLER_EMAIL = 'seller@demo.dove.ke';
export const BUYER_EMAIL = 'buyer@demo.dove.ke';
export const PASSWORD = 'karibu-dove-demo';

export async function phone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    baseURL: test.info().project.use.baseURL,
  });
}

export async function signIn(page: Page, email: string) {
  await page.goto('/signin');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(name), fullPage: true });
}
