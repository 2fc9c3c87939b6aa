import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleOperations } from '../src/graphiql.ts';

/**
 * A real browser against `npm run demo`: the system Chromium (Debian's `chromium`, which
 * .ci/run installs) opens GraphiQL as served by the gateway, runs the example query with the
 * demo token, and the result pane must show provider keys. Outside CI, without Chromium, the
 * test is skipped with a message; in CI (CI=true) a missing Chromium fails it.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCI = process.env.CI === 'true';
if (!available && !inCI) console.warn(`browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!available && !inCI)('GraphiQL in Chromium (npm run demo)', () => {
  let demo: ChildProcess;
  let output = '';
  let url: string;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!available) throw new Error(`Chromium is required in CI but missing at ${CHROMIUM}`);
    // What `npm run demo` runs, on free ports.
    demo = spawn(process.execPath, ['--import', 'tsx', 'src/demo.ts'], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', SIMULATOR_PORT: '0', OPENROUTER_SIMULATOR_PORT: '0', LOG_FORMAT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout!.on('data', (chunk) => (output += chunk));
    demo.stderr!.on('data', (chunk) => (output += chunk));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 30_000);
      demo.stdout!.on('data', () => {
        const match = /GraphiQL:\s+(http:\/\/\S+\/graphql)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      demo.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
    });
    userDataDir = mkdtempSync(join(tmpdir(), 'gateway-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    if (demo && demo.exitCode === null) {
      const exited = new Promise((resolve) => demo.once('exit', resolve));
      demo.kill('SIGTERM');
      await exited;
    }
  }, 30_000);

  it('runs the example query with the demo token and shows provider keys', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(url);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
    // The example tabs are there, the first one active with the demo header.
    await expect
      .poll(() => page.locator('.graphiql-tab').allInnerTexts(), { timeout: 10_000 })
      .toEqual(exampleOperations().map((operation) => operation.name));
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    // Monaco renders spaces as no-break spaces.
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text, which the assertion reads.
    const text = async () => (await response.innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(text, { timeout: 15_000 }).toContain('"providerKeys"');
    const shown = await text();
    expect(shown).toContain('"name": "Ollama dev laptop"');
    expect(shown).toContain('"keyRedacted"');
    expect(shown).not.toContain('"errors"');
    await page.screenshot({ path: join(tmpdir(), 'graphiql-demo.png') });
    // Everything the page loaded came from the gateway itself (no CDN) or blob: workers.
    const origin = new URL(url).origin;
    expect(requests.filter((r) => !r.startsWith(origin) && !r.startsWith('blob:') && !r.startsWith('data:'))).toEqual([]);
    // The demo logs one readable line per operation.
    await expect
      .poll(() => output, { timeout: 5_000 })
      .toMatch(/INFO: query ProviderKeys: success in [\d.]+ ms, \d+ upstream calls? \[request [^\]]+\]\n/);
  }, 60_000);
});
