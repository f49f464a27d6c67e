/**
 * Headless Chromium for real-browser tests: Debian's `chromium` (installed by scripts/system-deps.sh),
 * driven by playwright-core. Never a browser download. The flags keep Chromium off the network
 * (this machine's network is closed; background services would retry forever).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} fehlt: bitte „bash scripts/system-deps.sh“ ausführen (installiert das Debian-Paket chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}

/** Screenshots of browser tests land here (kept after the run, ignored by git). */
export function screenshotDir(name: string): string {
  const dir = join(__dirname, '..', '..', 'test-output', 'screenshots', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
