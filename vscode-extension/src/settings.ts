// The chrisStyle.* settings: the few the extension acts on itself, and what the server receives.
// No 'vscode' import here, so plain Node can test it; a WorkspaceConfiguration is a ConfigReader.
//
// The server owns every linting setting (run, severity, select, ignore, minPriority, logLevel, debounce,
// docsUrl...): it receives them as written, checks them and reports what it rejects, so a setting the server
// learns needs no change here. The extension checks only what it uses to start the server and to talk
// to the user.

export const SECTION = 'chrisStyle';

export const NOTIFICATION_LEVELS = ['off', 'onError', 'onWarning', 'always'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

/** The settings the extension itself acts on, checked and with defaults filled in. */
export interface ExtensionSettings {
  enable: boolean;
  interpreter: string;
  path: string;
  args: string[];
  showNotifications: NotificationLevel;
}

export const DEFAULTS: Readonly<ExtensionSettings> = Object.freeze({
  enable: true,
  interpreter: '',
  path: '',
  args: [],
  showNotifications: 'onWarning',
});

/** Keys only the extension (or vscode-languageclient, for trace) reads: the server is not sent them. */
export const CLIENT_ONLY_KEYS: readonly string[] = ['interpreter', 'path', 'args', 'showNotifications', 'trace'];

/**
 * Settings that choose the server process: a change restarts it. `enable` is here because the server does
 * not run at all when no folder enables it; the rest (logLevel too) reach a running server through
 * workspace/didChangeConfiguration.
 */
export const RESTART_SETTINGS: readonly string[] = ['enable', 'interpreter', 'path', 'args'];

export type SettingsObject = Record<string, unknown>;

/** The settings of one folder as the server receives them, tagged with the folder's URI. */
export interface FolderSettings extends SettingsObject {
  workspace: string;
}

/** The LSP initializationOptions: the window's settings at the top level, plus each folder's. */
export interface InitializationOptions extends SettingsObject {
  globalSettings: SettingsObject;
  settings: FolderSettings[];
}

export interface ConfigReader {
  get<T>(key: string): T | undefined;
}

function isOneOf<T extends string>(choices: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (choices as readonly string[]).includes(value);
}

/**
 * Reads the extension's own settings from one configuration scope. A value of the wrong type is replaced
 * by its default and described in `problems`, so the user learns why the setting had no effect.
 */
export function readSettings(config: ConfigReader): { settings: ExtensionSettings; problems: string[] } {
  const problems: string[] = [];
  const value = <K extends keyof ExtensionSettings>(key: K, valid: (raw: unknown) => boolean, expected: string): ExtensionSettings[K] => {
    const raw = config.get<unknown>(key);
    if (raw === undefined || raw === null) return DEFAULTS[key];
    if (valid(raw)) return raw as ExtensionSettings[K];
    problems.push(`${SECTION}.${key}: ${JSON.stringify(raw)} is not ${expected}; using the default.`);
    return DEFAULTS[key];
  };
  const isString = (raw: unknown): boolean => typeof raw === 'string';
  return {
    settings: {
      enable: value('enable', (raw) => typeof raw === 'boolean', 'true or false'),
      interpreter: value('interpreter', isString, 'a string').trim(),
      path: value('path', isString, 'a string').trim(),
      args: [...value('args', (raw) => Array.isArray(raw) && raw.every(isString), 'a list of strings')],
      showNotifications: value('showNotifications', (raw) => isOneOf(NOTIFICATION_LEVELS, raw),
        `one of ${NOTIFICATION_LEVELS.join(', ')}`),
    },
    problems,
  };
}

/**
 * What the server is sent for one scope: the whole chrisStyle section as the user wrote it (a plain
 * object, e.g. a WorkspaceConfiguration through JSON), without the keys only the extension reads.
 */
export function toServerSettings(section: SettingsObject): SettingsObject {
  const result: SettingsObject = {};
  for (const [key, value] of Object.entries(section)) {
    if (!CLIENT_ONLY_KEYS.includes(key) && typeof value !== 'function') result[key] = value;
  }
  return result;
}

/**
 * The initializationOptions: the window-level settings flat at the top (for a server that reads one set),
 * again under `globalSettings`, and each workspace folder's under `settings` with its `workspace` URI.
 */
export function buildInitializationOptions(
  window: SettingsObject,
  folders: ReadonlyArray<{ uri: string; section: SettingsObject }>,
): InitializationOptions {
  const globalSettings = toServerSettings(window);
  return {
    ...globalSettings,
    globalSettings,
    settings: folders.map((folder) => ({ ...toServerSettings(folder.section), workspace: folder.uri })),
  };
}

/** Whether a configuration change needs a new server process; `affects` is ConfigurationChangeEvent's. */
export function needsRestart(affects: (section: string) => boolean): boolean {
  return RESTART_SETTINGS.some((key) => affects(`${SECTION}.${key}`));
}
