import { expect, test } from '@playwright/test';
import { BUYER_EMAIL, SELLER_EMAIL, phone, shot, signIn } from './support';

// Buyer and seller chatting live, each in their own browser context on a phone
// viewport: the buyer opens a demo seller's house, messages the seller, and the
// seller's page (already open) shows the unread badge and then the message
// without a reload; the seller's reply appears live on the buyer's page, and
// the buyer's reading it turns the seller's "Sent" into "Seen".

test('buyer and seller chat live on two phones', async ({ browser }) => {
  const sellerContext = await phone(browser);
  const buyerContext = await phone(browser);
  const seller = await sellerContext.newPage();
  const buyer = await buyerContext.newPage();
  const errors: string[] = [];
  for (const p of [seller, buyer]) p.on('pageerror', (e) => errors.push(String(e)));

  // The seller signs in and finds one of their live houses.
  await signIn(seller, SELLER_EMAIL);
  await seller.goto('/account/listings');
  const listingLink = seller.locator('.mine-row h2 a[href^="/l/"]').first();
  await expect(listingLink).toBeVisible();
  const listingUrl = (await listingLink.getAttribute('href')) as string;
  await seller.goto('/inbox');
  await expect(seller.getByRole('heading', { name: 'Messages', exact: true })).toBeVisible();
  await expect(seller.locator('#unread-badge')).toBeHidden();

  // The buyer messages the seller from the listing page.
  await signIn(buyer, BUYER_EMAIL);
  await buyer.goto(listingUrl);
  await buyer.getByRole('link', { name: 'Message the seller' }).click();
  await expect(buyer).toHaveURL(/\/messages\/new\?listing=/);
  // An empty message gets a clear error next to the field.
  await buyer.getByLabel('Your message').fill('');
  await buyer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(buyer.locator('#body-error')).toHaveText('Write a message first.');
  const text = `Is it still available? Can I view it on Saturday? (${Date.now()})`;
  await buyer.getByLabel('Your message').fill(text);
  await buyer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(buyer).toHaveURL(/\/inbox\/[0-9a-f-]+/);
  await expect(buyer.locator('#thread')).toContainText(text);
  await expect(buyer.locator('#thread .mine-msg').last()).toContainText('Sent');
  await shot(buyer, '01-buyer-sent.png');

  // Without a reload, the seller's badge counts it.
  await expect(seller.locator('#unread-badge')).toBeVisible();
  await expect(seller.locator('#unread-badge')).not.toHaveText('0');
  await shot(seller, '02-seller-badge.png');

  // The seller opens the conversation; the buyer's page shows "Seen" live.
  await seller.goto('/inbox');
  await seller.locator('.inbox h2 a').first().click();
  await expect(seller.locator('#thread')).toContainText(text);
  await expect(buyer.locator('#thread .mine-msg').last()).toContainText('Seen');

  // The seller replies; it appears live on the buyer's open page.
  const reply = 'Yes, it is. Saturday at 10 works.';
  await seller.getByLabel('Your message').fill(reply);
  await seller.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(seller.locator('#thread')).toContainText(reply);
  await expect(buyer.locator('#thread')).toContainText(reply);
  await shot(buyer, '03-buyer-live-reply.png');
  await shot(seller, '04-seller-thread.png');

  expect(errors, 'no uncaught JavaScript errors').toEqual([]);
  await sellerContext.close();
  await buyerContext.close();
});
