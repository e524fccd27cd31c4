// Starts, stops and restarts the chris-style language server, one process per window.
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  MessageType,
  RevealOutputChannelOn,
  type ServerOptions,
  ShowMessageNotification,
  State,
} from 'vscode-languageclient/node';

import { findOnPath, isExecutableFile, resolveLaunch, shellQuote, type ServerLaunch } from './interpreter';
import { type MessageKind, shouldNotify } from './notifications';
import { checkExecutable, checkPython, type PreflightResult } from './preflight';
import { activeInterpreter } from './pythonExtension';
import { CrashTracker, CRASH_WINDOW_MS, MAX_CRASHES } from './restartPolicy';
import { type LaunchOptions, safeLaunchOptions } from './safeLaunch';
import {
  buildInitializationOptions,
  type ExtensionSettings,
  readSettings,
  SECTION,
  type SettingsObject,
  toServerSettings,
} from './settings';
import { StatusBar } from './statusBar';

// How long a stopping server may take to answer shutdown before it is killed.
const STOP_TIMEOUT_MS = 2_000;

// Python files, and the Python cells of notebooks of every type (the notebook type '*'). The cells reach the
// server through notebook sync, which the client sets up from the server's notebookDocumentSync alone; the cell
// filter is what asks the server for the cells' code actions (quick fixes, fix-all) as well.
const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
  { notebook: '*', language: 'python' },
];

export class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  // Starts and stops run one after another, never interleaved, whatever triggers them.
  private queue: Promise<void> = Promise.resolve();
  private readonly crashes = new CrashTracker();
  private readonly reportedProblems = new Set<string>();
  private failed = false;

  /** `extensionDirectory` is where the server's processes start: never the workspace (see safeLaunch.ts). */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly status: StatusBar,
    private readonly extensionDirectory: string,
  ) {}

  restart(reason: string): Promise<void> {
    return this.enqueue(async () => {
      await this.stopClient();
      this.crashes.reset();
      await this.start(reason);
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.stopClient());
  }

  dispose(): void {
    void this.stop();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step).catch((error: unknown) => {
      this.log.error(`Unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    });
    return this.queue;
  }

  /** The chrisStyle section of a folder (or of the window) as a plain object, as the user wrote it. */
  sectionFor(resource: vscode.Uri | undefined): SettingsObject {
    const section = vscode.workspace.getConfiguration(undefined, resource).get<SettingsObject>(SECTION) ?? {};
    return JSON.parse(JSON.stringify(section)) as SettingsObject;
  }

  /** The extension's own settings of a folder (or of the window); invalid values are reported once. */
  settingsFor(resource: vscode.Uri | undefined): ExtensionSettings {
    const { settings, problems } = readSettings(vscode.workspace.getConfiguration(SECTION, resource));
    for (const problem of problems) {
      if (this.reportedProblems.has(problem)) continue;
      this.reportedProblems.add(problem);
      this.log.warn(problem);
      this.notify('warning', problem, { setting: problem.split(':')[0] });
    }
    return settings;
  }

  private async start(reason: string): Promise<void> {
    this.failed = false;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const windowSettings = this.settingsFor(undefined);
    const folderSettings = folders.map((folder) => ({
      uri: folder.uri.toString(),
      settings: this.settingsFor(folder.uri),
      section: this.sectionFor(folder.uri),
    }));
    const enabled = folders.length === 0 ? windowSettings.enable : folderSettings.some((folder) => folder.settings.enable);
    if (!enabled) {
      this.log.info('chrisStyle.enable is false: the server is not started.');
      this.status.setState('disabled', 'chrisStyle.enable is false');
      return;
    }

    // One server serves the whole window; the program that runs it is the first folder's choice.
    const primary = folders[0];
    const primarySettings = folderSettings[0]?.settings ?? windowSettings;
    const trusted = vscode.workspace.isTrusted;
    const wantsPythonExtension = trusted && primarySettings.path === '' && primarySettings.interpreter === '';
    const resolution = resolveLaunch({
      settings: primarySettings,
      trusted,
      pythonExtensionInterpreter: wantsPythonExtension ? await activeInterpreter(primary?.uri, this.log) : undefined,
      findOnPath: (name) => findOnPath(name, process.env.PATH),
      platform: process.platform,
      variables: { workspaceFolder: primary?.uri.fsPath, userHome: os.homedir(), env: process.env },
    });
    if (!resolution.ok) {
      this.fail(resolution.message, { setting: `${SECTION}.interpreter` });
      return;
    }
    const launch = resolution.launch;
    const commandLine = [launch.command, ...launch.args].map((arg) => shellQuote(arg)).join(' ');
    this.log.info(`Starting the server (${reason}): ${commandLine}  [program from ${launch.source}` +
      `${trusted ? '' : '; untrusted workspace'}]`);
    this.status.setState('starting', commandLine);

    const processOptions = safeLaunchOptions(process.env, this.extensionDirectory);
    const check: PreflightResult = launch.python !== undefined
      ? await checkPython(launch, processOptions)
      : checkExecutable(launch, (name) => findOnPath(name, process.env.PATH), isExecutableFile);
    if (!check.ok) {
      this.log.info(`Check of ${launch.command}: ${check.problem} (${check.detail})`);
      this.fail(check.message, {
        setting: launch.source === 'chrisStyle.path' ? `${SECTION}.path` : `${SECTION}.interpreter`,
        // The install command the message gives, when installing into this interpreter is the cure.
        copy: check.command,
      });
      return;
    }
    this.log.info(check.detail);

    const client = this.createClient(launch, processOptions, buildInitializationOptions(this.sectionFor(undefined), folderSettings));
    client.onDidChangeState((event) => {
      if (this.client !== client) return;
      if (event.newState === State.Running) this.status.setState('running', `${launch.source}: ${launch.command}`);
      // A stop that fail() explained (too many crashes) keeps its error state.
      if (event.newState === State.Stopped && !this.failed) this.status.setState('stopped', 'the server stopped');
    });
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.client = undefined;
      await client.dispose(STOP_TIMEOUT_MS).catch(() => undefined);
      this.fail(`chris-style: the server stopped before it was ready (${error instanceof Error ? error.message : String(error)}). ` +
        `Command: ${commandLine}. Its output is in the log.`, { setting: `${SECTION}.${launch.source === 'chrisStyle.path' ? 'path' : 'interpreter'}` });
      return;
    }
    this.status.setState('running', `${launch.source}: ${launch.command}`);
  }

  private createClient(launch: ServerLaunch, processOptions: LaunchOptions, initializationOptions: object): LanguageClient {
    const serverOptions: ServerOptions = { command: launch.command, args: launch.args, options: processOptions };
    // The error handler needs to know whether its client is still the current one, and whether it ever ran.
    const owner: { client?: LanguageClient; ran?: boolean } = {};
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.log,
      traceOutputChannel: this.log,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions,
      synchronize: { configurationSection: SECTION },
      initializationFailedHandler: (error) => {
        this.log.error(`The server failed to initialize: ${String(error)}`);
        return false;
      },
      errorHandler: {
        error: (error, _message, count): ErrorHandlerResult => {
          this.log.warn(`Connection to the server: ${error.message}`);
          // A few broken messages are survivable; a stream of them means the connection is gone.
          return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
        },
        closed: (): CloseHandlerResult => {
          if (this.client === undefined || this.client !== owner.client) {
            // A client that never started, or one already replaced: its failure has been reported.
            return { action: CloseAction.DoNotRestart, handled: true };
          }
          if (!owner.ran) {
            // The server stopped before it was ever ready: start() fails and reports it once. The connection
            // can close before that failure arrives or after it; a restart here would loop on a server that
            // cannot start.
            return { action: CloseAction.DoNotRestart, handled: true };
          }
          if (this.crashes.shouldRestart(Date.now())) {
            this.log.warn('The server stopped unexpectedly; starting it again.');
            return { action: CloseAction.Restart, handled: true };
          }
          const minutes = CRASH_WINDOW_MS / 60_000;
          this.fail(`The chris-style server stopped ${MAX_CRASHES + 1} times in ${minutes} minutes and is not ` +
            'restarted again. See the log, then run "chris-style: Restart Server".', {});
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      middleware: {
        workspace: {
          // The server asks for chrisStyle per folder; it gets what initializationOptions carried, without
          // the keys only the extension reads.
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) return answer;
            return params.items.map((item, index) => item.section === SECTION
              ? toServerSettings(this.sectionFor(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined))
              : answer[index]);
          },
        },
      },
    };
    const client = new QuietLanguageClient('chrisStyle', 'chris-style', serverOptions, clientOptions);
    owner.client = client;
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) owner.ran = true;
    });
    // Replaces the client's own window/showMessage handler so that chrisStyle.showNotifications applies (the
    // server logs what it shows, so a message kept off the screen is still in the log).
    client.onNotification(ShowMessageNotification.type, (params) => {
      const kind: MessageKind = params.type === MessageType.Error ? 'error' : params.type === MessageType.Warning ? 'warning' : 'info';
      this.notify(kind, params.message, {});
    });
    return client;
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    try {
      await client.dispose(STOP_TIMEOUT_MS);
    } catch (error) {
      this.log.warn(`Stopping the server: ${String(error)}`);
    }
    this.status.setState('stopped', 'stopped');
  }

  private fail(message: string, options: { setting?: string; copy?: string }): void {
    this.failed = true;
    this.log.error(message);
    this.status.setState('error', message);
    this.notify('error', message, options);
  }

  /**
   * Shows a message as chrisStyle.showNotifications allows, with buttons that act on it. Logging it is the
   * caller's job (the server logs its own messages through window/logMessage).
   */
  private notify(kind: MessageKind, message: string, options: { setting?: string; copy?: string }): void {
    const level = readSettings(vscode.workspace.getConfiguration(SECTION)).settings.showNotifications;
    if (!shouldNotify(level, kind)) return;
    const buttons = [
      ...(options.setting ? ['Open Setting'] : []),
      ...(options.copy ? ['Copy Install Command'] : []),
      'Show Log',
    ];
    const show = kind === 'error' ? vscode.window.showErrorMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(message, ...buttons).then(async (choice) => {
      if (choice === 'Open Setting' && options.setting) {
        await vscode.commands.executeCommand('workbench.action.openSettings', options.setting);
      } else if (choice === 'Copy Install Command' && options.copy) {
        await vscode.env.clipboard.writeText(options.copy);
      } else if (choice === 'Show Log') {
        this.log.show();
      }
    });
  }
}

/**
 * A LanguageClient whose own error messages go to the log only: the manager shows one notification of its own,
 * saying what failed and what to do, instead of the client's generic ones ("couldn't create connection...").
 */
class QuietLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown): void {
    super.error(message, data, false);
  }

  override warn(message: string, data?: unknown): void {
    super.warn(message, data, false);
  }
}
