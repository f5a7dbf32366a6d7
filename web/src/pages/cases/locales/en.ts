import type { CasesMessages } from './zh-CN.ts';

const cases: CasesMessages = {
  menu: { group: 'Cases', inbox: 'Inbox', map: 'Hot spots', indicators: 'Indicators', report: 'Report a matter' },
  status: {
    accepted: 'Accepted', verified: 'Verified on site', dispatched: 'Dispatched', handled: 'Handled', reportedBack: 'Reported back', checked: 'Checked',
    closed: 'Closed', rated: 'Rated', returned: 'Returned', reopened: 'Reopened for rework', suspended: 'Suspended',
  },
  channel: { app: 'Resident app', hotline: 'Hotline', visit: 'Household visit', council: 'Council', device: 'Device', open311: 'Open311' },
  outcome: { resolved: 'Resolved', explained: 'Explained', notOurResponsibility: 'Not our responsibility', cannotResolveNow: 'Cannot be resolved now', duplicate: 'Duplicate' },
  affair: { government: 'Government affair', resident: 'Resident affair' },
  priority: { normal: 'Normal', raised: 'Raised', urgent: 'Urgent' },
  unitKind: { microGrid: 'Micro-grid', grid: 'Grid', community: 'Community', propertyCompany: 'Property company', street: 'Street', countyDepartment: 'County department' },
  common: {
    number: 'Number', category: 'Category', channel: 'Channel', status: 'Status', place: 'Place', due: 'Due', responsible: 'Responsible',
    overdue: 'Overdue', dueIn: '{d} left', overdueBy: '{d} overdue', days: '{n} d', hours: '{n} h', minutes: '{n} min',
    all: 'All', open: 'Open', noPlace: 'No coordinates', allCategories: 'All categories',
  },
  inbox: {
    mine: 'For my units', scope: 'Everything in scope', statusFilter: 'Status', overdueOnly: 'Overdue only', openTotal: '{n} open', overdueTotal: '{n} overdue',
    summary: 'Matter', empty: 'No cases', openCase: 'Open',
  },
  detail: {
    title: 'Case', description: 'Matter', affair: 'Government / resident affair', priority: 'Priority', signers: 'Joint letter', signersValue: '{n} signers · {h} households',
    followers: 'Followers', reporter: 'Reporter', createdAt: 'Accepted at', stepDue: 'Current step due', outsideGrid: 'Outside every grid',
    escalations: 'Escalations', rework: 'Rework', outcome: 'Outcome', timeline: 'Timeline', photos: 'Photos', before: 'Before', after: 'After',
    other: 'Other', noPhotos: 'No photos', map: 'Place', actions: 'What you can do', noActions: 'Nothing for you to do now', by: '{who}',
    system: 'System', deadline: 'due {at}', pendingTransfer: 'Transfer offered to {to}', extension: 'Extension {status}, until {until}',
    extensionStatus: { requested: 'requested', granted: 'granted', denied: 'denied' }, back: 'Back to the inbox', signersList: 'Signers',
  },
  action: {
    verify: 'Verify', dispatch: 'Dispatch', handle: 'Start handling', reportBack: 'Report back', check: 'Check', close: 'Close', rate: 'Rate', reject: 'Not satisfied: reopen',
    return: 'Return', requestTransfer: 'Request transfer', acceptTransfer: 'Accept transfer', declineTransfer: 'Decline transfer', requestExtension: 'Request extension',
    grantExtension: 'Grant extension', denyExtension: 'Deny extension', suspend: 'Suspend', resume: 'Resume', markDuplicate: 'Mark duplicate',
    done: 'Done: {action}', submit: 'Submit',
  },
  form: {
    reason: 'Reason', reasonRequired: 'Please give a reason', outcome: 'Outcome', note: 'Note', to: 'Target unit code', toHint: 'Code of a grid, micro-grid, community or street; empty: your own unit handles it',
    handler: 'Handler', passed: 'Result', pass: 'Passed', fail: 'Failed: rework', until: 'Extend until', satisfied: 'Satisfied?', yes: 'Satisfied', no: 'Not satisfied',
    score: 'Score', of: 'Number of the case it duplicates', photos: 'Photos after', onBehalf: 'On behalf of the reporter (return call)',
  },
  map: {
    title: 'Open cases', points: '{n} cases', heat: 'Heat', markers: 'Markers', legendHot: 'Hot spot', overdue: 'Overdue', byCategory: 'By category',
  },
  indicators: {
    title: 'Case indicators', from: 'From', to: 'To', groupBy: 'Group by', period: 'Period', refresh: 'Compute', group: {
      all: 'Total', unit: 'Unit', level: 'Level', worker: 'Handler', category: 'Category', affair: 'Affair',
    },
    periodKind: { month: 'Monthly', week: 'Weekly', day: 'Daily' },
    received: 'Received', closed: 'Closed', closeRate: 'Close rate', onTimeCloseRate: 'On-time close rate', reworkRate: 'Rework rate', satisfactionRate: 'Satisfaction',
    dispatchMean: 'Mean time to dispatch', dispatchP90: 'P90 time to dispatch', closeMean: 'Mean time to close', closeP90: 'P90 time to close',
    counts: 'Received and closed', rates: 'Rates', trend: 'Trend', durations: 'Durations (hours)', table: 'Figures', total: 'Total', none: '—',
  },
  report: {
    title: 'Report a matter', mine: 'My matters', category: 'Category', categoryPlaceholder: 'Choose a category', description: 'Description', descriptionPlaceholder: 'What is wrong (when, where, what)',
    photos: 'Photos', addPhoto: 'Add photo', place: 'Place', pickOnMap: 'Tap the map to pick the place', picked: 'Picked {lng}, {lat}', address: 'or type an address', addressFound: 'Placed at {place}; tap the map to adjust', addressNotFound: 'No registered estate or building in this address: tap the map',
    addressPlaceholder: 'e.g. entrance of building 3, unit 2', contact: 'Contact', name: 'Name', phone: 'Mobile', submit: 'Submit', submitted: 'Submitted as {number}',
    similarTitle: 'Similar matters nearby', similarHint: 'These may be the same matter; you can still submit yours', similarItem: '{number} · {status} · about {m} m',
    continueSubmit: 'Submit anyway', required: 'Choose a category and describe the matter', placeRequired: 'Pick the place on the map or type an address', empty: 'You have not reported anything yet',
    rate: 'Rate', rateTitle: 'Are you satisfied with the result?', rated: 'Rated', satisfied: 'Satisfied', unsatisfied: 'Not satisfied', rejectReason: 'Please say why you are not satisfied',
    thanks: 'Thank you for your rating', reopened: 'Sent back for rework', photoFailed: 'Photo upload failed: {name}', viewCase: 'Details',
  },
  notifications: { title: 'Notifications', readAll: 'Mark all read', empty: 'No notifications', read: 'Read', unread: 'Unread' },
};

export default cases;
