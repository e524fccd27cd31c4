// The status bar item: the server's state and the active file's CRITICAL count; a click shows the log.
import * as vscode from 'vscode';

import { countCritical } from './critical';
import { type ServerState, statusText } from './statusText';

export type { ServerState } from './statusText';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: ServerState = 'stopped';
  private detail = '';

  constructor() {
    this.item = vscode.window.createStatusBarItem('chrisStyle.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'chris-style';
    this.item.command = 'chrisStyle.showLog';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active !== undefined && event.uris.some((uri) => uri.toString() === active)) this.render();
      }),
    );
    this.render();
    this.item.show();
  }

  setState(state: ServerState, detail: string): void {
    this.state = state;
    this.detail = detail;
    this.render();
  }

  private render(): void {
    const document = vscode.window.activeTextEditor?.document;
    const critical = document === undefined ? 0 : countCritical(vscode.languages.getDiagnostics(document.uri));
    const file = document === undefined ? undefined : vscode.workspace.asRelativePath(document.uri);
    const shown = statusText(this.state, this.detail, critical, file);
    this.item.text = shown.text;
    this.item.tooltip = shown.tooltip;
    this.item.accessibilityInformation = { label: shown.label };
    this.item.backgroundColor = this.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.item.dispose();
  }
}
