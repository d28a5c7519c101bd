/**
 * Launches headless Chromium for the end-to-end tests (and the screenshot script): the system Chromium or
 * `$CHROME_PATH`, with the flags that keep it quiet and offline.
 */
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Chromium flags: no sandbox (containers), no GPU, no background traffic to Google. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] as const;

/** Starts headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS],
    headless: true,
  });
}

/** A fresh context and page; page errors and console errors are collected for the test to assert on. */
export async function openPage(browser: Browser, options: { viewport?: { width: number; height: number } } = {}): Promise<{
  context: BrowserContext;
  page: Page;
  pageErrors: string[];
}> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
  return { context, page, pageErrors };
}
