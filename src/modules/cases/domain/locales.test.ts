import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasKey, locales, t } from '../../../core/i18n.ts';
import type { CaseErrorCode, CaseStatus, Outcome } from './types.ts';

// Records keyed by the unions make the compiler fail when a code is added without a message.
const errorCodes: Record<CaseErrorCode, true> = {
  caseExists: true, caseNotFound: true, wrongCase: true, outOfOrder: true, invalidTransition: true,
  notResponsible: true, notChecked: true, reasonRequired: true, outcomeRequired: true, notARater: true,
  alreadyRated: true, notAReporter: true, transferPending: true, noTransferPending: true,
  notTransferTarget: true, transferToSelf: true, extensionPending: true, noExtensionPending: true,
  extensionTooLate: true, extensionNotLater: true, deadlineInvalid: true, duplicateOfSelf: true,
  invalidScore: true, cannotApproveOwnRequest: true,
};
const statuses: Record<CaseStatus, true> = {
  accepted: true, verified: true, dispatched: true, handled: true, reportedBack: true, checked: true,
  closed: true, rated: true, returned: true, reopened: true, suspended: true,
};
const outcomes: Record<Outcome, true> = {
  resolved: true, explained: true, notOurResponsibility: true, cannotResolveNow: true, duplicate: true,
};
const notices = [
  'assigned', 'reportedBack', 'rework', 'reopened', 'returned', 'transferRequested', 'transferAccepted',
  'transferDeclined', 'extensionRequested', 'extensionGranted', 'extensionDenied', 'suspended', 'resumed',
  'reminder.case', 'reminder.step', 'escalated.case', 'escalated.step',
  ...Object.keys(outcomes).map((o) => `closed.${o}`),
];

test('every error code, status, outcome and notice has a message in both locales', () => {
  const keys = [
    ...Object.keys(errorCodes).map((c) => `cases.error.${c}`),
    ...Object.keys(statuses).map((s) => `cases.status.${s}`),
    ...Object.keys(outcomes).map((o) => `cases.outcome.${o}`),
    ...notices.map((n) => `cases.notice.${n}`),
  ];
  for (const locale of locales) for (const key of keys) assert.ok(hasKey(locale, key), `${locale} ${key}`);
});

test('messages fill their placeholders', () => {
  assert.equal(t('en', 'cases.error.extensionTooLate', { dueAt: '2025-03-06 17:30' }).includes('2025-03-06 17:30'), true);
  assert.equal(t('zh-CN', 'cases.error.notChecked').includes('{'), false);
});
