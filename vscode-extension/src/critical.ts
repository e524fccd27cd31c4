// The status bar's count: the active file's CRITICAL chris-style diagnostics. No 'vscode' import.

export const DIAGNOSTIC_SOURCE = 'chris-style';

/** The parts of a vscode.Diagnostic read here; languageclient keeps the LSP `data` on its diagnostics. */
export interface DiagnosticLike {
  source?: string;
  message: string;
  data?: unknown;
}

// The server writes the priority in front of every message: "[CRITICAL] Public function `run` has ...".
const MESSAGE_PRIORITY = /^\[(CRITICAL|PREFERRED|OBSERVED)\]/;

/** The guide priority of one of our diagnostics: from `data.priority` when present, else the message. */
export function priorityOf(diagnostic: DiagnosticLike): string | undefined {
  const data = diagnostic.data;
  if (typeof data === 'object' && data !== null) {
    const priority = (data as { priority?: unknown }).priority;
    if (typeof priority === 'string') return priority.toUpperCase();
  }
  return MESSAGE_PRIORITY.exec(diagnostic.message)?.[1];
}

export function countCritical(diagnostics: readonly DiagnosticLike[]): number {
  return diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && priorityOf(d) === 'CRITICAL').length;
}
