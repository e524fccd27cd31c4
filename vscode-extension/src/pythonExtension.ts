// The Python extension's active environment, when that extension is installed. It is optional: without it
// (or when it fails) the interpreter comes from the settings or PATH.
import { PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';

export const PYTHON_EXTENSION_ID = 'ms-python.python';

// The Python extension discovers environments when it activates; on a slow machine that takes a while, but
// the linter must not wait for ever on an extension it does not need.
const API_TIMEOUT_MS = 15_000;

export function isPythonExtensionInstalled(): boolean {
  return vscode.extensions.getExtension(PYTHON_EXTENSION_ID) !== undefined;
}

async function api(): Promise<PythonExtension | undefined> {
  if (!isPythonExtensionInstalled()) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), API_TIMEOUT_MS);
  });
  try {
    return await Promise.race([PythonExtension.api(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The executable of the Python extension's active environment for `resource`, if there is one. */
export async function activeInterpreter(resource: vscode.Uri | undefined, log: vscode.LogOutputChannel): Promise<string | undefined> {
  try {
    const python = await api();
    if (python === undefined) return undefined;
    const environmentPath = python.environments.getActiveEnvironmentPath(resource);
    const environment = await python.environments.resolveEnvironment(environmentPath);
    return environment?.executable.uri?.fsPath ?? environmentPath.path;
  } catch (error) {
    log.warn(`Could not ask the Python extension for its interpreter: ${String(error)}`);
    return undefined;
  }
}

/** Calls `listener` when the user picks another environment in the Python extension. */
export async function onDidChangeInterpreter(listener: () => void, log: vscode.LogOutputChannel): Promise<vscode.Disposable | undefined> {
  try {
    const python = await api();
    return python?.environments.onDidChangeActiveEnvironmentPath(() => listener());
  } catch (error) {
    log.warn(`Could not follow the Python extension's interpreter: ${String(error)}`);
    return undefined;
  }
}
