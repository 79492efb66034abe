// Installing a catalog app as a user does: its Discover card, the install dialog, then its dashboard until it ends.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Clicks Install on the card titled `title` and in its dialog; resolves on the app's dashboard showing the run. */
export async function installFromCard(
  page: Page,
  hangarUrl: string,
  title: string,
  name: string,
  /** Also clicks "Install anyway" where the disk has less free space than the catalog's estimate. */
  options: { evenIfShort?: boolean } = {},
): Promise<void> {
  await page.goto(`${hangarUrl}/discover`);
  await page.getByRole('button', { name: `Install ${title}` }).click();
  const dialog = page.getByTestId('install-dialog');
  // Disabled until the free space is read; then it says Install, or Install anyway where the disk looks short.
  await dialog
    .getByRole(
      'button',
      options.evenIfShort ? { name: /^Install( anyway)?$/ } : { name: 'Install', exact: true },
    )
    .click();
  await page.waitForURL(new RegExp(`/manage/${name}\\?run=`), { timeout: 20_000 });
}

/** Waits on the dashboard for the install to end and expects it installed (else fails with the run's log). */
export async function expectInstalled(page: Page, timeoutMs: number): Promise<void> {
  await page
    .locator(
      '[data-testid="state-badge"][data-state="installed"], [data-testid="state-badge"][data-state="install-failed"]',
    )
    .waitFor({ timeout: timeoutMs });
  expect(
    await page.getByTestId('state-badge').first().getAttribute('data-state'),
    await page.getByTestId('log-view').innerText(),
  ).toBe('installed');
}
