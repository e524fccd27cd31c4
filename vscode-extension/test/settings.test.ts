import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import {
  buildInitializationOptions,
  type ConfigReader,
  DEFAULTS,
  needsRestart,
  readSettings,
  RESTART_SETTINGS,
  toServerSettings,
} from '../src/settings';

function config(values: Record<string, unknown>): ConfigReader {
  return { get: <T>(key: string) => values[key] as T | undefined };
}

// Compiled tests run from out/test/; package.json is two levels up from there.
const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
const PROPERTIES: Record<string, { default: unknown; scope: string }> = PACKAGE_JSON.contributes.configuration.properties;

describe('readSettings', () => {
  test('WHEN nothing is set THEN every setting has its default and there is no problem', () => {
    const { settings, problems } = readSettings(config({}));
    assert.deepEqual(settings, DEFAULTS);
    assert.deepEqual(problems, []);
  });

  test('WHEN every setting is valid THEN the values pass through unchanged', () => {
    const values = { enable: false, interpreter: '/venv/bin/python', path: '/bin/chris-style', args: ['-v'], showNotifications: 'always' };
    const { settings, problems } = readSettings(config(values));
    assert.deepEqual(settings, values);
    assert.deepEqual(problems, []);
  });

  test('WHEN a value has the wrong type THEN its default is used AND the problem names the setting', () => {
    const { settings, problems } = readSettings(config({ enable: 'yes', args: '--verbose', showNotifications: 'sometimes' }));
    assert.deepEqual([settings.enable, settings.args, settings.showNotifications], [true, [], 'onWarning']);
    assert.deepEqual(problems, [
      'chrisStyle.enable: "yes" is not true or false; using the default.',
      'chrisStyle.args: "--verbose" is not a list of strings; using the default.',
      'chrisStyle.showNotifications: "sometimes" is not one of off, onError, onWarning, always; using the default.',
    ]);
  });

  test('WHEN paths have surrounding blanks THEN they are trimmed but args are kept verbatim', () => {
    const { settings } = readSettings(config({ interpreter: '  /x/python ', args: [' --a '] }));
    assert.deepEqual([settings.interpreter, settings.args], ['/x/python', [' --a ']]);
  });
});

describe('server settings', () => {
  const SECTION_VALUES = {
    enable: true,
    run: 'onSave',
    severity: { CRITICAL: 'error' },
    select: ['CS202'],
    minPriority: 'typo-is-for-the-server-to-report',
    futureSetting: 42,
    interpreter: '/x/python',
    path: '',
    args: ['-v'],
    showNotifications: 'off',
    trace: { server: 'verbose' },
  };

  test('WHEN the section is converted for the server THEN only the extension-only keys are left out', () => {
    assert.deepEqual(toServerSettings(SECTION_VALUES), {
      enable: true,
      run: 'onSave',
      severity: { CRITICAL: 'error' },
      select: ['CS202'],
      minPriority: 'typo-is-for-the-server-to-report',
      futureSetting: 42,
    });
  });

  test('WHEN there are two folders THEN initializationOptions carry each folder by URI AND the window settings flat', () => {
    const options = buildInitializationOptions({ minPriority: 'CRITICAL', interpreter: '/x' }, [
      { uri: 'file:///work/a', section: { run: 'onSave', path: '/p' } },
      { uri: 'file:///work/b', section: { enable: false, severity: { CS202: 'error' } } },
    ]);
    assert.deepEqual(options, {
      minPriority: 'CRITICAL',
      globalSettings: { minPriority: 'CRITICAL' },
      settings: [
        { run: 'onSave', workspace: 'file:///work/a' },
        { enable: false, severity: { CS202: 'error' }, workspace: 'file:///work/b' },
      ],
    });
  });

  test('WHEN the interpreter changes THEN the server restarts', () => {
    assert.equal(needsRestart((section) => section === 'chrisStyle.interpreter'), true);
  });

  test('WHEN only the severity changes THEN the running server is told instead of restarted', () => {
    assert.equal(needsRestart((section) => section === 'chrisStyle.severity'), false);
  });
});

describe('package.json contributes the settings the code reads', () => {
  test('WHEN the manifest is compared with the defaults THEN the extension settings have the same defaults', () => {
    const declared = Object.keys(DEFAULTS).map((key) => PROPERTIES[`chrisStyle.${key}`]?.default);
    assert.deepEqual(declared, Object.values(DEFAULTS));
  });

  test('WHEN the manifest is read THEN every setting the issue names is declared', () => {
    const names = ['enable', 'run', 'severity', 'select', 'ignore', 'minPriority', 'interpreter', 'path', 'args',
      'logLevel', 'showNotifications', 'trace.server'];
    assert.deepEqual(names.filter((name) => !(`chrisStyle.${name}` in PROPERTIES)), []);
  });

  test('WHEN a setting can differ per folder THEN its scope is resource', () => {
    const perFolder = ['enable', 'run', 'severity', 'select', 'ignore', 'minPriority', 'interpreter', 'path', 'args'];
    assert.deepEqual(perFolder.map((key) => PROPERTIES[`chrisStyle.${key}`].scope), perFolder.map(() => 'resource'));
  });

  test('WHEN the workspace is untrusted THEN the settings that choose a program are restricted', () => {
    const untrusted = PACKAGE_JSON.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.deepEqual(untrusted.restrictedConfigurations, ['chrisStyle.interpreter', 'chrisStyle.path', 'chrisStyle.args']);
  });

  test('WHEN a restart setting is listed THEN the manifest declares it', () => {
    assert.deepEqual(RESTART_SETTINGS.filter((key) => !(`chrisStyle.${key}` in PROPERTIES)), []);
  });

  test('WHEN the engine is compared with the test VS Code THEN it accepts 1.100', () => {
    assert.match(PACKAGE_JSON.engines.vscode, /^\^1\.(9\d|100)\.\d+$/);
    assert.equal(PACKAGE_JSON.devDependencies['@types/vscode'], PACKAGE_JSON.engines.vscode.slice(1));
  });
});
