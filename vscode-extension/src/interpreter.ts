// Which program runs the server: chrisStyle.path, else a Python interpreter chosen in a fixed order.
// No 'vscode' import: the caller asks VS Code and the Python extension, this module decides.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';

import type { ExtensionSettings } from './settings';

// chris-style is on no public package index: pip installs it from a clone of its repository, whose path only
// the user knows. The placeholder stays visibly one, and a shell refuses to run it as it stands.
export const CLONE_PLACEHOLDER = '<path to a chris-style clone>';

// The page that explains every way to install chris-style (a clone with pip or pipx, pip from git).
export const INSTALL_DOCS = 'Getting started, docs/getting-started.md';

/** The end of a message that says how to install chris-style: where from, where to read more, the command. */
export function fromClone(command: string, clone = 'a clone'): string {
  return `from ${clone} of chris-style (see ${INSTALL_DOCS}): ${command}`;
}

/** Where the command came from, for the log and for the message when it cannot start. */
export type LaunchSource = 'chrisStyle.path' | 'chrisStyle.interpreter' | 'Python extension' | 'PATH';

export interface ServerLaunch {
  /** The program to run. */
  command: string;
  args: string[];
  /** The Python interpreter, when the server runs as `<python> -m chris_style lsp`. */
  python?: string;
  source: LaunchSource;
}

export type Resolution = { ok: true; launch: ServerLaunch } | { ok: false; message: string };

export interface VariableContext {
  workspaceFolder?: string;
  userHome: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface ResolveInput {
  settings: Pick<ExtensionSettings, 'interpreter' | 'path' | 'args'>;
  /** Whether the workspace is trusted; untrusted, the Python extension's environment is not used. */
  trusted: boolean;
  /** The Python extension's active interpreter for the folder; undefined without that extension. */
  pythonExtensionInterpreter?: string;
  findOnPath: (name: string) => string | undefined;
  platform: NodeJS.Platform;
  variables: VariableContext;
}

/**
 * Expands `~`, `${userHome}`, `${workspaceFolder}`, `${workspaceFolderBasename}` and `${env:NAME}` the way
 * VS Code's own settings do; a variable it cannot fill (no folder open) is left as written, so the error
 * names what the user wrote.
 */
export function expandVariables(value: string, context: VariableContext): string {
  let result = value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === 'userHome') return context.userHome;
    if (name === 'workspaceFolder') return context.workspaceFolder ?? whole;
    if (name === 'workspaceFolderBasename') {
      return context.workspaceFolder === undefined ? whole : nodePath.basename(context.workspaceFolder);
    }
    if (name.startsWith('env:')) return context.env[name.slice(4)] ?? '';
    return whole;
  });
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = context.userHome + result.slice(1);
  }
  return result;
}

/** Interpreter names tried on PATH when nothing else chose one. */
export function pythonCandidates(platform: NodeJS.Platform): string[] {
  return platform === 'win32' ? ['python', 'python3'] : ['python3', 'python'];
}

/**
 * The server's command line, in order: chrisStyle.path (`<path> lsp`); else `<python> -m chris_style lsp`
 * with the interpreter from chrisStyle.interpreter, the Python extension's active environment (trusted
 * workspaces only: a folder's environment is code from that folder), or python3 on PATH.
 * chrisStyle.args follow `lsp` in both forms.
 */
export function resolveLaunch(input: ResolveInput): Resolution {
  const { settings, variables } = input;
  const extraArgs = settings.args.map((arg) => expandVariables(arg, variables));
  if (settings.path !== '') {
    return {
      ok: true,
      launch: { command: expandVariables(settings.path, variables), args: ['lsp', ...extraArgs], source: 'chrisStyle.path' },
    };
  }
  const python = (chosen: string, source: LaunchSource): Resolution => ({
    ok: true,
    launch: { command: chosen, args: ['-m', 'chris_style', 'lsp', ...extraArgs], python: chosen, source },
  });
  if (settings.interpreter !== '') {
    return python(expandVariables(settings.interpreter, variables), 'chrisStyle.interpreter');
  }
  if (input.trusted && input.pythonExtensionInterpreter) {
    return python(input.pythonExtensionInterpreter, 'Python extension');
  }
  for (const name of pythonCandidates(input.platform)) {
    const found = input.findOnPath(name);
    if (found !== undefined) return python(found, 'PATH');
  }
  return {
    ok: false,
    message: `chris-style needs Python 3.10 or newer, and none was found: no ${pythonCandidates(input.platform).join(' or ')} ` +
      'on PATH. Set chrisStyle.interpreter to a Python 3.10+ and install chris-style into it ' +
      fromClone(`<python> -m pip install ${CLONE_PLACEHOLDER}`),
  };
}

/**
 * The first executable called `name` on `pathVariable`, like a shell's lookup; on Windows the
 * PATHEXT extensions are tried too. `isExecutable` is injectable for tests.
 */
export function findOnPath(
  name: string,
  pathVariable: string | undefined,
  platform: NodeJS.Platform = process.platform,
  isExecutable: (file: string) => boolean = isExecutableFile,
  pathExt: string | undefined = process.env.PATHEXT,
): string | undefined {
  const pathModule = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const extensions = platform === 'win32' ? ['', ...(pathExt ?? '.EXE;.CMD;.BAT;.COM').split(';')] : [''];
  for (const dir of (pathVariable ?? '').split(platform === 'win32' ? ';' : ':')) {
    if (dir === '') continue;
    for (const extension of extensions) {
      const candidate = pathModule.join(dir, name + extension);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A command line as one would type it in a shell, for messages (quotes only what needs them). */
export function shellQuote(arg: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[\w@%+=:,./\\-]+$/.test(arg)) return arg;
  if (platform === 'win32') return `"${arg.replace(/"/g, '""')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command that installs chris-style for `python` from a clone; `options` go before the clone. */
export function installCommand(python: string, platform: NodeJS.Platform = process.platform, options: readonly string[] = []): string {
  return [shellQuote(python, platform), '-m pip install', ...options, CLONE_PLACEHOLDER].join(' ');
}
