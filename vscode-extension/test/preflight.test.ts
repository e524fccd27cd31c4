import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { findOnPath } from '../src/interpreter';
import { checkExecutable, checkPython, interpretCheck, type ProcessOutcome } from '../src/preflight';
import { safeLaunchOptions } from '../src/safeLaunch';

const PYTHON = '/venv/bin/python';

function printed(result: object): ProcessOutcome {
  return { exitCode: 0, stdout: `${JSON.stringify(result)}\n`, stderr: '' };
}

describe('interpretCheck', () => {
  test('WHEN chris_style imports and has the server THEN the check passes', () => {
    const result = interpretCheck(PYTHON, printed({ version: [3, 12, 1], executable: PYTHON, module: '/m/__init__.py', hasLsp: true }), 'linux');
    assert.deepEqual(result, { ok: true, detail: 'Python 3.12.1 at /venv/bin/python, chris_style at /m/__init__.py' });
  });

  test('WHEN chris_style is not installed THEN the message gives the pip command from a clone and the page to read', () => {
    const result = interpretCheck(PYTHON, printed({ version: [3, 11, 2], importError: "ModuleNotFoundError: No module named 'chris_style'" }), 'linux');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.problem, 'module-missing');
    assert.equal(!result.ok && result.message,
      'chris-style is not installed for /venv/bin/python (Python 3.11.2). Install it from a clone of chris-style ' +
      '(see Getting started, docs/getting-started.md): /venv/bin/python -m pip install <path to a chris-style clone>');
    assert.equal(!result.ok && result.command, '/venv/bin/python -m pip install <path to a chris-style clone>');
  });

  test('WHEN the interpreter path has a space THEN the message quotes it in the command', () => {
    const result = interpretCheck('/my venv/bin/python', printed({ version: [3, 12, 0], importError: "ModuleNotFoundError: No module named 'chris_style'" }), 'linux');
    assert.equal(!result.ok && result.command, "'/my venv/bin/python' -m pip install <path to a chris-style clone>");
    assert.match(!result.ok ? result.message : '', /^chris-style is not installed for '\/my venv\/bin\/python' \(Python 3\.12\.0\)\./);
  });

  test('WHEN the interpreter is older than 3.10 THEN the message names its version', () => {
    const result = interpretCheck(PYTHON, printed({ version: [3, 8, 10] }), 'linux');
    assert.equal(!result.ok && result.problem, 'python-too-old');
    assert.match(!result.ok ? result.message : '', /needs Python 3\.10 or newer; \/venv\/bin\/python is Python 3\.8\.10/);
    assert.match(!result.ok ? result.message : '', /: <python> -m pip install <path to a chris-style clone>$/);
    assert.equal(!result.ok && result.command, undefined);
  });

  test('WHEN the interpreter does not exist THEN the problem is not-found', () => {
    const result = interpretCheck('/nope/python', { errorCode: 'ENOENT', exitCode: null, stdout: '', stderr: '' }, 'linux');
    assert.equal(!result.ok && result.problem, 'not-found');
    assert.match(!result.ok ? result.message : '', /\/nope\/python does not exist/);
  });

  test('WHEN chris_style fails to import for another reason THEN a reinstall is suggested', () => {
    const result = interpretCheck(PYTHON, printed({ version: [3, 12, 0], importError: "ModuleNotFoundError: No module named 'libcst'" }), 'linux');
    assert.equal(!result.ok && result.problem, 'module-broken');
    assert.match(!result.ok ? result.message : '', /No module named 'libcst'.*Reinstall it from a clone/);
    assert.equal(!result.ok && result.command, '/venv/bin/python -m pip install --force-reinstall <path to a chris-style clone>');
    assert.ok(!result.ok && result.message.endsWith(`: ${result.command}`), !result.ok ? result.message : '');
  });

  test('WHEN the installed chris-style has no server THEN an upgrade is suggested', () => {
    const result = interpretCheck(PYTHON, printed({ version: [3, 12, 0], module: '/m', hasLsp: false }), 'linux');
    assert.equal(!result.ok && result.problem, 'no-server');
    assert.match(!result.ok ? result.message : '', /Upgrade it from an up-to-date clone of chris-style \(see Getting started/);
    assert.equal(!result.ok && result.command, '/venv/bin/python -m pip install --upgrade <path to a chris-style clone>');
  });

  test('WHEN the program prints something else THEN the check failed with its output as detail', () => {
    const result = interpretCheck('/bin/false', { exitCode: 1, stdout: '', stderr: 'boom' }, 'linux');
    assert.deepEqual(!result.ok && [result.problem, result.detail], ['check-failed', 'boom']);
  });
});

// The real check script on a real interpreter: a fresh venv without pip has no chris_style, and a package
// folder on PYTHONPATH stands in for an installed one.
describe('checkPython', () => {
  const python3 = findOnPath('python3', process.env.PATH);
  const skip = python3 === undefined && 'no python3 on PATH';
  let root = '';
  let python = '';
  let neutral = '';

  before(() => {
    if (python3 === undefined) return;
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'chris-style-check-'));
    execFileSync(python3, ['-m', 'venv', '--without-pip', path.join(root, 'venv')]);
    python = path.join(root, 'venv', 'bin', 'python');
    neutral = fs.mkdtempSync(path.join(root, 'neutral-'));
  });
  after(() => {
    if (root !== '') fs.rmSync(root, { recursive: true, force: true });
  });

  function folderWith(name: string, files: Record<string, string>): string {
    const folder = path.join(root, name);
    fs.mkdirSync(folder, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), content);
    }
    return folder;
  }

  const launch = () => ({ command: python, args: [], python, source: 'chrisStyle.interpreter' as const });
  // The options the extension starts processes with, plus a folder of packages on PYTHONPATH.
  const check = (packages?: string) => {
    const options = safeLaunchOptions({ ...process.env, ...(packages ? { PYTHONPATH: packages } : {}) }, neutral);
    return checkPython(launch(), options);
  };

  test('WHEN the interpreter path does not exist THEN the check says so', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'python');
    const result = await checkPython({ command: missing, args: [], python: missing, source: 'chrisStyle.interpreter' });
    assert.equal(!result.ok && result.problem, 'not-found');
  });

  test('WHEN a venv has no chris_style THEN the message is the pip command for that venv', { skip }, async () => {
    const result = await check();
    assert.equal(!result.ok && result.message.replace(/\(Python [\d.]+\)/, '(Python X)'),
      `chris-style is not installed for ${python} (Python X). Install it from a clone of chris-style ` +
      `(see Getting started, docs/getting-started.md): ${python} -m pip install <path to a chris-style clone>`);
  });

  test('WHEN chris_style has no lsp package THEN the problem is no-server', { skip }, async () => {
    const result = await check(folderWith('old', { 'chris_style/__init__.py': '' }));
    assert.equal(!result.ok && result.problem, 'no-server');
  });

  test('WHEN chris_style and its lsp package import THEN the check passes', { skip }, async () => {
    const result = await check(folderWith('new', { 'chris_style/__init__.py': '', 'chris_style/lsp/__init__.py': '' }));
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  // An untrusted folder plants modules that the check would import if its folder were on sys.path. Even
  // started inside that folder (the neutral directory is the first defence, PYTHONSAFEPATH the second),
  // the check imports neither.
  test('WHEN started in a folder with a planted chris_style and json.py THEN neither is imported', { skip }, async () => {
    const marker = path.join(root, 'planted-code-ran');
    const plant = `open(${JSON.stringify(marker)}, "a").write(__name__ + "\\n")\n`;
    const planted = folderWith('planted', { 'json.py': plant, 'chris_style/__init__.py': plant, 'chris_style/lsp/__init__.py': plant });
    const version = execFileSync(python, ['-c', 'import sys; print(sys.version_info >= (3, 11))']).toString().trim();
    if (version !== 'True') return;  // PYTHONSAFEPATH needs 3.11; on 3.10 only the neutral directory protects
    const result = await checkPython(launch(), { ...safeLaunchOptions(process.env, planted) });
    assert.equal(!result.ok && result.problem, 'module-missing', JSON.stringify(result));
    assert.equal(fs.existsSync(marker), false, fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '');
  });
});

describe('safeLaunchOptions', () => {
  test('WHEN options are made THEN the process starts in the neutral directory with PYTHONSAFEPATH set', () => {
    const options = safeLaunchOptions({ PATH: '/usr/bin', PYTHONSAFEPATH: '' }, '/opt/extension');
    assert.deepEqual(options, { cwd: '/opt/extension', env: { PATH: '/usr/bin', PYTHONSAFEPATH: '1' } });
  });
});

describe('checkExecutable', () => {
  test('WHEN chrisStyle.path names a missing file THEN the message says so', () => {
    const result = checkExecutable({ command: '/opt/none/chris-style', args: ['lsp'], source: 'chrisStyle.path' }, () => undefined, () => false);
    assert.match(!result.ok ? result.message : '', /chrisStyle\.path \/opt\/none\/chris-style is not an executable file\./);
    assert.match(!result.ok ? result.message : '', /: pipx install <path to a chris-style clone>$/);
  });

  test('WHEN chrisStyle.path is a bare name on PATH THEN it is found there', () => {
    const result = checkExecutable({ command: 'chris-style', args: ['lsp'], source: 'chrisStyle.path' },
      (name) => `/usr/local/bin/${name}`, () => false);
    assert.deepEqual(result, { ok: true, detail: 'chris-style executable /usr/local/bin/chris-style' });
  });
});
