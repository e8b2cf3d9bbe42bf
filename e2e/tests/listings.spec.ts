import { expect, test, type Browser, type Cookie, type Locator, type Page } from '@playwright/test';

// The seller listing journey, as a chain of serial steps: a step only runs when
// the one before it passed. The demo seller signs in, goes through the listing
// wizard (what, where, details, photos, price, preview), publishes, and then a
// buyer who is not signed in opens the listing in a browser context of their own.
// As in accounts.spec.ts, each seller step gets Playwright's own page (mobile
// viewport, automatic screenshots, traces) and the session cookies are handed
// from one step to the next.

test.describe.configure({ mode: 'serial' });

const SELLER_EMAIL = 'seller@demo.dove.ke';
const SELLER_PASSWORD = 'karibu-dove-demo';
const STORE_PATH = '/s/demo-homes';

const runId = Date.now().toString(36);
const title = `Sunny 2 bedroom apartment in Kilimani ${runId}`;
const description = [
  'Bright two bedroom apartment on a quiet, leafy street in Kilimani.',
  'Ten minutes to Yaya Centre; backup water and a guard at the gate day and night.',
  '<script>alert(1)</script>',
  'Viewing by appointment.',
].join('\n');

const EDIT_URL = /\/listings\/[0-9a-f-]+\/edit\/what$/;
const PUBLIC_URL = /\/l\/[0-9a-f-]+-sunny-2-bedroom-apartment-in-kilimani/;
const OG_IMAGE = /^http:\/\/127\.0\.0\.1:18080\/media\/.*\.jpg$/;

let cookies: Cookie[] = [];
let editBase = ''; // e.g. http://127.0.0.1:18080/listings/<id>/edit
let listingUrl = '';
let pageErrors: string[] = [];
let dialogs: string[] = [];

/** Record uncaught errors and any dialog (alert, confirm, ...) on a page; the afterEach hook fails the step on either. */
function watch(page: Page) {
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
}

test.beforeEach(async ({ context, page }) => {
  if (cookies.length > 0) await context.addCookies(cookies);
  pageErrors = [];
  dialogs = [];
  watch(page);
});

test.afterEach(async ({ context }) => {
  cookies = await context.cookies();
  expect(pageErrors, 'no uncaught JavaScript errors on the pages').toEqual([]);
  expect(dialogs, 'no dialogs (e.g. an alert from injected script) on the pages').toEqual([]);
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(name), fullPage: true });
}

/** Open a step of the listing wizard (the listing was created in step 1). */
async function openStep(page: Page, step: string) {
  expect(editBase, 'the listing was created in an earlier step').not.toBe('');
  await page.goto(`${editBase}/${step}`);
  await expect(page).toHaveURL(new RegExp(`/edit/${step}$`));
}

/**
 * Turn off the browser's own form validation (min, max, required...), so a bad
 * value reaches the server and the test checks the server's error message.
 */
async function skipBrowserValidation(page: Page) {
  await page.evaluate(() => {
    document.querySelectorAll('form').forEach((form) => {
      form.noValidate = true;
    });
  });
}

/** YYYY-MM-DD of today (local time) plus `days`. */
function dateInDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A page in a fresh browser context (no cookies: a buyer who is not signed in), with the project's mobile settings. */
async function buyerPage(browser: Browser): Promise<Page> {
  const use = test.info().project.use;
  const context = await browser.newContext({
    baseURL: use.baseURL,
    viewport: use.viewport,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
  });
  const page = await context.newPage();
  watch(page);
  return page;
}

async function expectImageLoaded(img: Locator, message: string) {
  await img.scrollIntoViewIfNeeded();
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { message })
    .toBe(true);
}

test('1. seller signs in and starts a property listing', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email', { exact: true }).fill(SELLER_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(SELLER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.goto('/sell');
  await expect(page.getByRole('heading', { name: 'What are you listing?', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'A product', exact: true })).toBeVisible();
  const property = page.getByRole('button', { name: 'A house or property', exact: true });
  await expect(property).toBeVisible();
  await shot(page, '01-sell.png');

  await property.click();
  await expect(page).toHaveURL(EDIT_URL);
  editBase = page.url().replace(/\/what$/, '');
  await shot(page, '01-created.png');
});

test('2. step "What": offer, property type and title', async ({ page }) => {
  await openStep(page, 'what');
  await expect(page.locator('nav[aria-label="Steps"]')).toBeVisible();
  await page.getByLabel('Offer', { exact: true }).selectOption({ label: 'For rent' });
  await page.getByLabel('Property type', { exact: true }).selectOption({ label: 'Apartment' });
  await page.getByLabel('Title', { exact: true }).fill(title);
  await shot(page, '02-what.png');
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click();
  await expect(page).toHaveURL(/\/edit\/where$/);
});

test('3. step "Where": a pin outside Kenya is refused, then the location is saved', async ({ page }) => {
  await openStep(page, 'where');
  await page.getByLabel('County', { exact: true }).selectOption({ label: 'Nairobi' });
  await page.getByLabel('Town', { exact: true }).fill('Nairobi');
  await page.getByLabel('Neighbourhood', { exact: true }).fill('Kilimani');

  // London first.
  await page.getByLabel('Latitude', { exact: true }).fill('51.5');
  await page.getByLabel('Longitude', { exact: true }).fill('-0.12');
  await skipBrowserValidation(page);
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click();
  await expect(page.getByText('The pin must be in Kenya').first()).toBeVisible();
  await expect(page).toHaveURL(/\/edit\/where$/);
  await shot(page, '03-where-outside-kenya.png');

  // Kilimani.
  await page.getByLabel('County', { exact: true }).selectOption({ label: 'Nairobi' });
  await page.getByLabel('Town', { exact: true }).fill('Nairobi');
  await page.getByLabel('Neighbourhood', { exact: true }).fill('Kilimani');
  await page.getByLabel('Latitude', { exact: true }).fill('-1.2921');
  await page.getByLabel('Longitude', { exact: true }).fill('36.7856');
  await expect(page.getByLabel('Show the exact location on the map', { exact: true })).not.toBeChecked();
  await shot(page, '03-where.png');
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click();
  await expect(page).toHaveURL(/\/edit\/details$/);
});

test('4. step "Details": rooms, features, availability and description', async ({ page }) => {
  await openStep(page, 'details');
  await page.getByLabel('Bedrooms', { exact: true }).fill('2');
  await page.getByLabel('Bathrooms', { exact: true }).fill('2');
  await page.getByLabel('Floor area (m²)', { exact: true }).fill('85');
  for (const feature of ['Furnished', 'Parking', 'Water tank or borehole', 'Security']) {
    const box = page.getByLabel(feature, { exact: true });
    await box.check();
    await expect(box).toBeChecked();
  }
  await page.getByLabel('Available from', { exact: true }).fill(dateInDays(10));
  await page.getByLabel('Description', { exact: true }).fill(description);
  await shot(page, '04-details.png');
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click();
  await expect(page).toHaveURL(/\/edit\/photos$/);
});

test('5. step "Photos": upload two photos and choose the cover', async ({ page }) => {
  await openStep(page, 'photos');

  // Two different real JPEGs, drawn on a canvas in the browser.
  const dataUrls = await page.evaluate(() => {
    const draw = (paint: (ctx: CanvasRenderingContext2D) => void) => {
      const canvas = document.createElement('canvas');
      canvas.width = 800;
      canvas.height = 600;
      const ctx = canvas.getContext('2d')!;
      paint(ctx);
      return canvas.toDataURL('image/jpeg', 0.9);
    };
    const one = draw((ctx) => {
      const sky = ctx.createLinearGradient(0, 0, 0, 600);
      sky.addColorStop(0, '#2b7bd6');
      sky.addColorStop(1, '#bfe3ff');
      ctx.fillStyle = sky;
      ctx.fillRect(0, 0, 800, 600);
      ctx.fillStyle = '#ffd23f';
      ctx.beginPath();
      ctx.arc(620, 140, 80, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#e8e2d4';
      ctx.fillRect(180, 260, 340, 340);
      ctx.fillStyle = '#4a6fa5';
      for (let row = 0; row < 4; row++) {
        for (let col = 0; col < 3; col++) ctx.fillRect(210 + col * 105, 285 + row * 78, 70, 50);
      }
    });
    const two = draw((ctx) => {
      ctx.fillStyle = '#7a2e1d';
      ctx.fillRect(0, 0, 800, 600);
      ctx.fillStyle = '#d9a441';
      ctx.fillRect(0, 420, 800, 180);
      ctx.fillStyle = '#2f6b3a';
      for (let i = 0; i < 6; i++) {
        ctx.beginPath();
        ctx.moveTo(60 + i * 130, 420);
        ctx.lineTo(120 + i * 130, 250);
        ctx.lineTo(180 + i * 130, 420);
        ctx.fill();
      }
      ctx.fillStyle = '#ffffff';
      ctx.font = 'bold 64px sans-serif';
      ctx.fillText('Dove', 300, 150);
    });
    return [one, two];
  });
  const [one, two] = dataUrls.map((url) => {
    expect(url.startsWith('data:image/jpeg;base64,'), 'canvas gave a JPEG').toBe(true);
    const buffer = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    expect([...buffer.subarray(0, 3)], 'JPEG magic bytes').toEqual([0xff, 0xd8, 0xff]);
    return buffer;
  });
  expect(one.equals(two), 'the two photos differ').toBe(false);

  await page.getByLabel('Add photos', { exact: true }).setInputFiles([
    { name: 'one.jpg', mimeType: 'image/jpeg', buffer: one },
    { name: 'two.jpg', mimeType: 'image/jpeg', buffer: two },
  ]);
  await shot(page, '05-photos-chosen.png');
  await page.getByRole('button', { name: 'Upload photos', exact: true }).click();

  const items = page.locator('ol.photo-list > li');
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText('Cover');
  const coverImg = items.first().locator('img').first();
  const before = await coverImg.getAttribute('src');
  expect(before, 'the cover photo has an img src').toBeTruthy();
  await shot(page, '05-photos-uploaded.png');

  await items.nth(1).getByRole('button', { name: 'Make cover', exact: true }).click();
  await expect(items).toHaveCount(2);
  await expect(items.first().locator('img').first()).not.toHaveAttribute('src', before!);
  await expect(items.first()).toContainText('Cover');
  await shot(page, '05-photos-new-cover.png');

  await page.getByRole('link', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(/\/edit\/price$/);
});

test('6. step "Price": a negative rent is refused, then rent, deposit and service charge are saved', async ({ page }) => {
  await openStep(page, 'price');
  const rent = page.getByLabel('Monthly rent (KES)', { exact: true });
  const deposit = page.getByLabel('Deposit (months of rent)', { exact: true });
  const serviceCharge = page.getByLabel('Service charge per month (KES)', { exact: true });

  await rent.fill('-5');
  await deposit.fill('2');
  await serviceCharge.fill('3000');
  await skipBrowserValidation(page);
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click();
  await expect(page.getByText('Enter a price above zero').first()).toBeVisible();
  await expect(page).toHaveURL(/\/edit\/price$/);
  await shot(page, '06-price-negative.png');

  await rent.fill('45000');
  await deposit.fill('2');
  await serviceCharge.fill('3000');
  await shot(page, '06-price.png');
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click();
  await expect(page).toHaveURL(/\/edit\/preview$/);
});

test('7. preview and publish', async ({ page }) => {
  await openStep(page, 'preview');
  await expect(page.getByRole('heading', { name: 'Preview', exact: true })).toBeVisible();
  await expect(page.getByText(title).first()).toBeVisible();
  await shot(page, '07-preview.png');

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page).toHaveURL(PUBLIC_URL);
  await expect(page.getByRole('status').filter({ hasText: 'Your listing is live' })).toBeVisible();
  listingUrl = page.url();
  await shot(page, '07-published.png');
});

test('8. the listing shows as published in "My listings"', async ({ page }) => {
  await page.goto('/account/listings');
  await expect(page.getByRole('heading', { name: 'My listings', exact: true })).toBeVisible();
  // The row or card that holds the title.
  const row = page
    .getByText(title)
    .first()
    .locator(
      'xpath=ancestor::*[self::tr or self::li or self::article or contains(concat(" ", normalize-space(@class), " "), " card ")][1]',
    );
  await expect(row).toBeVisible();
  await expect(row).toContainText('Published');
  await expect(row).toContainText('2 photos');
  await shot(page, '08-my-listings.png');
});

test('9. a buyer who is not signed in sees the listing', async ({ browser }) => {
  expect(listingUrl, 'the listing was published in an earlier step').toMatch(PUBLIC_URL);
  const buyer = await buyerPage(browser);
  try {
    await buyer.goto(listingUrl);
    await expect(buyer.locator('h1')).toHaveText(title);
    await expect(buyer.getByText('KES 45,000').first()).toBeVisible();
    await expect(buyer.getByText('2 bedrooms').first()).toBeVisible();

    const gallery = buyer.locator('.gallery img');
    await expect(gallery).toHaveCount(2);
    await expectImageLoaded(gallery.first(), 'first gallery photo has loaded');

    // The description is shown as text, not run as a script.
    await expect(buyer.getByText('<script>alert(1)</script>').first()).toBeVisible();
    await expect(buyer.locator('script', { hasText: 'alert(1)' })).toHaveCount(0);

    await expect(buyer.getByText('Kilimani, Nairobi').first()).toBeVisible();
    await expect(buyer.getByRole('link', { name: 'Share on WhatsApp' })).toHaveAttribute(
      'href',
      /^https:\/\/wa\.me\/\?text=/,
    );

    const ogImage = buyer.locator('meta[property="og:image"]');
    await expect(ogImage).toHaveAttribute('content', OG_IMAGE);
    const ogImageUrl = (await ogImage.getAttribute('content'))!;
    const response = await buyer.request.get(ogImageUrl);
    expect(response.status(), `GET ${ogImageUrl}`).toBe(200);

    await shot(buyer, '09-buyer-listing.png');
  } finally {
    await buyer.context().close();
  }
});

test('10. the listing shows on the seller\'s store page', async ({ browser }) => {
  const buyer = await buyerPage(browser);
  try {
    await buyer.goto(STORE_PATH);
    await expect(buyer.getByText(title).first()).toBeVisible();
    await shot(buyer, '10-store.png');
  } finally {
    await buyer.context().close();
  }
});
