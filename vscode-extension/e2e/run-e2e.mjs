#!/usr/bin/env node
// End-to-end test of the packaged extension in a real VS Code (code-server + headless Chromium).
//
//   node e2e/run-e2e.mjs [--vsix chris-style.vsix] [--python PYTHON] [--screenshots DIR] [--keep-state]
//
// PYTHON is an interpreter with chris-style installed (default: $CHRIS_STYLE_E2E_PYTHON, else the
// repository's .venv). It reaches the extension as the active environment of a stand-in for the Python
// extension (fake-python-extension/, installed as ms-python.python) and, in the untrusted window, as the
// user's chrisStyle.interpreter. (PATH is no way to choose it: the extension host takes PATH from the
// user's login shell, as VS Code does, not from this process.)
//
// Scenarios:
//   diagnostics  a file that breaks the guide shows chris-style diagnostics with "[CRITICAL]" in Problems,
//                and the status bar counts them; the server runs with the Python extension's interpreter;
//                the mouse resting on `run` shows CS202's documentation in the hover; then (when the server
//                advertises codeActionProvider) a quick fix changes the file, and saving with
//                `source.fixAll.chris-style` in editor.codeActionsOnSave applies the rest;
//                switching the Python extension's environment to one without chris-style restarts the
//                server, which then says what to install
//   missing      chrisStyle.interpreter is a venv without chris-style: one notification with the pip command
//                from a clone for that venv and the Getting started page, no restart loop, and its "Open
//                Setting" button opens the setting; then
//                chrisStyle.path names a program that exits at once: one notification, no restart loop;
//                then chrisStyle.interpreter names a Python with chris-style: the server restarts and lints
//   notebook     a Jupyter notebook with two Python cells (the built-in ipynb support of VS Code opens it): the
//                CS202 of the second cell is in Problems and squiggled in that cell, not the first; the
//                server's quick fix "Ignore CS202 on this line", asked of the cell, edits that cell
//   untrusted    restricted mode: the folder's chrisStyle.interpreter, path and args (bogus) are ignored and the
//                server still runs; the folder's chrisStyle.severity (not restricted) reaches the server
//
// The folders of the diagnostics and untrusted scenarios hold a planted `chris_style/` package and `json.py`
// that would record it if the server or its check imported them (a process started in the folder would):
// both scenarios check that nothing ran.
//
// Exit status: 0 all passed, 1 a check failed, 2 setup problem (run e2e/setup.sh, npm run package).
// Screenshots and every log are kept in the run folder (printed at the end).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { E2E_DIR, log, missingSetup, readLogs, sleep, VsCode, waitFor } from './harness.mjs';

const EXTENSION_DIR = path.dirname(E2E_DIR);
const REPO_DIR = path.dirname(EXTENSION_DIR);
const FIXTURE = path.join(E2E_DIR, 'fixtures', 'project');
const NOTEBOOK_FIXTURE = path.join(E2E_DIR, 'fixtures', 'notebook');
// The first lint waits for the interpreter, libcst and the rules to load: seconds on a busy 2-core machine.
const DIAGNOSTICS_TIMEOUT_MS = 90_000;
const UI_TIMEOUT_MS = 30_000;
// How long the missing-module window is watched for a second notification (a restart loop would show one).
const NO_LOOP_WATCH_MS = 4_000;
// chris-style is on no public index: the notification gives pip from a clone, and the page that explains it.
const installFromClone = (python) => `${python} -m pip install <path to a chris-style clone>`;
const INSTALL_DOCS = 'Getting started, docs/getting-started.md';

// ------------------------------------------------------------------ arguments
function parseArgs(argv) {
  const options = {
    vsix: path.join(EXTENSION_DIR, 'chris-style.vsix'),
    python: process.env.CHRIS_STYLE_E2E_PYTHON || path.join(REPO_DIR, '.venv', 'bin', 'python'),
    screenshots: undefined,
    only: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) usage(`missing value for ${argv[i]}`);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--vsix': options.vsix = path.resolve(value()); break;
      case '--python': options.python = value(); break;
      case '--screenshots': options.screenshots = path.resolve(value()); break;
      case '--only': options.only = value().split(','); break;
      case '-h': case '--help': usage();
      // falls through: usage() exits
      default: usage(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

function usage(message) {
  if (message) console.error(`error: ${message}`);
  console.error('usage: node e2e/run-e2e.mjs [--vsix PATH] [--python PYTHON] [--screenshots DIR] [--only diagnostics,missing,notebook,untrusted]');
  process.exit(2);
}

// ------------------------------------------------------------------ results
const results = [];

async function check(name, body) {
  const started = Date.now();
  try {
    const note = await body();
    results.push({ name, status: note?.skipped ? 'skipped' : 'passed', note: note?.skipped ?? note?.note, seconds: (Date.now() - started) / 1000 });
    log(`${note?.skipped ? 'SKIP' : 'PASS'} ${name}${note?.skipped ? `: ${note.skipped}` : ''}`);
  } catch (error) {
    results.push({ name, status: 'failed', note: error.message, seconds: (Date.now() - started) / 1000 });
    log(`FAIL ${name}: ${error.message}`);
  }
}

// ------------------------------------------------------------------ helpers
function copyProject(runDir, name, workspaceSettings, fixture = FIXTURE) {
  const target = path.join(runDir, name);
  fs.cpSync(fixture, target, { recursive: true });
  if (workspaceSettings) {
    fs.mkdirSync(path.join(target, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(target, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings, null, 2));
  }
  return target;
}

/**
 * Starts the server the way the extension does and reads its capabilities from the initialize answer, so
 * the test knows whether code actions are there to be tested.
 */
function serverCapabilities(python, cwd) {
  return new Promise((resolve, reject) => {
    const server = spawn(python, ['-m', 'chris_style', 'lsp'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let buffer = Buffer.alloc(0);
    let stderr = '';
    const timer = setTimeout(() => { server.kill('SIGKILL'); reject(new Error(`no initialize answer in 30s; stderr: ${stderr}`)); }, 30_000);
    const send = (message) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
      server.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
    };
    server.stderr.on('data', (data) => { stderr += data; });
    server.on('error', (error) => { clearTimeout(timer); reject(error); });
    server.stdout.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (message.id === 1) {
          clearTimeout(timer);
          send({ id: 2, method: 'shutdown' });
          send({ method: 'exit' });
          setTimeout(() => server.kill('SIGKILL'), 2000).unref();
          resolve(message.result?.capabilities ?? {});
        }
      }
    });
    send({
      id: 1,
      method: 'initialize',
      params: {
        processId: process.pid,
        rootUri: null,
        capabilities: {
          textDocument: {
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll', 'source.organizeImports'] } },
              resolveSupport: { properties: ['edit'] },
              dataSupport: true,
            },
            diagnostic: { dynamicRegistration: true },
          },
          workspace: { configuration: true, diagnostics: { refreshSupport: true } },
        },
        initializationOptions: {},
      },
    });
  });
}

/**
 * Plants modules that a Python started in the folder would import instead of the real ones (the folder is
 * first on sys.path for `-m` and `-c`); each writes to the returned marker file if it ever runs.
 */
function plantHijackers(project, runDir) {
  const marker = path.join(runDir, `planted-code-ran-in-${path.basename(project)}`);
  const plant = `open(${JSON.stringify(marker)}, "a").write(__name__ + "\\n")\n`;
  for (const file of ['json.py', 'chris_style/__init__.py', 'chris_style/__main__.py', 'chris_style/lsp/__init__.py']) {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), plant);
  }
  return marker;
}

async function checkNothingPlantedRan(scenario, marker) {
  await check(`${scenario}: no module planted in the folder (chris_style/, json.py) was imported`, async () => {
    if (fs.existsSync(marker)) throw new Error(`planted code ran: ${readFile(marker).trim().split('\n').join(', ')}`);
    return { note: 'the server and its check started outside the folder, with PYTHONSAFEPATH=1' };
  });
}

function readFile(file) {
  return fs.readFileSync(file, 'utf8');
}

// ------------------------------------------------------------------ scenarios
async function diagnosticsScenario(vscode, runDir, shots, capabilities, pythons) {
  const project = copyProject(runDir, 'project');
  const marker = plantHijackers(project, runDir);
  const window = await vscode.openFolder(project, 'diagnostics');
  await window.openFile('bad.py');

  let problems = '';
  await check('diagnostics: chris-style diagnostics with their priority appear in Problems', async () => {
    problems = await window.waitForProblems((text) => text.includes('[CRITICAL]') && text.includes('CS202'),
      DIAGNOSTICS_TIMEOUT_MS, '"[CRITICAL] ... CS202" in the Problems panel');
    for (const expected of ['[CRITICAL] Public function `run` has no return type annotation', 'chris-style', '[PREFERRED]']) {
      if (!problems.includes(expected)) throw new Error(`Problems panel lacks "${expected}":\n${problems}`);
    }
    return { note: problems.split('\n').filter((line) => line.includes('[')).join(' | ') };
  });

  await check('diagnostics: the status bar shows the server running and the CRITICAL count', async () => {
    const item = await waitFor(async () => {
      const text = await window.statusBarItem('chris-style');
      return text && /running 1 CRITICAL/.test(text) ? text : null;
    }, UI_TIMEOUT_MS, 'the status bar item "chris-style running 1 CRITICAL"');
    return { note: item };
  });
  await window.screenshot(shots('problems.png'));

  await check('diagnostics: the server runs with the Python extension\'s interpreter', async () => {
    const started = `${pythons.good} -m chris_style lsp  [program from Python extension]`;
    await waitFor(() => vscode.chrisStyleLog().includes(started), UI_TIMEOUT_MS, `"${started}" in the chris-style log`);
    return { note: started };
  });
  await checkNothingPlantedRan('diagnostics', marker);

  await check('hover: resting on `run` shows the documentation of CS202 with its priority', async () => {
    // The rule's title and facts come only from the server's hover, not from the diagnostic shown with it.
    const expected = ['CS202 missing-return-annotation', 'Priority: CRITICAL', 'Type Hints Usage'];
    const text = await window.hover('run(command', 'run', (shown) => expected.every((part) => shown.includes(part)),
      UI_TIMEOUT_MS, `a hover with ${expected.map((part) => `"${part}"`).join(', ')}`);
    await window.screenshot(shots('hover.png'));
    await window.page.keyboard.press('Escape');
    return { note: text.split('\n').filter((line) => line.includes('CS202')).join(' | ') };
  });

  if (capabilities.codeActionProvider) {
    await fixScenario(window, project, shots);
  } else {
    const reason = 'the server does not advertise codeActionProvider yet (no quick fixes to test)';
    await check('quick fix: applying "Add `-> None`" changes the file', async () => ({ skipped: reason }));
    await check('fix-all: saving with source.fixAll.chris-style applies the safe fixes', async () => ({ skipped: reason }));
  }

  await check('Python extension: choosing an environment without chris-style restarts the server, which says so', async () => {
    await window.runCommand('Fake Python: Switch Environment');
    const pip = installFromClone(pythons.without);
    const text = await waitFor(async () => {
      const toasts = await window.notificationsText();
      return toasts.includes(pip) ? toasts : null;
    }, DIAGNOSTICS_TIMEOUT_MS, `a notification containing "${pip}"`);
    await waitFor(() => window.statusBarItem('chris-style error'), UI_TIMEOUT_MS, 'status bar "chris-style error"');
    return { note: text.split('\n').find((toast) => toast.includes(pip)) };
  });
}

async function fixScenario(window, project, shots) {
  const badFile = path.join(project, 'bad.py');
  await check('quick fix: applying "Add `-> None`" changes the file', async () => {
    await window.revealProblem('CS202');
    const offered = await window.quickFix('-> None', UI_TIMEOUT_MS, shots('quick-fix.png'));
    await waitFor(async () => (await window.editorText()).includes('def run(command: str) -> None:'),
      UI_TIMEOUT_MS, 'the editor to show `def run(command: str) -> None:`');
    return { note: `offered: ${offered.join(' | ')}` };
  });

  await check('fix-all: saving with source.fixAll.chris-style applies the safe fixes', async () => {
    await window.save();
    const expected = ['def run(command: str) -> None:', 'def first_names(names: list[str]) -> list[str]:'];
    await waitFor(() => expected.every((line) => readFile(badFile).includes(line)), UI_TIMEOUT_MS,
      `the saved bad.py to contain ${expected.join(' and ')}`);
    await window.waitForProblems((text) => !text.includes('CS202') && !text.includes('CS203'), UI_TIMEOUT_MS,
      'CS202 and CS203 to leave the Problems panel');
    await window.screenshot(shots('fixed.png'));
    return { note: readFile(badFile).split('\n').filter((line) => line.startsWith('def ')).join(' | ') };
  });
}

async function missingScenario(vscode, runDir, shots, pythons) {
  const python = pythons.without;
  const project = copyProject(runDir, 'project-missing', { 'chrisStyle.interpreter': python });
  const window = await vscode.openFolder(project, 'missing');
  await window.openFile('bad.py');
  const pip = installFromClone(python);

  await check('missing module: one notification gives the pip command from a clone and the page to read', async () => {
    const text = await waitFor(async () => {
      const toasts = await window.notificationsText();
      return toasts.includes(pip) ? toasts : null;
    }, DIAGNOSTICS_TIMEOUT_MS, `a notification containing "${pip}"`);
    const toast = text.split('\n').find((line) => line.includes(pip));
    if (!toast.includes(INSTALL_DOCS)) throw new Error(`the notification does not name "${INSTALL_DOCS}": ${toast}`);
    await window.screenshot(shots('missing-chris-style.png'));
    await sleep(NO_LOOP_WATCH_MS);
    const later = await window.notificationsText();
    const count = later.split('\n').filter((toast) => toast.includes('chris-style')).length;
    if (count !== 1) throw new Error(`expected exactly one chris-style notification, saw ${count}:\n${later}`);
    return { note: toast };
  });

  await check('missing module: the status bar shows the error and Problems has no chris-style entry', async () => {
    const item = await waitFor(() => window.statusBarItem('chris-style error'), UI_TIMEOUT_MS, 'status bar "chris-style error"');
    const problems = (await window.problemsText()) ?? '';
    if (problems.includes('chris-style')) throw new Error(`unexpected chris-style diagnostics:\n${problems}`);
    return { note: item };
  });

  await check('missing module: "Open Setting" opens chrisStyle.interpreter', async () => {
    await window.page.locator('.notifications-toasts .notification-toast a.monaco-button', { hasText: 'Open Setting' }).first().click();
    const query = await waitFor(() => window.page.evaluate(() => {
      const editor = document.querySelector('.settings-editor');
      const search = editor?.querySelector('.settings-header .suggest-input-container .view-lines, .search-container .view-lines');
      return editor ? (search?.innerText ?? '').trim() || 'settings editor open' : null;
    }), UI_TIMEOUT_MS, 'the Settings editor');
    if (!query.includes('chrisStyle.interpreter')) throw new Error(`settings search is "${query}"`);
    return { note: `settings search: ${query}` };
  });

  await check('chrisStyle.path: a server that exits at once gives one notification and no restart loop', async () => {
    const crashing = path.join(runDir, 'crashing-chris-style');
    fs.writeFileSync(crashing, '#!/bin/sh\necho "simulated crash of $0 $*" >&2\nexit 3\n', { mode: 0o755 });
    fs.writeFileSync(path.join(project, '.vscode', 'settings.json'), JSON.stringify({ 'chrisStyle.path': crashing }, null, 2));
    const expected = `Command: ${crashing} lsp`;
    await waitFor(async () => (await window.notificationsText()).includes(expected), DIAGNOSTICS_TIMEOUT_MS,
      `a notification containing "${expected}"`);
    await sleep(NO_LOOP_WATCH_MS);
    const toasts = (await window.notificationsText()).split('\n').filter((toast) => toast.includes(crashing));
    if (toasts.length !== 1) throw new Error(`expected one notification about ${crashing}, saw:\n${toasts.join('\n')}`);
    const log = vscode.chrisStyleLog();
    if (!log.includes('simulated crash')) throw new Error('the program\'s stderr is not in the chris-style log');
    if (log.includes('starting it again')) throw new Error('the extension restarted a server that never started');
    return { note: toasts[0] };
  });

  await check('missing module: pointing chrisStyle.interpreter at a Python with chris-style restarts the server', async () => {
    fs.writeFileSync(path.join(project, '.vscode', 'settings.json'), JSON.stringify({ 'chrisStyle.interpreter': pythons.good }, null, 2));
    const problems = await window.waitForProblems((text) => text.includes('[CRITICAL]'), DIAGNOSTICS_TIMEOUT_MS,
      '"[CRITICAL]" in the Problems panel after the interpreter changed');
    return { note: problems.split('\n').find((line) => line.includes('[CRITICAL]')) };
  });
}

async function notebookScenario(vscode, runDir, shots) {
  const project = copyProject(runDir, 'project-notebook', undefined, NOTEBOOK_FIXTURE);
  const window = await vscode.openFolder(project, 'notebook');
  await window.openFile('cells.ipynb');
  const finding = '[CRITICAL] Public function `first_name` has no return type annotation';

  await check('notebook: the CS202 of the second Python cell is in Problems and squiggled in that cell only', async () => {
    const problems = await window.waitForProblems((text) => text.includes('CS202'), DIAGNOSTICS_TIMEOUT_MS,
      '"CS202" in the Problems panel');
    for (const expected of ['cells.ipynb', finding, '[Ln 1, Col 5]']) {
      if (!problems.includes(expected)) throw new Error(`Problems panel lacks "${expected}":\n${problems}`);
    }
    // Cell 1 has nothing to report; in cell 2 the function's name carries the CRITICAL (warning) squiggle.
    const expected = JSON.stringify([[], ['warning: first_name']]);
    const cells = await waitFor(async () => {
      const shown = await window.notebookCells();
      return JSON.stringify(shown.map((cell) => cell.squiggles)) === expected ? shown : null;
    }, UI_TIMEOUT_MS, `the cells' squiggles to be ${expected} (cell 1, cell 2)`).catch(async (error) => {
      throw new Error(`${error.message}; they are ${JSON.stringify(await window.notebookCells())}`);
    });
    await window.screenshot(shots('notebook.png'));
    return { note: cells.map((cell, index) => `cell ${index + 1}: ${cell.squiggles.join(', ') || 'none'}`).join(' | ') };
  });

  await check('notebook: the server\'s quick fix for the cell ("Ignore CS202 on this line") edits that cell', async () => {
    const token = window.notebookToken(1, 'first_name');
    const putCursorOnName = async () => {
      if (await window.page.locator('.action-widget').isVisible()) await window.page.keyboard.press('Escape');
      await token.click();
    };
    const offered = await window.quickFix('Ignore CS202 on this line', UI_TIMEOUT_MS, undefined, putCursorOnName);
    const cells = await waitFor(async () => {
      const shown = await window.notebookCells();
      return shown[1]?.text.startsWith('def first_name(name: str):  # noqa: CS202') ? shown : null;
    }, UI_TIMEOUT_MS, 'cell 2 to start with `def first_name(name: str):  # noqa: CS202`');
    if (cells[0].text !== 'names = ["Ada Lovelace", "Grace Hopper"]') throw new Error(`cell 1 changed: ${cells[0].text}`);
    await window.waitForProblems((text) => !text.includes('CS202'), UI_TIMEOUT_MS, 'CS202 to leave the Problems panel');
    return { note: `offered: ${offered.join(' | ')}` };
  });
}

async function untrustedScenario(vscode, runDir, shots) {
  // Each of the three settings that choose a program would stop the server if it were used.
  const project = copyProject(runDir, 'project-untrusted', {
    'chrisStyle.interpreter': '/nonexistent/bin/python',
    'chrisStyle.path': '/nonexistent/bin/chris-style',
    'chrisStyle.args': ['--no-such-option-so-the-server-would-not-start'],
    'chrisStyle.severity': { CRITICAL: 'error' },
  });
  const marker = plantHijackers(project, runDir);
  const window = await vscode.openFolder(project, 'untrusted');
  await window.openFile('bad.py');

  await check('untrusted workspace: restricted mode ignores the folder\'s chrisStyle.interpreter, path and args; the user\'s run the server', async () => {
    const restricted = await window.page.evaluate(() => document.body.innerText.includes('Restricted Mode'));
    if (!restricted) throw new Error('the window is not in Restricted Mode');
    const problems = await window.waitForProblems((text) => text.includes('[CRITICAL]'), DIAGNOSTICS_TIMEOUT_MS,
      '"[CRITICAL]" in the Problems panel');
    await window.screenshot(shots('untrusted.png'));
    return { note: problems.split('\n').find((line) => line.includes('[CRITICAL]')) };
  });

  await check('folder settings reach the server: the folder\'s chrisStyle.severity makes CRITICAL an error', async () => {
    const icon = await waitFor(() => window.page.evaluate(() => {
      const row = [...document.querySelectorAll('.markers-panel .monaco-list-row')].find((r) => r.innerText.includes('CS202'));
      return row?.querySelector('.codicon-error') ? 'error' : null;
    }), UI_TIMEOUT_MS, 'the CS202 row of the Problems panel to carry the error icon');
    return { note: `CS202 shown as ${icon}` };
  });
  await checkNothingPlantedRan('untrusted workspace', marker);
}

// ------------------------------------------------------------------ main
const options = parseArgs(process.argv.slice(2));
const problems = missingSetup();
if (!fs.existsSync(options.vsix)) problems.push(`${options.vsix} does not exist (run \`npm run package\` in vscode-extension/)`);
if (!fs.existsSync(options.python)) problems.push(`the Python with chris-style, ${options.python}, does not exist (--python or CHRIS_STYLE_E2E_PYTHON)`);
if (problems.length > 0) {
  console.error(`e2e setup problem:\n  ${problems.join('\n  ')}\nRun: bash vscode-extension/e2e/setup.sh && (cd vscode-extension && npm run package)`);
  process.exit(2);
}

const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
// Outside the repository: its pyproject.toml and git repository would be the test folders' parents.
const runDir = path.join(process.env.CHRIS_STYLE_E2E_STATE || path.join(os.tmpdir(), 'chris-style-e2e'), `${stamp}-${process.pid}`);
fs.mkdirSync(runDir, { recursive: true });
// Each run keeps ~10 MB of profiles and logs; the older runs beyond the last few are removed.
const KEPT_RUNS = 5;
const runsDir = path.dirname(runDir);
for (const old of fs.readdirSync(runsDir).filter((name) => /^\d{8}T\d{6}-\d+$/.test(name)).sort().reverse().slice(KEPT_RUNS)) {
  fs.rmSync(path.join(runsDir, old), { recursive: true, force: true });
}
const shotsDir = path.join(runDir, 'screenshots');
const shots = (name) => path.join(shotsDir, name);
const wanted = (name) => options.only === undefined || options.only.includes(name);
log(`run folder ${runDir}`);

let exitCode = 0;
let vscode;
try {
  // Asked while VS Code starts: both take seconds.
  const probe = serverCapabilities(options.python, runDir).then((capabilities) => {
    log(`server capabilities: ${Object.keys(capabilities).sort().join(', ')}`);
    return capabilities;
  });
  probe.catch(() => {});
  // A fresh venv without pip: certainly no chris_style in it (and made in a fraction of a second).
  const systemPython = ['/usr/bin/python3', '/usr/local/bin/python3'].find((file) => fs.existsSync(file)) ?? 'python3';
  const venv = path.join(runDir, 'venv-without-chris-style');
  execFileSync(systemPython, ['-m', 'venv', '--without-pip', venv]);
  const pythons = { good: options.python, without: path.join(venv, 'bin', 'python') };

  if (wanted('diagnostics') || wanted('missing') || wanted('notebook')) {
    const fakePython = path.join(runDir, 'fake-python-extension.vsix');
    execFileSync(path.join(EXTENSION_DIR, 'node_modules', '.bin', 'vsce'),
      ['package', '--allow-missing-repository', '--skip-license', '-o', fakePython],
      { cwd: path.join(E2E_DIR, 'fake-python-extension'), stdio: ['ignore', 'ignore', 'inherit'] });
    vscode = await VsCode.launch({
      vsix: [options.vsix, fakePython],
      runDir: path.join(runDir, 'vscode'),
      env: { CHRIS_STYLE_E2E_FAKE_PYTHON: pythons.good, CHRIS_STYLE_E2E_FAKE_PYTHON_OTHER: pythons.without },
      settings: { 'editor.codeActionsOnSave': { 'source.fixAll.chris-style': 'explicit' } },
    });
    if (wanted('diagnostics')) await diagnosticsScenario(vscode, runDir, shots, await probe, pythons);
    if (wanted('missing')) await missingScenario(vscode, runDir, shots, pythons);
    if (wanted('notebook')) await notebookScenario(vscode, runDir, shots);
    await vscode.close();
  }
  if (wanted('untrusted')) {
    vscode = await VsCode.launch({
      vsix: options.vsix,
      runDir: path.join(runDir, 'vscode-untrusted'),
      trust: true,
      settings: {
        'chrisStyle.interpreter': pythons.good,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      },
    });
    await untrustedScenario(vscode, runDir, shots);
    await vscode.close();
  }
} catch (error) {
  log(`ERROR: ${error.stack || error}`);
  results.push({ name: 'harness', status: 'failed', note: String(error.message || error) });
  exitCode = 2;
} finally {
  if (vscode) await vscode.close();
}

const failed = results.filter((result) => result.status === 'failed');
const passed = results.filter((result) => result.status === 'passed');
const skipped = results.filter((result) => result.status === 'skipped');
if (failed.length > 0) {
  // The extension's own log and the extension host's, for whoever reads a failure in CI.
  const logs = ['vscode', 'vscode-untrusted'].map((name) => readLogs(path.join(runDir, name, 'code-user-data'))).join('\n');
  fs.writeFileSync(path.join(runDir, 'extension-logs.txt'), logs);
  console.log(`----- extension logs (also in ${path.join(runDir, 'extension-logs.txt')}) -----\n${logs.slice(-8000)}`);
}
if (options.screenshots && fs.existsSync(shotsDir)) {
  fs.mkdirSync(options.screenshots, { recursive: true });
  for (const name of fs.readdirSync(shotsDir)) fs.copyFileSync(path.join(shotsDir, name), path.join(options.screenshots, name));
}
console.log('----- e2e results -----');
for (const result of results) {
  console.log(`${result.status.toUpperCase().padEnd(7)} ${result.name}${result.note ? `\n        ${result.note}` : ''}`);
}
console.log(`screenshots: ${shotsDir}`);
console.log(`logs: ${runDir}`);
if (skipped.length > 0) console.log(`NOTE: ${skipped.length} check(s) skipped: ${skipped[0].note}`);
console.log(`e2e: ${passed.length} passed, ${failed.length} failed${skipped.length ? `, ${skipped.length} skipped` : ''}`);
process.exit(exitCode || (failed.length > 0 ? 1 : 0));
