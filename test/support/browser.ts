import chromium from '@sparticuz/chromium';
import puppeteer, { Browser } from 'puppeteer-core';

/** Headless Chromium from the @sparticuz/chromium npm package: works offline, nothing to install. */
export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
}
