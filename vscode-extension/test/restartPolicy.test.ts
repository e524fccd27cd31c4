import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { CrashTracker } from '../src/restartPolicy';

test('WHEN the server crashes more than the limit inside the window THEN it is not restarted again', () => {
  const tracker = new CrashTracker(3, 1000);
  assert.deepEqual([0, 10, 20, 30].map((now) => tracker.shouldRestart(now)), [true, true, true, false]);
});

test('WHEN old crashes leave the window THEN restarts are allowed again', () => {
  const tracker = new CrashTracker(1, 1000);
  assert.deepEqual([0, 500, 2000].map((now) => tracker.shouldRestart(now)), [true, false, true]);
});

test('WHEN the tracker is reset THEN earlier crashes no longer count', () => {
  const tracker = new CrashTracker(1, 1000);
  tracker.shouldRestart(0);
  tracker.reset();
  assert.equal(tracker.shouldRestart(1), true);
});
