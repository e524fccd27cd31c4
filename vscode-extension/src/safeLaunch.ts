// How the server and its preflight check are started so that no file of the workspace is ever imported.
// No 'vscode' import: plain Node tests it.
//
// Python puts the working directory first on sys.path for `python -m …` and `python -c …`. Started in the
// workspace folder, a `chris_style/` package or a `json.py` of that folder would run as soon as the
// interpreter starts, before chris-style reads a line, and in a folder the user never trusted. So the
// processes start in the extension's own directory (which holds no Python files and which the workspace
// cannot write), and with PYTHONSAFEPATH=1, which tells Python 3.11+ to leave the directory out of
// sys.path altogether. Python 3.10 ignores the variable; the neutral directory alone protects it.

export const SAFE_PATH_VARIABLE = 'PYTHONSAFEPATH';

export interface LaunchOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The working directory and environment for a chris-style process; `neutralDirectory` is the extension's. */
export function safeLaunchOptions(env: NodeJS.ProcessEnv, neutralDirectory: string): LaunchOptions {
  return { cwd: neutralDirectory, env: { ...env, [SAFE_PATH_VARIABLE]: '1' } };
}
