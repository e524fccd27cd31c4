import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { shouldNotify } from '../src/notifications';
import { NOTIFICATION_LEVELS } from '../src/settings';

test('WHEN each level meets each kind of message THEN only what the level allows pops up', () => {
  const table = NOTIFICATION_LEVELS.map((level) => [level, ...(['error', 'warning', 'info'] as const).map((kind) => shouldNotify(level, kind))]);
  assert.deepEqual(table, [
    ['off', false, false, false],
    ['onError', true, false, false],
    ['onWarning', true, true, false],
    ['always', true, true, true],
  ]);
});
