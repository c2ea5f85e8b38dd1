import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";

// Debian's Chromium driven by playwright-core (no downloaded browser). Each persona gets its own browser context,
// so their session cookies never mix. Screenshots go to test-results/screenshots/ (git-ignored).

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = join("test-results", "screenshots");

export type Chromium = { browser: Browser; close(): Promise<void> };

export async function launchChromium(): Promise<Chromium> {
  await mkdir(SCREENSHOTS, { recursive: true });
  // A fresh profile every run: playwright's launch() makes its own temporary --user-data-dir (and refuses one
  // passed in args; launchPersistentContext would take one, but allows a single context, and personas need several).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export async function newPersona(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** The whole page, or (for long pages) the first screenful, which is what a person judges a page by. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  const path = join(SCREENSHOTS, `${name}.png`);
  if (!fullPage) await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path, fullPage });
  return path;
}

/** Presses Tab until `target` has the focus: reaching a control the way a keyboard user does. */
export async function tabTo(page: Page, target: Locator, maxPresses = 60): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target.toString()} within ${maxPresses} presses`);
}

// The functions below run in the page. This project's TypeScript has no DOM types, so the page's globals are reached
// through a cast of globalThis (erased when the function is sent to the browser) or a script string.
type PageGlobals = { document: { activeElement: unknown } };

/** Whether `target` has the keyboard focus. */
export async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === (globalThis as unknown as PageGlobals).document.activeElement);
}

/** What has the keyboard focus: its id and its text. */
export async function focused(page: Page): Promise<{ id: string; text: string }> {
  return (await page.evaluate(
    "({ id: document.activeElement?.id ?? '', text: (document.activeElement?.textContent ?? '').trim() })",
  )) as { id: string; text: string };
}

/** The browser's own validation message for a form control ("" when it is valid). */
export async function validationMessage(control: Locator): Promise<string> {
  return control.evaluate((el) => (el as unknown as { validationMessage: string }).validationMessage);
}

const UNLABELLED = `(() => {
  const offenders = [];
  for (const el of document.querySelectorAll("input, select, textarea, button")) {
    if (el.type === "hidden") continue;
    const named = (el.labels && el.labels.length > 0) || el.getAttribute("aria-label") ||
      el.getAttribute("aria-labelledby") || (el.tagName === "BUTTON" && el.textContent.trim());
    if (!named) offenders.push(el.outerHTML.slice(0, 120));
    for (const id of (el.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean)) {
      if (!document.getElementById(id)) offenders.push(el.id + ": aria-describedby " + id + " is missing");
    }
  }
  return offenders;
})()`;

/**
 * Every visible form control on the page has an accessible name (a label, aria-label or aria-labelledby), and every
 * aria-describedby points at an element that exists. Returns the offenders.
 */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return (await page.evaluate(UNLABELLED)) as string[];
}

/** Signs in through the local persona chooser with one of its one-click presets (by the persona's name). */
export async function signInAs(page: Page, name: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: new RegExp(`Sign in as ${name}`) }).click();
  await page.waitForURL(/\/app/);
}
