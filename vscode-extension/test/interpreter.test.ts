import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  expandVariables,
  findOnPath,
  installCommand,
  resolveLaunch,
  type ResolveInput,
  shellQuote,
} from '../src/interpreter';
import { DEFAULTS } from '../src/settings';

const VARIABLES = { workspaceFolder: '/work/project', userHome: '/home/ann', env: { VENV: '/opt/venv' } };

type Overrides = Partial<Omit<ResolveInput, 'settings'>> & { settings?: Partial<ResolveInput['settings']> };

function input(overrides: Overrides = {}): ResolveInput {
  return {
    trusted: true,
    findOnPath: (name) => (name === 'python3' ? '/usr/bin/python3' : undefined),
    platform: 'linux',
    variables: VARIABLES,
    ...overrides,
    settings: { interpreter: DEFAULTS.interpreter, path: DEFAULTS.path, args: DEFAULTS.args, ...overrides.settings },
  };
}

describe('resolveLaunch', () => {
  test('WHEN chrisStyle.interpreter is set THEN it wins over the Python extension', () => {
    const result = resolveLaunch(input({ settings: { interpreter: '${workspaceFolder}/.venv/bin/python' }, pythonExtensionInterpreter: '/ext/python' }));
    assert.deepEqual(result, {
      ok: true,
      launch: {
        command: '/work/project/.venv/bin/python',
        args: ['-m', 'chris_style', 'lsp'],
        python: '/work/project/.venv/bin/python',
        source: 'chrisStyle.interpreter',
      },
    });
  });

  test('WHEN no interpreter is set AND the Python extension has one THEN that one runs the server', () => {
    const result = resolveLaunch(input({ pythonExtensionInterpreter: '/ext/python' }));
    assert.equal(result.ok && `${result.launch.source} ${result.launch.command}`, 'Python extension /ext/python');
  });

  test('WHEN the workspace is untrusted THEN the Python extension environment is not used', () => {
    const result = resolveLaunch(input({ trusted: false, pythonExtensionInterpreter: '/work/project/.venv/bin/python' }));
    assert.equal(result.ok && `${result.launch.source} ${result.launch.command}`, 'PATH /usr/bin/python3');
  });

  test('WHEN nothing chose an interpreter THEN python3 on PATH runs the server', () => {
    const result = resolveLaunch(input());
    assert.equal(result.ok && `${result.launch.source} ${result.launch.command}`, 'PATH /usr/bin/python3');
  });

  test('WHEN only python is on PATH THEN it is used', () => {
    const result = resolveLaunch(input({ findOnPath: (name) => (name === 'python' ? '/bin/python' : undefined) }));
    assert.equal(result.ok && result.launch.command, '/bin/python');
  });

  test('WHEN no Python can be found THEN the message says how to install chris-style', () => {
    const result = resolveLaunch(input({ findOnPath: () => undefined }));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.message,
      'chris-style needs Python 3.10 or newer, and none was found: no python3 or python on PATH. Set chrisStyle.interpreter ' +
      'to a Python 3.10+ and install chris-style into it from a clone of chris-style (see Getting started, ' +
      'docs/getting-started.md): <python> -m pip install <path to a chris-style clone>');
  });

  test('WHEN chrisStyle.path is set THEN that executable runs `lsp` with the extra args', () => {
    const result = resolveLaunch(input({ settings: { path: '~/bin/chris-style', interpreter: '/x/python', args: ['--log-file', '${env:VENV}/log'] } }));
    assert.deepEqual(result, {
      ok: true,
      launch: { command: '/home/ann/bin/chris-style', args: ['lsp', '--log-file', '/opt/venv/log'], source: 'chrisStyle.path' },
    });
  });

  test('WHEN args are set with an interpreter THEN they follow `-m chris_style lsp`', () => {
    const result = resolveLaunch(input({ settings: { args: ['--x'] } }));
    assert.deepEqual(result.ok && result.launch.args, ['-m', 'chris_style', 'lsp', '--x']);
  });
});

describe('expandVariables', () => {
  test('WHEN the value uses the known variables THEN they are replaced', () => {
    assert.equal(expandVariables('${userHome}|${workspaceFolder}|${workspaceFolderBasename}|${env:VENV}|${env:NOPE}', VARIABLES),
      '/home/ann|/work/project|project|/opt/venv|');
  });

  test('WHEN the value starts with ~ THEN it is the home folder', () => {
    assert.equal(expandVariables('~/venv/bin/python', VARIABLES), '/home/ann/venv/bin/python');
  });

  test('WHEN no folder is open or the variable is unknown THEN the text is kept as written', () => {
    assert.equal(expandVariables('${workspaceFolder}/x ${config:y}', { userHome: '/h', env: {} }), '${workspaceFolder}/x ${config:y}');
  });
});

describe('findOnPath', () => {
  test('WHEN two PATH entries hold the program THEN the first wins', () => {
    const present = new Set(['/b/python3', '/c/python3']);
    assert.equal(findOnPath('python3', '/a::/b:/c', 'linux', (file) => present.has(file)), '/b/python3');
  });

  test('WHEN on Windows THEN the PATHEXT extensions are tried', () => {
    const found = findOnPath('python', 'C:\\Py;D:\\', 'win32', (file) => file === 'C:\\Py\\python.EXE', '.COM;.EXE');
    assert.equal(found, 'C:\\Py\\python.EXE');
  });

  test('WHEN PATH is unset THEN nothing is found', () => {
    assert.equal(findOnPath('python3', undefined, 'linux', () => true), undefined);
  });
});

describe('installCommand', () => {
  test('WHEN the interpreter path is plain THEN the command installs from a clone, written as is', () => {
    assert.equal(installCommand('/usr/bin/python3', 'linux'), '/usr/bin/python3 -m pip install <path to a chris-style clone>');
  });

  test('WHEN pip options are given THEN they come before the clone', () => {
    assert.equal(installCommand('/usr/bin/python3', 'linux', ['--upgrade']),
      '/usr/bin/python3 -m pip install --upgrade <path to a chris-style clone>');
  });

  test('WHEN the interpreter path has a space THEN it is quoted for the shell', () => {
    assert.equal(installCommand('/my venv/bin/python', 'linux'), "'/my venv/bin/python' -m pip install <path to a chris-style clone>");
    assert.equal(shellQuote('C:\\Program Files\\Python\\python.exe', 'win32'), '"C:\\Program Files\\Python\\python.exe"');
  });
});
