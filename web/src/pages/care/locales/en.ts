import type zhCN from './zh-CN.ts';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export default {
  menu: 'Visits & hours',
  title: 'Visits and service hours',
  subtitle: 'High risk weekly, key monthly, others quarterly; volunteer hours approved by a coordinator',
  tabs: { visits: 'Due visits', hours: 'Service hours' },
  col: { address: 'Address', name: 'Name', tier: 'Risk tier', lastVisit: 'Last visit', due: 'Due', stage: 'State', actions: 'Actions', volunteer: 'Volunteer', source: 'Service', date: 'Date', minutes: 'Minutes', status: 'Status', reason: 'Reason' },
  tier: { high: 'High risk', key: 'Key', other: 'Other' },
  stage: { none: 'On schedule', grid: 'Overdue', community: 'Overdue, escalated' },
  never: 'Never visited',
  log: 'Log visit',
  logTitle: 'Log a visit: {name}',
  minutes: 'Duration (minutes)',
  findings: 'Findings',
  finding: { allWell: 'All well', unwell: 'Unwell', needsHelp: 'Needs help', homeHazard: 'Hazard at home', lonely: 'Lonely, wants company', needsRepair: 'Something needs repair' },
  notes: 'Notes',
  save: 'Save',
  saved: 'Visit logged; next visit due {due}',
  savedFar: 'Visit logged (far from the home on file: flagged)',
  source: { alarm: 'SOS response', visit: 'Home visit', meal: 'Meal round' },
  status: { pending: 'Pending', approved: 'Approved', declined: 'Declined' },
  approve: 'Approve',
  decline: 'Decline',
  declineTitle: 'Reason for declining',
  declineReason: 'Give a reason',
  decided: 'Decided',
  export: 'Export to Excel',
  totals: 'Totals: {approved} h approved, {pending} h pending, {declined} h declined',
  empty: 'Nothing here',
} satisfies Widen<typeof zhCN>;
