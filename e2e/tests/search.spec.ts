import { expect, test, type Cookie, type Page } from '@playwright/test';

// The buyer's search journey, as a chain of serial steps: a step only runs when
// the one before it passed. A visitor searches from the header with a typo,
// narrows the results with a filter (htmx swap, and again after a plain reload),
// opens a listing, tries to save it while signed out, signs in as the demo buyer,
// saves it, removes it from "Saved", and finds it unsaved again. As in the other
// specs, each step gets Playwright's own page (mobile viewport, automatic
// screenshots, traces) and the session cookies are handed from one step to the
// next.

test.describe.configure({ mode: 'serial' });

const BUYER_EMAIL = 'buyer@demo.dove.ke';
const BUYER_PASSWORD = 'karibu-dove-demo';

const TYPO = 'apartmnt';
const SEARCH_URL = /\/search\?q=apartmnt/;
const LISTING_URL = /\/l\/[0-9a-f-]+-/;

let cookies: Cookie[] = [];
let searchUrl = ''; // the results page for the typo, from step 1
let filteredUrl = ''; // the same search with offer=rent, from step 2
let listingUrl = ''; // the first result, from step 3
let listingTitle = '';
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

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(name), fullPage: true });
}

function resultCards(page: Page) {
  return page.locator('#results .card');
}

async function expectSomeResults(page: Page) {
  const cards = resultCards(page);
  await expect(cards.first()).toBeVisible();
  expect(await cards.count(), 'at least one result card').toBeGreaterThan(0);
}

function saveButton(page: Page) {
  return page.getByRole('button', { name: /^Save$/ });
}

function savedButton(page: Page) {
  return page.getByRole('button', { name: /^Saved$/ });
}

test('1. a search from the header with a typo still finds apartments', async ({ page }) => {
  await page.goto('/');
  const box = page.locator('#q');
  await expect(box).toBeVisible();
  await expect(box).toHaveAttribute('type', 'search');
  await box.fill(TYPO);
  await box.press('Enter');

  await expect(page).toHaveURL(SEARCH_URL);
  await expect(page.getByRole('status')).toContainText('result');
  await expectSomeResults(page);
  searchUrl = page.url();
  await shot(page, '01-search-typo.png');
});

test('2. the "For rent" filter narrows the results, and the URL holds the whole state', async ({ page }) => {
  expect(searchUrl, 'the search was made in an earlier step').toMatch(SEARCH_URL);
  await page.goto(searchUrl);
  await expectSomeResults(page);

  await page.getByText('Filters', { exact: true }).click();
  const offer = page.getByLabel('Offer', { exact: true });
  await expect(offer).toBeVisible();
  await shot(page, '02-filters-open.png');

  // htmx swaps #results and pushes the new URL.
  await offer.selectOption({ label: 'For rent' });
  await expect(page).toHaveURL(/offer=rent/);
  await expect(page).toHaveURL(SEARCH_URL);
  await expectSomeResults(page);
  await expect(page.getByRole('status')).toContainText('result');
  filteredUrl = page.url();
  await shot(page, '02-filter-rent.png');

  // A plain reload (no htmx involved) gives the same state from the URL alone.
  await page.reload();
  await expect(page).toHaveURL(/offer=rent/);
  await expect(page.getByLabel('Offer', { exact: true })).toHaveValue('rent');
  await expectSomeResults(page);
  await shot(page, '02-filter-rent-reloaded.png');
});

test('3. open the first result', async ({ page }) => {
  expect(filteredUrl, 'the filtered search was made in an earlier step').toMatch(/offer=rent/);
  await page.goto(filteredUrl);
  await expectSomeResults(page);

  await page.locator('#results .card a').first().click();
  await expect(page).toHaveURL(LISTING_URL);
  const h1 = page.locator('h1');
  await expect(h1).toBeVisible();
  listingTitle = ((await h1.textContent()) ?? '').trim();
  expect(listingTitle, 'the listing has a title').not.toBe('');
  listingUrl = page.url();
  await shot(page, '03-listing.png');
});

test('4. saving while signed out asks to sign in, then saves', async ({ page }) => {
  expect(listingUrl, 'the listing was opened in an earlier step').toMatch(LISTING_URL);
  await page.goto(listingUrl);
  await expect(page.locator('h1')).toHaveText(listingTitle);

  await saveButton(page).click();
  await expect(page).toHaveURL(/\/signin\?next=/);
  await shot(page, '04-save-needs-signin.png');

  await page.getByLabel('Email', { exact: true }).fill(BUYER_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(BUYER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(listingUrl);
  await expect(page.locator('h1')).toHaveText(listingTitle);
  await shot(page, '04-back-on-listing.png');

  await saveButton(page).click();
  await expect(savedButton(page)).toBeVisible();
  await expect(saveButton(page)).toHaveCount(0);
  await shot(page, '04-saved.png');
});

test('5. the listing is in "Saved", and can be removed', async ({ page }) => {
  expect(listingTitle, 'the listing was saved in an earlier step').not.toBe('');
  await page.goto('/saved');
  await expect(page.getByRole('heading', { name: 'Saved', exact: true })).toBeVisible();
  const card = page.locator('.card').filter({ hasText: listingTitle });
  await expect(card).toHaveCount(1);
  await expect(card.getByText(listingTitle).first()).toBeVisible();
  await shot(page, '05-saved-list.png');

  await card.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.locator('.card').filter({ hasText: listingTitle })).toHaveCount(0);
  await expect(page.getByText('Nothing saved yet').first()).toBeVisible();
  await shot(page, '05-saved-empty.png');
});

test('6. back on the listing, it is no longer saved', async ({ page }) => {
  expect(listingUrl, 'the listing was opened in an earlier step').toMatch(LISTING_URL);
  await page.goto(listingUrl);
  await expect(page.locator('h1')).toHaveText(listingTitle);
  await expect(saveButton(page)).toBeVisible();
  await expect(savedButton(page)).toHaveCount(0);
  await shot(page, '06-listing-unsaved.png');
});
