import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { countCritical, priorityOf } from '../src/critical';

test('WHEN diagnostics mix sources and priorities THEN only chris-style CRITICAL ones count', () => {
  const diagnostics = [
    { source: 'chris-style', message: '[CRITICAL] Public function `run` has no return type annotation' },
    { source: 'chris-style', message: '[PREFERRED] Use a dataclass' },
    { source: 'pylint', message: '[CRITICAL] not ours' },
    { source: 'chris-style', message: 'Public function `x`', data: { priority: 'CRITICAL', code: 'CS202' } },
  ];
  assert.equal(countCritical(diagnostics), 2);
});

test('WHEN data and message disagree THEN data.priority wins', () => {
  assert.equal(priorityOf({ message: '[CRITICAL] x', data: { priority: 'observed' } }), 'OBSERVED');
});

test('WHEN there is no data and no prefix THEN the priority is unknown', () => {
  assert.equal(priorityOf({ message: 'Syntax error', data: 'opaque' }), undefined);
});
