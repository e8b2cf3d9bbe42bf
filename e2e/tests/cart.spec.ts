import { expect, test, type Page } from '@playwright/test';
import { BUYER_EMAIL, SELLER_EMAIL, phone, shot, signIn } from './support';

// A buyer on a phone fills the cart from two shops, checks out into one
// order per shop, pays one by card through the card sandbox (which posts a
// signed webhook, as Stripe would), and the shop sees the money held.

/** Adds the first product on `urls` that can be bought, skipping `not`. */
async function addOne(page: Page, urls: string[], not: string[]): Promise<string> {
  for (const href of urls) {
    if (not.includes(href)) continue;
    await page.goto(href);
    if (await page.getByRole('button', { name: 'Add to cart' }).count()) {
      const seller = (await page.locator('.seller-card .store').textContent())?.trim() ?? '';
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await expect(page).toHaveURL(/\/cart$/);
      return seller;
    }
  }
  throw new Error('no product to add');
}

test('two shops in the cart, one order each, one paid by card', async ({ browser }) => {
  const buyerContext = await phone(browser);
  const sellerContext = await phone(browser);
  const buyer = await buyerContext.newPage();
  const seller = await sellerContext.newPage();
  const errors: string[] = [];
  for (const p of [buyer, seller]) p.on('pageerror', (e) => errors.push(String(e)));

  await signIn(seller, SELLER_EMAIL);
  await seller.goto('/account/listings');
  const mine = (await seller
    .locator('.mine-row h2 a[href^="/l/"]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')))) as string[];

  await signIn(buyer, BUYER_EMAIL);
  const first = await addOne(buyer, mine, []);
  // Another shop's product, from the phones and tablets on sale.
  await buyer.goto('/search?category=phones-tablets');
  const found = (await buyer
    .locator('.card a[href^="/l/"]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')))) as string[];
  const second = await addOne(buyer, found.filter((h) => !mine.includes(h)), []);
  expect(second).not.toBe(first);

  await expect(buyer.locator('.cart-group')).toHaveCount(2);
  await expect(buyer.getByRole('button', { name: 'Check out: 2 orders' })).toBeVisible();
  await shot(buyer, '01-cart.png');
  await buyer.getByRole('button', { name: 'Check out: 2 orders' }).click();
  await expect(buyer).toHaveURL(/\/orders\?placed=1$/);
  expect(await buyer.locator('.badge.status-pending_payment').count()).toBeGreaterThanOrEqual(2);

  // Pay the demo shop's order by card.
  const orders = (await buyer
    .locator('.orders h2 a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')))) as string[];
  let paid = '';
  for (const href of orders) {
    await buyer.goto(href);
    if ((await buyer.locator('dl.facts').textContent())?.includes('Wanjiku Kamau')) {
      paid = href;
      break;
    }
  }
  expect(paid, "the demo shop's order").not.toBe('');
  await buyer.getByRole('button', { name: 'Pay by card' }).click();
  await expect(buyer).toHaveURL(/\/dev\/card\/cs_test_/);
  await shot(buyer, '02-card-checkout.png');
  await buyer.getByRole('button', { name: /^Pay KES/ }).click();
  await expect(buyer).toHaveURL(new RegExp(`${paid}\\?card=done$`));
  await expect(buyer.getByText('Paid, held safely')).toBeVisible();
  await shot(buyer, '03-paid-by-card.png');

  // The shop sees the money held for it.
  await seller.goto('/account/money');
  await expect(seller.locator('#held strong')).not.toHaveText('KES 0');
  await shot(seller, '04-seller-money.png');

  expect(errors, 'no uncaught JavaScript errors').toEqual([]);
  await buyerContext.close();
  await sellerContext.close();
});
