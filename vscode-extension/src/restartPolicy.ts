// How often a crashed server is started again before the extension gives up. No 'vscode' import.

// A crash now and then (a bug hit by one file) deserves a restart; a server that dies every time it starts
// must not flash notifications forever. Three crashes inside three minutes is "every time".
export const MAX_CRASHES = 3;
export const CRASH_WINDOW_MS = 3 * 60 * 1000;

export class CrashTracker {
  private crashes: number[] = [];

  constructor(
    private readonly maxCrashes: number = MAX_CRASHES,
    private readonly windowMs: number = CRASH_WINDOW_MS,
  ) {}

  /** Records a crash at `now`; true while the server should be started again. */
  shouldRestart(now: number): boolean {
    this.crashes = this.crashes.filter((time) => now - time < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length <= this.maxCrashes;
  }

  reset(): void {
    this.crashes = [];
  }
}
