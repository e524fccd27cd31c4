// Entry point: wires the server manager to commands, settings, trust and the Python extension.
// All linting happens in the server; this file only decides when to (re)start it.
import * as vscode from 'vscode';

import { isPythonExtensionInstalled, onDidChangeInterpreter } from './pythonExtension';
import { ServerManager } from './server';
import { needsRestart, SECTION } from './settings';
import { StatusBar } from './statusBar';

// Settings edits arrive as bursts of events (one per keystroke in settings.json); restart once they settle.
const RESTART_DEBOUNCE_MS = 500;

let server: ServerManager | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('chris-style', { log: true });
  const status = new StatusBar();
  const manager = new ServerManager(log, status, context.extensionPath);
  server = manager;

  let timer: NodeJS.Timeout | undefined;
  const restartSoon = (reason: string): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void manager.restart(reason), RESTART_DEBOUNCE_MS);
  };
  const usesPythonExtension = (): boolean => {
    const first = vscode.workspace.workspaceFolders?.[0]?.uri;
    const settings = manager.settingsFor(first);
    return settings.interpreter === '' && settings.path === '';
  };

  let pythonInstalled = isPythonExtensionInstalled();
  context.subscriptions.push(
    log,
    status,
    manager,
    { dispose: () => clearTimeout(timer) },
    vscode.commands.registerCommand('chrisStyle.restart', () => manager.restart('Restart Server command')),
    vscode.commands.registerCommand('chrisStyle.showLog', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsRestart((section) => event.affectsConfiguration(section))) restartSoon(`${SECTION} settings changed`);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => restartSoon('workspace folders changed')),
    vscode.workspace.onDidGrantWorkspaceTrust(() => restartSoon('workspace trusted')),
    vscode.extensions.onDidChange(() => {
      const installed = isPythonExtensionInstalled();
      if (installed === pythonInstalled) return;
      pythonInstalled = installed;
      if (usesPythonExtension()) restartSoon(`Python extension ${installed ? 'installed' : 'removed'}`);
    }),
  );
  void onDidChangeInterpreter(() => {
    if (usesPythonExtension()) restartSoon('Python extension interpreter changed');
  }, log).then((subscription) => {
    if (subscription !== undefined) context.subscriptions.push(subscription);
  });

  // Not awaited: activation should not wait seconds for the interpreter check and the server's start-up.
  void manager.restart('extension activated');
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
