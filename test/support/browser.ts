import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveStatic, type StaticServer } from './static-server.ts';

/** Debian's chromium package; .ci/run installs it. Playwright's own browser downloads are not used. */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // No GPU here: without this, Chromium composites each frame through SwiftShader (software GL); about 15% of the browser tests' time.
  '--disable-gpu-compositing',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Launch chromium, or fail (never skip) saying how to install it: a missing browser must not pass CI. */
export async function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `${executablePath} is missing, so the browser tests cannot run. Install Debian's chromium and the CJK fonts: ` +
        '`apt-get install -y --no-install-recommends chromium fonts-noto-cjk` (.ci/run does this).',
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/**
 * Chromium and a static server on `out` for the tests of the enclosing describe block:
 * started before them, handed to `use`, closed after them.
 */
export function browseOutput(out: string, use: (browser: Browser, server: StaticServer) => void): void {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  before(async () => {
    browser = await launchChromium();
    server = await serveStatic(out);
    use(browser, server);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

// In-page code is passed as strings: tsx compiles functions with helpers (`__name`) that do not
// exist in the page, and tsconfig has no DOM types.

/** `<html lang>` of the page. */
export function htmlLang(page: Page): Promise<string> {
  return page.evaluate('document.documentElement.lang') as Promise<string>;
}

export interface Overflow {
  scrollWidth: number;
  innerWidth: number;
  /** The outermost elements reaching past the right edge of the window, as short CSS paths. */
  culprits: string[];
}

/** How far the page is wider than the window, with the elements responsible; null when it fits. */
export async function horizontalOverflow(page: Page): Promise<Overflow | null> {
  return (await page.evaluate(`(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= window.innerWidth) return null;
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      [...el.classList].map((c) => '.' + c).join('');
    const pathOf = (el) => { const parts = []; for (; el && el !== root; el = el.parentElement) parts.unshift(name(el)); return parts.join(' > '); };
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right;
      const parentRight = el.parentElement.getBoundingClientRect().right;
      if (right > window.innerWidth + 0.5 && parentRight <= window.innerWidth + 0.5) {
        culprits.push(pathOf(el) + ' (right edge at ' + Math.round(right) + 'px)');
      }
    }
    return { scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, culprits: culprits.slice(0, 10) };
  })()`)) as Overflow | null;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Inject axe-core into the page and run every default rule; returns the violations.
 * `contrast: false` leaves out color-contrast, the slowest rule by far (four fifths of a run
 * on a news page), where the same page's colours were already checked in the other script.
 */
export async function runAxe(page: Page, { contrast = true } = {}): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const options = contrast ? '' : ', { rules: { "color-contrast": { enabled: false } } }';
  const results = (await page.evaluate(`axe.run(document${options})`)) as { violations: AxeViolation[] };
  return results.violations;
}

/** One readable block per violation: id, impact, help, and each failing node's target. */
export function formatViolations(url: string, violations: AxeViolation[]): string {
  const lines = [`${violations.length} axe violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`  ${v.id} (${v.impact ?? 'no impact'}): ${v.help} — ${v.helpUrl}`);
    for (const node of v.nodes) {
      lines.push(`    ${JSON.stringify(node.target)}`);
      if (node.failureSummary) lines.push(...node.failureSummary.split('\n').map((line) => `      ${line}`));
    }
  }
  return lines.join('\n');
}
