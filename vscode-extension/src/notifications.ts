// chrisStyle.showNotifications: which messages pop up. No 'vscode' import.
import type { NotificationLevel } from './settings';

export type MessageKind = 'error' | 'warning' | 'info';

const LOWEST_SHOWN: Record<NotificationLevel, number> = { off: Infinity, onError: 2, onWarning: 1, always: 0 };
const RANK: Record<MessageKind, number> = { info: 0, warning: 1, error: 2 };

export function shouldNotify(level: NotificationLevel, kind: MessageKind): boolean {
  return RANK[kind] >= LOWEST_SHOWN[level];
}
