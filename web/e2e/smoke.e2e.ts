// The browser test that needs no server: Debian's Chromium starts through playwright-core,
// the built UI (web/dist, served like prospektd's --web folder) renders its login page in
// Russian for a Russian browser and in English for an English one, the language switch
// works from the keyboard, and a deep link without a session lands on the login page.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { launch, screenshot, type Launched } from './browser';
import { serveDist, type StaticServer } from './static-server';

let server: StaticServer;

beforeAll(async () => {
  server = await serveDist(resolve(import.meta.dirname, '..', 'dist'));
});

afterAll(async () => {
  await server?.close();
});

describe('the built UI in Chromium', () => {
  it('renders the login page in Russian for a Russian browser and switches to English', async () => {
    const browser: Launched = await launch({ locale: 'ru-RU' });
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url + '/');
      await expect.poll(() => page.url()).toContain('/login');
      await page.getByRole('heading', { name: 'Вход в Prospekt' }).waitFor();
      expect(await page.getByLabel('Логин').isVisible()).toBe(true);
      expect(await page.getByLabel('Пароль').isVisible()).toBe(true);
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
      await screenshot(page, 'login-ru');

      // Empty submit: each field says it is required, beside itself.
      await page.getByRole('button', { name: 'Войти' }).click();
      expect(await page.locator('#login-error').textContent()).toBe('Обязательное поле');
      expect(await page.locator('#password-error').textContent()).toBe('Обязательное поле');

      // The switch, by keyboard.
      await page.getByRole('button', { name: 'EN' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Sign in to Prospekt' }).waitFor();
      expect(await page.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await screenshot(page, 'login-en');

      // The choice is kept across a reload.
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to Prospekt' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('sends a deep link without a session to the login page and keeps where it was going', async () => {
    const browser = await launch({ locale: 'en-GB' });
    try {
      const page = await browser.context.newPage();
      await page.goto(server.url + '/audit/clients/c-000042');
      await page.getByRole('heading', { name: 'Sign in to Prospekt' }).waitFor();
      const url = new URL(page.url());
      expect(url.pathname).toBe('/login');
      expect(url.searchParams.get('next')).toBe('/audit/clients/c-000042');
      // With no API behind the static server, signing in fails with a readable error.
      await page.getByLabel('Login').fill('auditor');
      await page.getByLabel('Password').fill('prospekt-demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
      // (The static server answers 404, not the 401 of a wrong password.)
      await page.getByRole('alert').filter({ hasText: 'The request failed' }).waitFor();
      expect(server.requests).toContain('POST /api/login');
    } finally {
      await browser.close();
    }
  });
});
