import { expect, test } from '@playwright/test';
import { BUYER_EMAIL, SELLER_EMAIL, phone, shot, signIn } from './support';

// A guest on a phone books two nights of a demo home let by the night, pays
// with the sandbox M-Pesa gateway, and finds those nights blocked on the
// listing's calendar; the host sees the same on theirs.

/** `YYYY-MM-DD`, `days` from today (UTC is close enough a month ahead). */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('book a short stay, pay, and find the nights blocked on the calendar', async ({ browser }) => {
  const hostContext = await phone(browser);
  const guestContext = await phone(browser);
  const host = await hostContext.newPage();
  const guest = await guestContext.newPage();
  const errors: string[] = [];
  for (const p of [host, guest]) p.on('pageerror', (e) => errors.push(String(e)));

  await signIn(host, SELLER_EMAIL);
  await host.goto('/account/listings');
  const links = await host.locator('.mine-row h2 a[href^="/l/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

  await signIn(guest, BUYER_EMAIL);
  let found = false;
  for (const href of links) {
    await guest.goto(href as string);
    if (await guest.getByRole('link', { name: 'See free dates and book' }).count()) {
      found = true;
      break;
    }
  }
  expect(found, 'a demo home is let by the night').toBe(true);
  await expect(guest.getByText(/a night/).first()).toBeVisible();
  await guest.getByRole('link', { name: 'See free dates and book' }).click();
  await expect(guest).toHaveURL(/\/l\/[0-9a-f-]+\/calendar$/);
  await shot(guest, '01-calendar.png');

  // A date in the past is refused beside its field.
  await guest.getByLabel('Check-in').fill(day(-3));
  await guest.getByLabel('Check-out').fill(day(2));
  await guest.getByRole('button', { name: 'Book and pay' }).click();
  await expect(guest.locator('#check_in-error')).toContainText('Choose today or a later day.');

  // Two nights a few weeks ahead (a different stretch on every run).
  const offset = 20 + Math.floor(Math.random() * 200);
  const checkIn = day(offset);
  const second = day(offset + 1);
  await guest.getByLabel('Check-in').fill(checkIn);
  await guest.getByLabel('Check-out').fill(day(offset + 2));
  await guest.getByRole('button', { name: 'Book and pay' }).click();
  await expect(guest).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  await expect(guest.getByText('2 nights')).toBeVisible();
  const orderUrl = guest.url();
  await guest.getByRole('button', { name: /Pay KES .* with M-Pesa/ }).click();
  await expect(guest.locator('#check-phone')).toContainText('Check your phone');
  const sandbox = await guestContext.newPage();
  await sandbox.goto('/dev/payments');
  await sandbox.getByRole('button', { name: 'Enter PIN and pay' }).first().click();
  await expect(guest.getByText('Paid, held safely')).toBeVisible({ timeout: 15_000 });
  await expect(guest.getByRole('button', { name: 'I have arrived' })).toBeVisible();
  await shot(guest, '02-stay-paid.png');

  // The nights are taken on the calendar, for the guest and for the host.
  const calendar = orderUrl; // keep the order page for the host below
  const listingCalendar = `/l/${(await guest.locator('.order-items a').first().getAttribute('href'))!.split('/')[2]}/calendar?month=${checkIn.slice(0, 7)}`;
  await guest.goto(listingCalendar);
  await expect(guest.locator(`td.night.booked[data-day="${checkIn}"]`)).toBeVisible();
  if (second.slice(0, 7) === checkIn.slice(0, 7)) {
    await expect(guest.locator(`td.night.booked[data-day="${second}"]`)).toBeVisible();
  }
  await shot(guest, '03-nights-blocked.png');

  await host.goto(listingCalendar);
  await expect(host.getByRole('heading', { name: 'Nightly price' })).toBeVisible();
  await expect(host.locator(`td.night.booked[data-day="${checkIn}"]`)).toBeVisible();
  await host.goto(calendar);
  await expect(host.getByText(/comes to you when the guest confirms arrival/)).toBeVisible();

  expect(errors, 'no uncaught JavaScript errors').toEqual([]);
  await hostContext.close();
  await guestContext.close();
});
