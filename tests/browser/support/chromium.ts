/**
 * Finds Debian's Chromium for browser tests. Without it, browser tests are skipped with one
 * plain line, unless REQUIRE_BROWSER_TESTS is set (CI), which turns the skip into a failure.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p): p is string => !!p && existsSync(p));
}

/** True when browser tests can run; throws when CI requires them and Chromium is missing. */
export function browserTestsEnabled(): boolean {
  if (chromiumPath()) return true;
  if (process.env.REQUIRE_BROWSER_TESTS) {
    throw new Error('Chromium is required (REQUIRE_BROWSER_TESTS is set) but was not found: apt-get install chromium');
  }
  return false;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}
