import { expect, test, type Page } from '@playwright/test';
import { newPerson, screenshots } from './support';

/**
 * Signing up (ADR 012): every sign-up ends on the sign-in page with the same notice and nobody is
 * signed in by it; a second sign-up with a taken identifier changes nothing, so only the first
 * password opens the account.
 */

const shot = screenshots(400);
const IDENTIFIER = '13912345678';

async function signUp(page: Page, name: string, password: string) {
  await page.goto('/signup');
  await page.getByLabel('姓名', { exact: true }).fill(name);
  await page.getByLabel('手机号或电子邮箱', { exact: true }).fill(IDENTIFIER);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('再次输入密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page).toHaveURL(/\/login\?registered=1$/);
  await expect(page.getByRole('status')).toContainText('账号已就绪，请登录');
  await expect(page.getByRole('button', { name: '退出', exact: true })).toHaveCount(0);
}

async function signInWith(page: Page, password: string) {
  await page.getByLabel('手机号或电子邮箱', { exact: true }).fill(IDENTIFIER);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

test('a resident signs up, is sent to sign in, and a second sign-up with the same number changes nothing', async ({ browser }, testInfo) => {
  const resident = await newPerson(browser);
  await signUp(resident.page, '陈居民', 'resident-pass-1');
  await shot(resident.page, testInfo, 'signed-up');
  await signInWith(resident.page, 'resident-pass-1');
  await expect(resident.page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
  await shot(resident.page, testInfo, 'signed-in');

  const stranger = await newPerson(browser);
  await signUp(stranger.page, '冒名者', 'stranger-pass-1');
  await shot(stranger.page, testInfo, 'taken-signed-up');
  await signInWith(stranger.page, 'stranger-pass-1');
  await expect(stranger.page.getByRole('alert')).toHaveText('账号或密码不正确。');
  await expect(stranger.page.getByRole('button', { name: '退出', exact: true })).toHaveCount(0);

  expect(resident.errors).toEqual([]);
  expect(stranger.errors).toEqual([]);
  await resident.context.close();
  await stranger.context.close();
});
