// What the status bar item says for a server state and a CRITICAL count. No 'vscode' import.

export type ServerState = 'starting' | 'running' | 'stopped' | 'disabled' | 'error';

const ICONS: Record<ServerState, string> = {
  starting: '$(sync~spin)',
  running: '$(check)',
  stopped: '$(circle-slash)',
  disabled: '$(circle-slash)',
  error: '$(error)',
};

export interface StatusText {
  text: string;
  tooltip: string;
  /** What a screen reader says (and what the end-to-end test reads). */
  label: string;
}

/**
 * The item's text: the state's icon, `chris-style`, and the active file's CRITICAL count when the server runs
 * and there is any. `file` is the active file's workspace-relative name, when there is one.
 */
export function statusText(state: ServerState, detail: string, critical: number, file?: string): StatusText {
  const counted = state === 'running' && critical > 0;
  const count = counted ? ` ${critical} CRITICAL` : '';
  const fileLine = state === 'running' && file !== undefined ? `\n${critical} CRITICAL in ${file}` : '';
  return {
    text: `${counted ? '$(warning)' : ICONS[state]} chris-style${count}`,
    tooltip: `chris-style: ${state}${detail ? ` (${detail})` : ''}${fileLine}\nClick to show the log.`,
    label: `chris-style ${state}${count}`,
  };
}
