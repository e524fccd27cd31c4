// Before the server starts: can this program run it? One quick check turns "the server died" into a message
// that says what to do (which interpreter, which pip command), and so there is no restart loop to watch.
import { execFile } from 'node:child_process';

import { CLONE_PLACEHOLDER, fromClone, installCommand, shellQuote, type ServerLaunch } from './interpreter';

export const MIN_PYTHON: readonly [number, number] = [3, 10];

// A cold interpreter on a busy 2-core machine can take seconds to import; a hung one must not block forever.
export const CHECK_TIMEOUT_MS = 20_000;

// Runs on any Python (2.7 too, so that an old interpreter is named, not misreported); prints one JSON line.
// It imports chris_style (not the server's dependencies, which the server's own start-up reports) and asks
// whether the installed version has the language server.
export const CHECK_SCRIPT = [
  'import json, sys',
  'r = {"version": list(sys.version_info[:3]), "executable": sys.executable}',
  `if sys.version_info >= (${MIN_PYTHON[0]}, ${MIN_PYTHON[1]}):`,
  '    import importlib.util',
  '    try:',
  '        import chris_style',
  '        r["module"] = getattr(chris_style, "__file__", None)',
  '        r["hasLsp"] = importlib.util.find_spec("chris_style.lsp") is not None',
  '    except Exception as e:',
  '        r["importError"] = "%s: %s" % (type(e).__name__, e)',
  'print(json.dumps(r))',
].join('\n');

export type PreflightProblem =
  | 'not-found'       // the program does not exist or cannot be executed
  | 'python-too-old'
  | 'module-missing'  // chris_style is not installed for that interpreter
  | 'module-broken'   // installed, but importing it fails
  | 'no-server'       // installed, but a version without the language server
  | 'check-failed';   // the check itself failed in an unexpected way

export type PreflightResult =
  | { ok: true; detail: string }
  // `command`: the install command the message gives for this interpreter, when installing there is the cure.
  | { ok: false; problem: PreflightProblem; message: string; detail: string; command?: string };

interface CheckOutput {
  version: number[];
  executable?: string;
  module?: string | null;
  hasLsp?: boolean;
  importError?: string;
}

export interface ProcessOutcome {
  /** The spawn error's code (ENOENT, EACCES, ETIMEDOUT...) when the program did not run to completion. */
  errorCode?: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Turns what the check printed into a verdict and, when it fails, the message for the user. */
export function interpretCheck(python: string, outcome: ProcessOutcome, platform: NodeJS.Platform = process.platform): PreflightResult {
  const quoted = shellQuote(python, platform);
  // For an interpreter that is not the one to use: the user chooses another, then installs into it.
  const intoAnother = fromClone(`<python> -m pip install ${CLONE_PLACEHOLDER}`);
  if (outcome.errorCode === 'ENOENT' || outcome.errorCode === 'EACCES') {
    return {
      ok: false,
      problem: 'not-found',
      message: `chris-style cannot start: the Python interpreter ${quoted} ` +
        `${outcome.errorCode === 'ENOENT' ? 'does not exist' : 'cannot be executed'}. Set chrisStyle.interpreter ` +
        `to a Python ${MIN_PYTHON.join('.')}+ and install chris-style into it ${intoAnother}`,
      detail: outcome.errorCode,
    };
  }
  const line = outcome.stdout.trim().split(/\r?\n/).pop() ?? '';
  let parsed: CheckOutput | undefined;
  try {
    parsed = JSON.parse(line) as CheckOutput;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !Array.isArray(parsed.version)) {
    const why = outcome.errorCode ?? `exit status ${outcome.exitCode}`;
    return {
      ok: false,
      problem: 'check-failed',
      message: `chris-style cannot start: ${quoted} did not run as a Python interpreter (${why}). ` +
        `Set chrisStyle.interpreter to a Python ${MIN_PYTHON.join('.')}+ and install chris-style into it ${intoAnother}`,
      detail: `${outcome.stderr.trim() || outcome.stdout.trim()}`.slice(0, 2000),
    };
  }
  const version = parsed.version.join('.');
  const [major = 0, minor = 0] = parsed.version;
  const detail = `Python ${version} at ${parsed.executable ?? python}`;
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    return {
      ok: false,
      problem: 'python-too-old',
      message: `chris-style needs Python ${MIN_PYTHON.join('.')} or newer; ${quoted} is Python ${version}. ` +
        `Set chrisStyle.interpreter to a newer Python and install chris-style into it ${intoAnother}`,
      detail,
    };
  }
  if (parsed.importError !== undefined) {
    const missing = /^(ModuleNotFoundError|ImportError): No module named '?chris_style'?$/.test(parsed.importError);
    if (missing) {
      const command = installCommand(python, platform);
      return {
        ok: false,
        problem: 'module-missing',
        message: `chris-style is not installed for ${quoted} (Python ${version}). Install it ${fromClone(command)}`,
        detail,
        command,
      };
    }
    const command = installCommand(python, platform, ['--force-reinstall']);
    return {
      ok: false,
      problem: 'module-broken',
      message: `chris-style is installed for ${quoted} but does not import (${parsed.importError}). ` +
        `Reinstall it ${fromClone(command)}`,
      detail,
      command,
    };
  }
  if (parsed.hasLsp === false) {
    const command = installCommand(python, platform, ['--upgrade']);
    return {
      ok: false,
      problem: 'no-server',
      message: `The chris-style installed for ${quoted} has no language server (too old). ` +
        `Upgrade it ${fromClone(command, 'an up-to-date clone')}`,
      detail: `${detail}, chris_style at ${parsed.module}`,
      command,
    };
  }
  return { ok: true, detail: `${detail}, chris_style at ${parsed.module}` };
}

/** Runs the check for a `<python> -m chris_style lsp` launch. */
export async function checkPython(
  launch: ServerLaunch,
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<PreflightResult> {
  const python = launch.python ?? launch.command;
  const outcome = await new Promise<ProcessOutcome>((resolve) => {
    execFile(python, ['-c', CHECK_SCRIPT], { timeout: CHECK_TIMEOUT_MS, cwd: options.cwd, env: options.env, windowsHide: true },
      (error, stdout, stderr) => {
        const errno = error as (NodeJS.ErrnoException & { killed?: boolean }) | null;
        const errorCode = errno?.killed ? 'ETIMEDOUT' : typeof errno?.code === 'string' ? errno.code : undefined;
        const exitCode = error === null ? 0 : typeof errno?.code === 'number' ? (errno.code as number) : null;
        resolve({ errorCode, exitCode, stdout: String(stdout), stderr: String(stderr) });
      });
  });
  return interpretCheck(python, outcome);
}

/** For a chrisStyle.path launch: the program must exist and be executable; what it does is the server's. */
export function checkExecutable(
  launch: ServerLaunch,
  findOnPath: (name: string) => string | undefined,
  isExecutable: (file: string) => boolean,
): PreflightResult {
  const command = launch.command;
  const hasDirectory = /[\\/]/.test(command);
  const found = hasDirectory ? (isExecutable(command) ? command : undefined) : findOnPath(command);
  if (found !== undefined) return { ok: true, detail: `chris-style executable ${found}` };
  return {
    ok: false,
    problem: 'not-found',
    message: `chris-style cannot start: chrisStyle.path ${shellQuote(command)} is not an executable file` +
      `${hasDirectory ? '' : ' on PATH'}. Clear chrisStyle.path to run chris-style with a Python interpreter, or ` +
      `point it at an installed chris-style script; pipx installs one ${fromClone(`pipx install ${CLONE_PLACEHOLDER}`)}`,
    detail: command,
  };
}
