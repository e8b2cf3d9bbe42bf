import { expect, test } from '@playwright/test';
import { BUYER_EMAIL, SELLER_EMAIL, phone, shot, signIn } from './support';

// A buyer on a phone buys a demo seller's product with the sandbox M-Pesa
// gateway: the prompt is answered on /dev/payments, the order turns paid
// without a reload, the seller marks it handed over, the buyer confirms, and
// the seller's balance shows the total less the 5% commission.

/** KES 12,500 → 1250000 minor units. */
function minor(text: string): number {
  const m = text.match(/KES\s*([\d,]+)(?:\.(\d\d))?/);
  if (!m) throw new Error(`no amount in ${text}`);
  return Number(m[1].replace(/,/g, '')) * 100 + Number(m[2] ?? 0);
}

test('buy with sandbox M-Pesa, hand over, confirm, and the seller is paid', async ({ browser }) => {
  const sellerContext = await phone(browser);
  const buyerContext = await phone(browser);
  const seller = await sellerContext.newPage();
  const buyer = await buyerContext.newPage();
  const errors: string[] = [];
  for (const p of [seller, buyer]) p.on('pageerror', (e) => errors.push(String(e)));

  await signIn(seller, SELLER_EMAIL);
  await seller.goto('/account/listings');
  const links = await seller.locator('.mine-row h2 a[href^="/l/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

  // The buyer finds one of the seller's products that can be bought now.
  await signIn(buyer, BUYER_EMAIL);
  let found = false;
  for (const href of links) {
    await buyer.goto(href as string);
    if (await buyer.getByRole('button', { name: 'Buy now' }).count()) {
      found = true;
      break;
    }
  }
  expect(found, 'a demo product is for sale').toBe(true);
  await buyer.getByRole('button', { name: 'Buy now' }).click();
  await expect(buyer).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  await expect(buyer.getByText('Awaiting payment')).toBeVisible();
  const orderUrl = buyer.url();
  const total = minor((await buyer.locator('.order-items tfoot').textContent()) as string);
  await buyer.getByRole('button', { name: /Pay KES .* with M-Pesa/ }).click();
  await expect(buyer.locator('#check-phone')).toContainText('Check your phone');
  await shot(buyer, '01-check-your-phone.png');

  // The prompt is answered on the sandbox phone; the order page updates itself.
  const sandbox = await buyerContext.newPage();
  await sandbox.goto('/dev/payments');
  await sandbox.getByRole('button', { name: 'Enter PIN and pay' }).first().click();
  await expect(buyer.getByText('Paid, held safely')).toBeVisible({ timeout: 15_000 });
  await shot(buyer, '02-paid.png');

  // The seller hands it over; the buyer confirms.
  await seller.goto(orderUrl);
  await seller.getByRole('button', { name: 'Mark as handed over' }).click();
  await expect(seller.getByText('Handed over')).toBeVisible();
  await buyer.goto(orderUrl);
  await buyer.getByRole('button', { name: 'I received it' }).click();
  await expect(buyer.getByText('Completed')).toBeVisible();

  // The seller's balance is the total less 5%.
  await seller.goto('/orders?role=seller');
  const money = (await seller.locator('.money').textContent()) as string;
  expect(minor(money)).toBe(total - Math.floor((total * 500) / 10_000));
  await shot(seller, '03-seller-balance.png');

  expect(errors, 'no uncaught JavaScript errors').toEqual([]);
  await sellerContext.close();
  await buyerContext.close();
});
