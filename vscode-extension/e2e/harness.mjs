// A real VS Code for tests: code-server 4.100.3 (VS Code 1.100.3) driven by headless Chromium through
// playwright-core. Adapted from the team's proven harness; everything it needs is installed by setup.sh.
//
// const vscode = await VsCode.launch({ vsix, runDir, settings, env });
// const window = await vscode.openFolder('/path/to/folder');
// await window.openFile('bad.py'); await window.waitForProblems((text) => text.includes('[CRITICAL]'));
// await vscode.close();
//
// code-server and Chromium are started detached, each leading its own process group, and are ended by
// those groups (so the extension host and the language server it started go with them), never by name.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CODE_SERVER = path.join(E2E_DIR, 'node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHRIS_STYLE_E2E_CHROMIUM || '/usr/bin/chromium';
const PLAYWRIGHT = path.join(E2E_DIR, 'node_modules/playwright-core/index.mjs');

// Generous for a 2-core machine running other tests at the same time; a healthy start takes 2-5 s.
const START_TIMEOUT_MS = 60_000;
// Ending a process group: SIGTERM, then SIGKILL after this long.
const KILL_GRACE_MS = 5_000;
// How long one rest of the mouse waits for the hover's text (the server answers in well under a second).
const HOVER_TRY_MS = 5_000;

const T0 = Date.now();
export const log = (...parts) => console.error(`[e2e +${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...parts);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What is missing for a run, as a list of messages (empty when setup.sh has run). */
export function missingSetup() {
  const missing = [];
  if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server is not installed (${CODE_SERVER})`);
  if (!fs.existsSync(PLAYWRIGHT)) missing.push('playwright-core is not installed');
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium is not installed (${CHROMIUM})`);
  return missing;
}

// User settings that keep VS Code quiet and predictable in a test.
const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
  'files.autoSave': 'off',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.minimap.enabled': false,
};

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function killGroup(pgid, name) {
  if (!groupAlive(pgid)) return;
  try { process.kill(-pgid, 'SIGTERM'); } catch { /* already gone */ }
  for (let waited = 0; waited < KILL_GRACE_MS && groupAlive(pgid); waited += 100) await sleep(100);
  if (groupAlive(pgid)) {
    log(`${name} (process group ${pgid}) still alive after SIGTERM: SIGKILL`);
    try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
    for (let waited = 0; waited < 2000 && groupAlive(pgid); waited += 100) await sleep(100);
  }
}

function runToEnd(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (data) => { output += data; });
    child.stderr.on('data', (data) => { output += data; });
    child.on('close', (code) => resolve({ code, output }));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The log files under a VS Code user-data folder whose names `wanted` accepts, each headed by its path: the
 * extension host's logs and the output channels of the extensions.
 */
export function readLogs(userData, wanted = (name) => /chris-style|exthost/i.test(name)) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (wanted(entry.name)) found.push(`===== ${full}\n${fs.readFileSync(full, 'utf8')}`);
    }
  };
  walk(path.join(userData, 'logs'));
  return found.join('\n');
}

/** Polls `probe` until it returns a truthy value; throws `what` on timeout. */
export async function waitFor(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
}

export class VsCode {
  constructor(runDir) {
    this.runDir = runDir;
    this.codeServer = null;
    this.chromium = null;
    this.browser = null;
    this.base = '';
    this.windows = [];
  }

  /**
   * Installs `vsix` (a file or a list of them) into a fresh profile under `runDir`, starts code-server and
   * Chromium; `env` reaches the extension host (and so the language server).
   * `trust`: leave workspace trust on (folders then open in restricted mode), default off.
   */
  static async launch({ vsix, runDir, settings = {}, env = {}, trust = false }) {
    const missing = missingSetup();
    if (missing.length > 0) throw new Error(`${missing.join('; ')}: run vscode-extension/e2e/setup.sh`);
    const vscode = new VsCode(runDir);
    try {
      await vscode.start(vsix, settings, env, trust);
    } catch (error) {
      await vscode.close();
      throw error;
    }
    return vscode;
  }

  async start(vsix, settings, env, trust) {
    const dirs = {
      userData: path.join(this.runDir, 'code-user-data'),
      extensions: path.join(this.runDir, 'extensions'),
      xdgConfig: path.join(this.runDir, 'xdg-config'),
      xdgData: path.join(this.runDir, 'xdg-data'),
      xdgCache: path.join(this.runDir, 'xdg-cache'),
    };
    // Chromium and VS Code put unix sockets in TMPDIR, and a socket path has at most 107 bytes: the run
    // folder is too deep for that, so TMPDIR is a short folder of its own, removed by close().
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-e2e-'));
    dirs.tmp = this.tmp;
    for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
    this.userData = dirs.userData;
    fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
    const userSettings = { ...BASE_SETTINGS, ...(trust ? { 'security.workspace.trust.enabled': true } : {}), ...settings };
    fs.writeFileSync(path.join(dirs.userData, 'User/settings.json'), JSON.stringify(userSettings, null, 2));

    const childEnv = {
      ...process.env,
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      XDG_CACHE_HOME: dirs.xdgCache,
      TMPDIR: dirs.tmp,
      ...env,
    };
    for (const name of ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'VSCODE_IPC_HOOK_CLI']) delete childEnv[name];
    const profileArgs = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

    for (const file of Array.isArray(vsix) ? vsix : [vsix]) {
      const install = await runToEnd(process.execPath, [CODE_SERVER, ...profileArgs, '--force', '--install-extension', file], { env: childEnv });
      fs.appendFileSync(path.join(this.runDir, 'install-extension.log'), install.output);
      if (install.code !== 0 || !/successfully installed|already installed/i.test(install.output)) {
        throw new Error(`installing ${file} failed (exit ${install.code}):\n${install.output}`);
      }
      log(`installed ${path.basename(file)}`);
    }

    const port = await freePort();
    const config = path.join(this.runDir, 'code-server-config.yaml');
    fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const serverLog = fs.openSync(path.join(this.runDir, 'code-server.log'), 'w');
    this.codeServer = spawn(process.execPath, [CODE_SERVER, '--config', config, '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none', '--disable-telemetry', '--disable-update-check', ...(trust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override', '--ignore-last-opened', ...profileArgs],
    { env: childEnv, detached: true, stdio: ['ignore', serverLog, serverLog] });
    this.base = `http://127.0.0.1:${port}`;
    await waitFor(async () => {
      if (this.codeServer.exitCode !== null) throw new Error(`code-server exited with ${this.codeServer.exitCode}`);
      try { return (await fetch(`${this.base}/healthz`)).ok; } catch { return false; }
    }, START_TIMEOUT_MS, 'code-server to answer');
    log(`code-server ready on ${this.base}`);

    const profile = path.join(this.runDir, 'chromium-profile');
    const chromiumLog = fs.openSync(path.join(this.runDir, 'chromium.log'), 'w');
    this.chromium = spawn(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--no-default-browser-check', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--password-store=basic',
      '--use-mock-keychain', '--disable-crash-reporter', '--disable-breakpad', `--user-data-dir=${profile}`,
      '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', '--window-size=1280,800', 'about:blank'],
    { env: { ...process.env, TMPDIR: dirs.tmp, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_CACHE_HOME: dirs.xdgCache },
      detached: true, stdio: ['ignore', chromiumLog, chromiumLog] });
    const portFile = path.join(profile, 'DevToolsActivePort');
    await waitFor(() => {
      if (this.chromium.exitCode !== null) throw new Error(`chromium exited with ${this.chromium.exitCode}, see chromium.log`);
      return fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').includes('\n');
    }, START_TIMEOUT_MS, 'Chromium to listen');
    const cdpPort = fs.readFileSync(portFile, 'utf8').split('\n')[0].trim();
    const { chromium } = await import(PLAYWRIGHT);
    this.browser = await chromium.connectOverCDP(`http://127.0.0.1:${cdpPort}`, { timeout: START_TIMEOUT_MS });
    log(`chromium ${this.browser.version()} connected`);
  }

  /** Opens `folder` in a new browser page: a new VS Code window with its own extension host. */
  async openFolder(folder, name = `window${this.windows.length + 1}`) {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const consoleLog = fs.createWriteStream(path.join(this.runDir, `${name}-browser-console.log`));
    page.on('console', (message) => consoleLog.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.message}\n`));
    await page.goto(`${this.base}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: START_TIMEOUT_MS });
    await page.waitForSelector('.monaco-workbench', { timeout: START_TIMEOUT_MS });
    await page.waitForSelector('.explorer-folders-view, .explorer-viewlet', { timeout: START_TIMEOUT_MS });
    const window = new Window(page, folder, name, this.runDir);
    this.windows.push(window);
    log(`${name}: opened ${folder}`);
    return window;
  }

  /** The text of the chris-style output channel of every window so far. */
  chrisStyleLog() {
    return readLogs(this.userData, (name) => name === 'chris-style.log');
  }

  async close() {
    if (this.browser) await Promise.race([this.browser.close().catch(() => {}), sleep(3000)]);
    if (this.chromium?.pid) await killGroup(this.chromium.pid, 'chromium');
    if (this.codeServer?.pid) await killGroup(this.codeServer.pid, 'code-server');
    this.browser = null;
    this.chromium = null;
    this.codeServer = null;
    if (this.tmp) fs.rmSync(this.tmp, { recursive: true, force: true });
    this.tmp = null;
  }
}

/** One VS Code window (a browser page with a folder open). */
export class Window {
  constructor(page, folder, name, runDir) {
    this.page = page;
    this.folder = folder;
    this.name = name;
    this.runDir = runDir;
  }

  async focusWorkbench() {
    await this.page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => {});
  }

  /** Opens a file of the folder through Quick Open (Ctrl+P) and waits for its tab. */
  async openFile(relative) {
    const baseName = path.basename(relative);
    const tab = `.tabs-container div.tab[data-resource-name="${baseName}"]`;
    for (let attempt = 1; attempt <= 3 && !(await this.page.$(tab)); attempt++) {
      await this.focusWorkbench();
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(relative);
      await this.page.locator(`.quick-input-list .monaco-list-row[aria-label*="${baseName}"]`).first()
        .waitFor({ state: 'visible', timeout: 20_000 }).catch(() => {});
      await this.page.keyboard.press('Enter');
      await this.page.waitForSelector(tab, { timeout: 10_000 }).catch(() => {});
    }
    if (!(await this.page.$(tab))) throw new Error(`could not open ${relative} through Quick Open`);
    await this.page.locator('.monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+Home');
  }

  /** The Problems panel's text, opening the panel when it is closed; null while it is not there. */
  async problemsText() {
    const text = await this.page.evaluate(() => document.querySelector('.markers-panel')?.innerText ?? null);
    if (text === null && (!this.lastToggle || Date.now() - this.lastToggle > 5000)) {
      this.lastToggle = Date.now();
      await this.page.locator('.monaco-editor .view-lines').first().click().catch(() => {});
      await this.page.keyboard.press('Control+Shift+M');
    }
    return text;
  }

  async waitForProblems(predicate, timeoutMs, what) {
    return waitFor(async () => {
      const text = await this.problemsText();
      return text !== null && predicate(text) ? text : null;
    }, timeoutMs, what);
  }

  /** The aria-label of the status bar item whose label starts with `prefix`. */
  async statusBarItem(prefix) {
    return this.page.evaluate((start) => {
      const items = [...document.querySelectorAll('.statusbar-item')];
      const found = items.find((item) => (item.getAttribute('aria-label') ?? '').startsWith(start));
      return found ? `${found.getAttribute('aria-label')} | ${found.innerText.trim()}` : null;
    }, prefix);
  }

  /** The messages of the notification toasts on screen, one per line. */
  async notificationsText() {
    return this.page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-toast')]
      .map((toast) => (toast.querySelector('.notification-list-item-message') ?? toast).innerText.replace(/\s+/g, ' ').trim())
      .join('\n'));
  }

  /** The visible lines of the active editor (enough for the small files of these tests). */
  async editorText() {
    // Monaco renders spaces as no-break spaces.
    return this.page.evaluate(() => (document.querySelector('.monaco-editor .view-lines')?.innerText ?? '').replace(/\u00a0/g, ' '));
  }

  /** Puts the cursor on the first problem whose row in the Problems panel contains `text` (a double click). */
  async revealProblem(text) {
    await this.page.locator('.markers-panel .monaco-list-row', { hasText: text }).first().dblclick();
    await sleep(300);
  }

  /**
   * Rests the mouse on `word` (a token of its own, e.g. a function's name) in the first editor line that
   * contains `lineText`, until the hover widget shows text that `accept` takes; returns that text. The mouse
   * leaves and comes back between tries, as a user's would, so a hover that closed early opens again.
   */
  async hover(lineText, word, accept, timeoutMs, what) {
    const token = this.page.locator('.monaco-editor .view-line', { hasText: lineText }).first()
      .locator('span > span', { hasText: new RegExp(`^${word}$`) }).first();
    const deadline = Date.now() + timeoutMs;
    let shown = '';
    while (Date.now() < deadline) {
      const box = await token.boundingBox({ timeout: Math.max(1, deadline - Date.now()) });
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
      await sleep(300);
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
      // One try: until the hover has the text, or a few seconds after it opened without it.
      const tryEnds = Math.min(deadline, Date.now() + HOVER_TRY_MS);
      while (Date.now() < tryEnds) {
        await sleep(250);
        shown = await this.hoverText();
        if (accept(shown)) return shown;
      }
    }
    throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}; the hover showed: ${shown || '(nothing)'}`);
  }

  /** The text of the hover widgets on screen (empty when none is). */
  async hoverText() {
    return this.page.evaluate(() => [...document.querySelectorAll('.monaco-hover')]
      .filter((hover) => hover.offsetParent !== null && !hover.classList.contains('hidden'))
      .map((hover) => hover.innerText.replace(/\u00a0/g, ' ').trim())
      .join('\n'));
  }

  /**
   * Opens the Quick Fix menu (Ctrl+.) and picks the first action whose label contains `label`, after a
   * screenshot of the open menu when `screenshot` names a file. Returns the labels that were offered.
   * `prepare` runs before each try; by default Escape closes a menu left open (in a notebook, Escape would
   * also leave the cell's editor: pass a step that puts the cursor back).
   */
  async quickFix(label, timeoutMs = 15_000, screenshot = undefined, prepare = () => this.page.keyboard.press('Escape')) {
    const offered = await waitFor(async () => {
      await prepare();
      await this.page.keyboard.press('Control+.');
      await sleep(700);
      const labels = await this.page.evaluate(() => [...document.querySelectorAll('.action-widget .monaco-list-row')]
        .map((row) => row.innerText.trim()));
      return labels.some((text) => text.includes(label)) ? labels : null;
    }, timeoutMs, `a quick fix "${label}"`);
    if (screenshot) await this.screenshot(screenshot);
    // The menu is driven by the keyboard: a mouse click lands on the overlay that guards the menu.
    for (let step = 0; step <= offered.length; step++) {
      const focused = await this.page.evaluate(() =>
        document.querySelector('.action-widget .monaco-list-row.focused')?.innerText.trim() ?? '');
      if (focused.includes(label)) {
        await this.page.keyboard.press('Enter');
        break;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    return offered;
  }

  /** The notebook's cells in order (a notebook editor is open): the rows of its cell list. */
  notebookCell(index) {
    return this.page.locator(`.notebook-editor .cell-list-container .monaco-list-row[data-index="${index}"]`);
  }

  /** The token `word` (a token of its own) in the editor of the notebook's cell `index`. */
  notebookToken(index, word) {
    return this.notebookCell(index).locator('.view-line span > span', { hasText: new RegExp(`^${word}$`) }).first();
  }

  /**
   * Per cell of the open notebook, in order: its text and its squiggles, each as `<severity>: <the text under
   * it>` (the tokens the squiggle covers on screen).
   */
  async notebookCells() {
    return this.page.evaluate(() => [...document.querySelectorAll('.notebook-editor .cell-list-container .monaco-list-row')]
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((row) => {
        const tokens = [...row.querySelectorAll('.view-line span > span')];
        const squiggles = [...row.querySelectorAll('[class*="squiggly-"]')].map((squiggle) => {
          const box = squiggle.getBoundingClientRect();
          const under = tokens.filter((token) => {
            const r = token.getBoundingClientRect();
            return r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top;
          }).map((token) => token.textContent).join('');
          return `${/squiggly-(\w+)/.exec(squiggle.className)[1]}: ${under}`;
        });
        const text = (row.querySelector('.view-lines')?.innerText ?? '').replace(/\u00a0/g, ' ');
        return { text, squiggles };
      }));
  }

  /** Runs a command by its title from the Command Palette (F1). */
  async runCommand(title) {
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.press('Enter');
  }

  async save() {
    await this.page.locator('.monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+S');
  }

  async screenshot(file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }

  async close() {
    await this.page.context().close().catch(() => {});
  }
}
