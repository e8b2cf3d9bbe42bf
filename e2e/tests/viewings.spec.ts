import { expect, test } from '@playwright/test';
import { BUYER_EMAIL, SELLER_EMAIL, phone, shot, signIn } from './support';

// A buyer asks to view a house at a time of their choosing, on a phone; the
// seller, on another phone, accepts it from the conversation; the buyer's open
// page shows the confirmation and the calendar link live, and the buyer sends
// a photo in the same conversation.

/** `YYYY-MM-DDTHH:MM` for a datetime-local input, `days` ahead at `hour`. */
function inDays(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test('a viewing is requested and accepted across two phones', async ({ browser }) => {
  const sellerContext = await phone(browser);
  const buyerContext = await phone(browser);
  const seller = await sellerContext.newPage();
  const buyer = await buyerContext.newPage();
  const errors: string[] = [];
  for (const p of [seller, buyer]) p.on('pageerror', (e) => errors.push(String(e)));

  await signIn(seller, SELLER_EMAIL);
  await seller.goto('/account/listings');
  const listingUrl = (await seller.locator('.mine-row h2 a[href^="/l/"]').nth(1).getAttribute('href')) as string;

  // The buyer asks for a viewing; a time in the past is refused beside the times.
  await signIn(buyer, BUYER_EMAIL);
  await buyer.goto(listingUrl);
  await buyer.getByRole('link', { name: 'Request a viewing' }).click();
  await expect(buyer).toHaveURL(/\/viewing$/);
  await buyer.getByLabel('Time 1').fill(inDays(-2, 10));
  await buyer.evaluate(() => document.querySelectorAll('input').forEach((i) => i.removeAttribute('min')));
  await buyer.getByRole('button', { name: 'Send request' }).click();
  await expect(buyer.locator('#slots-error')).toContainText('That time has passed');
  await buyer.getByLabel('Time 1').fill(inDays(2, 10));
  await buyer.getByLabel('Time 2').fill(inDays(3, 16));
  await buyer.getByLabel('Note to the owner (optional)').fill('I can come after work.');
  await buyer.getByRole('button', { name: 'Send request' }).click();
  await expect(buyer).toHaveURL(/\/inbox\/[0-9a-f-]+\?notice=viewing-requested#viewing$/);
  await expect(buyer.locator('#viewing')).toContainText('Waiting for');
  await shot(buyer, '01-buyer-requested.png');

  // The seller opens the conversation and accepts the first time.
  await seller.goto('/inbox');
  await seller.locator('.inbox h2 a').first().click();
  await expect(seller.locator('#viewing')).toContainText('asked to view');
  await shot(seller, '02-seller-request.png');
  await seller.getByRole('button', { name: 'Accept this time' }).click();
  await expect(seller.locator('#viewing')).toContainText('Viewing confirmed for');

  // The buyer's open page shows it without a reload, with the calendar file.
  await expect(buyer.locator('#viewing')).toContainText('Viewing confirmed for');
  const ics = buyer.getByRole('link', { name: 'Add to calendar (.ics)' });
  await expect(ics).toBeVisible();
  const res = await buyer.request.get((await ics.getAttribute('href')) as string);
  expect(res.headers()['content-type']).toContain('text/calendar');
  expect(await res.text()).toContain('BEGIN:VEVENT');
  await shot(buyer, '03-buyer-confirmed.png');

  // A photo goes in the same conversation.
  const jpeg = await buyer.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 480;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.fillStyle = '#1e88e5';
    ctx.fillRect(0, 0, 640, 480);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(100, 100, 200, 120);
    return c.toDataURL('image/jpeg', 0.8);
  });
  await buyer.getByLabel('Add photos', { exact: true }).setInputFiles({
    name: 'gate.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.from(jpeg.slice(jpeg.indexOf(',') + 1), 'base64'),
  });
  await buyer.getByLabel('Your message').fill('Is this the gate?');
  await buyer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(buyer.locator('#thread .msg-photo img').last()).toBeVisible();
  await expect(seller.locator('#thread')).toContainText('Is this the gate?');
  await expect(seller.locator('#thread .msg-photo img').last()).toBeVisible();
  await shot(seller, '04-seller-photo.png');

  expect(errors, 'no uncaught JavaScript errors').toEqual([]);
  await sellerContext.close();
  await buyerContext.close();
});
