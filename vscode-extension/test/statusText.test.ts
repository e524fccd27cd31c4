import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { statusText } from '../src/statusText';

test('WHEN the server runs AND the file has CRITICAL diagnostics THEN the item counts them with a warning icon', () => {
  assert.deepEqual(statusText('running', 'PATH: /usr/bin/python3', 2, 'pkg/a.py'), {
    text: '$(warning) chris-style 2 CRITICAL',
    tooltip: 'chris-style: running (PATH: /usr/bin/python3)\n2 CRITICAL in pkg/a.py\nClick to show the log.',
    label: 'chris-style running 2 CRITICAL',
  });
});

test('WHEN the server runs AND nothing is CRITICAL THEN the item shows a check mark without a count', () => {
  assert.equal(statusText('running', '', 0, 'a.py').text, '$(check) chris-style');
});

test('WHEN the server failed THEN the state is in the label AND no count is shown', () => {
  const shown = statusText('error', 'chris-style is not installed', 3);
  assert.deepEqual([shown.text, shown.label], ['$(error) chris-style', 'chris-style error']);
});
