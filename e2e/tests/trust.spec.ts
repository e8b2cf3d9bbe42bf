import { expect, test } from '@playwright/test';
import { BUYER_EMAIL, SELLER_EMAIL, phone, shot, signIn } from './support';

// Trust on three phones. A guest books a night of a demo home, arrives, and
// both sides review each other: neither review shows until both are
// written, then both are published together. The guest then reports the
// listing; an admin suspends its host from the trust queue and the listing
// is gone. The host appeals, and the admin restores the account.

const ADMIN_EMAIL = 'admin@demo.dove.ke';

/** Nothing on the page is wider than the 360 px phone (the scrolling
 * element, not innerWidth, which grows to fit wide content). */
async function noSidewaysScroll(page: import('@playwright/test').Page) {
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(width, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(360);
}

/** `YYYY-MM-DD` in Nairobi (UTC+3), `days` from today. */
function nairobiDay(days: number): string {
  return new Date(Date.now() + 3 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

test('a stay is reviewed by both sides, then a reported host is suspended from the queue', async ({ browser }) => {
  test.setTimeout(90_000);
  const hostContext = await phone(browser);
  const guestContext = await phone(browser);
  const adminContext = await phone(browser);
  const host = await hostContext.newPage();
  const guest = await guestContext.newPage();
  const admin = await adminContext.newPage();
  const errors: string[] = [];
  for (const p of [host, guest, admin]) p.on('pageerror', (e) => errors.push(String(e)));

  await signIn(host, SELLER_EMAIL);
  await host.goto('/account/listings');
  const links = await host.locator('.mine-row h2 a[href^="/l/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  await signIn(guest, BUYER_EMAIL);
  let listingUrl = '';
  for (const href of links) {
    await guest.goto(href as string);
    if (await guest.getByRole('link', { name: 'See free dates and book' }).count()) {
      listingUrl = guest.url();
      break;
    }
  }
  expect(listingUrl, 'a demo home is let by the night').not.toBe('');
  const title = (await guest.locator('h1').first().textContent())!.trim();

  // Three nights from today, paid through the sandbox, and the guest arrives.
  await guest.getByRole('link', { name: 'See free dates and book' }).click();
  await guest.getByLabel('Check-in').fill(nairobiDay(0));
  await guest.getByLabel('Check-out').fill(nairobiDay(3)); // some homes ask for a few nights
  await guest.getByRole('button', { name: 'Book and pay' }).click();
  await expect(guest).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  const orderUrl = guest.url();
  await guest.getByRole('button', { name: /Pay KES .* with M-Pesa/ }).click();
  const sandbox = await guestContext.newPage();
  await sandbox.goto('/dev/payments');
  await sandbox.getByRole('button', { name: 'Enter PIN and pay' }).first().click();
  await expect(guest.getByText('Paid, held safely')).toBeVisible({ timeout: 15_000 });
  await guest.getByRole('button', { name: 'I have arrived' }).click();
  await expect(guest.getByText('Completed').first()).toBeVisible();

  // The guest reviews the host and the home: hidden until the host writes.
  await guest.getByRole('link', { name: /^Review / }).click();
  await expect(guest).toHaveURL(/\/reviews\/new\?occasion=order/);
  await guest.getByRole('group', { name: 'Overall' }).getByLabel('5 ★').check();
  for (const category of ['Accuracy', 'Communication', 'Location', 'Value']) {
    await guest.getByRole('group', { name: category }).getByLabel('5', { exact: true }).check();
  }
  await guest.getByLabel('Your review (public)').fill('Exactly like the photos, and a warm welcome.');
  await noSidewaysScroll(guest);
  await shot(guest, '01-review-form.png');
  await guest.getByRole('button', { name: 'Submit review' }).click();
  await expect(guest.getByText(/Not published yet/)).toBeVisible();
  await guest.goto(listingUrl);
  await expect(guest.getByText('Exactly like the photos')).toHaveCount(0);

  // The host reviews the guest from the same order: both publish together.
  await host.goto(orderUrl);
  await host.getByRole('link', { name: /^Review / }).click();
  await host.getByRole('group', { name: 'Overall' }).getByLabel('5 ★').check();
  await host.getByLabel('Your review (public)').fill('Left the place spotless.');
  await host.getByRole('button', { name: 'Submit review' }).click();
  await expect(host.getByText('Exactly like the photos')).toHaveCount(0);
  await host.goto(orderUrl);
  await expect(host.getByText('Exactly like the photos, and a warm welcome.')).toBeVisible();
  await guest.goto(orderUrl);
  await expect(guest.getByText('Left the place spotless.')).toBeVisible();
  await guest.goto(listingUrl);
  await expect(guest.getByText('Exactly like the photos, and a warm welcome.')).toBeVisible();
  await expect(guest.locator('.seller-card .rating')).toContainText('★');
  await shot(guest, '02-reviews-published.png');

  // The guest reports the listing.
  await guest.getByText('Report this listing').click();
  await guest.getByLabel('A scam, or asking for money before a viewing').check();
  await guest.getByLabel('What happened (optional)').fill('Asked me for a cleaning fee by M-Pesa outside Dove.');
  await guest.getByRole('button', { name: 'Send report' }).click();
  await expect(guest.getByText('An admin will look at it')).toBeVisible();

  // The admin suspends the host from the queue; the listing is gone.
  await signIn(admin, ADMIN_EMAIL);
  await admin.goto('/admin/trust');
  await admin.getByRole('link', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
  await expect(admin.getByText('Asked me for a cleaning fee by M-Pesa outside Dove.')).toBeVisible();
  await noSidewaysScroll(admin);
  await shot(admin, '03-case.png');
  await admin.getByLabel('Suspend (days below)').check();
  await admin.getByLabel(/^Reason/).fill('Asking guests for fees outside Dove');
  await admin.getByLabel('Days (for a suspension)').fill('7');
  await admin.getByRole('button', { name: 'Decide' }).click();
  await expect(admin).toHaveURL(/\/admin\/trust$/);
  const gone = await guest.goto(listingUrl);
  expect(gone!.status()).toBe(404);
  await guest.goto('/s?q=' + encodeURIComponent(title));
  await expect(guest.locator(`a[href="${new URL(listingUrl).pathname}"]`)).toHaveCount(0);
  await shot(guest, '04-listing-gone.png');

  // The host can't sign in, appeals once, and the admin restores them.
  await host.goto('/signin');
  await host.getByLabel('Email', { exact: true }).fill(SELLER_EMAIL);
  await host.getByLabel('Password', { exact: true }).fill('karibu-dove-demo');
  await host.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(host.getByText(/This account is suspended until/)).toBeVisible();
  await host.goto('/appeal');
  await host.getByLabel('Email', { exact: true }).fill(SELLER_EMAIL);
  await host.getByLabel('Password', { exact: true }).fill('karibu-dove-demo');
  await host.getByLabel('Your appeal').fill('The fee was a misunderstanding; I have refunded it.');
  await host.getByRole('button', { name: 'Send appeal' }).click();
  await expect(host.getByText('Your appeal is with the admins')).toBeVisible();
  await admin.goto('/admin/trust');
  await admin.getByRole('link', { name: /^Account: / }).first().click();
  await admin.getByLabel('Restore (lift the suspension').check();
  await admin.getByLabel(/^Reason/).fill('Refund confirmed');
  await admin.getByRole('button', { name: 'Decide' }).click();
  await expect(admin).toHaveURL(/\/admin\/trust$/);
  const back = await guest.goto(listingUrl);
  expect(back!.status()).toBe(200);
  await admin.goto('/admin/audit');
  await expect(admin.getByText('Refund confirmed')).toBeVisible();

  expect(errors, 'no uncaught JavaScript errors').toEqual([]);
  await hostContext.close();
  await guestContext.close();
  await adminContext.close();
});
