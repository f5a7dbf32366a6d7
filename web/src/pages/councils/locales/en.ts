import type { Messages } from '../../../locales/zh-CN.ts';

const councils: Messages['councils'] = {
  menu: { group: 'Deliberation', councils: 'Councils', council: 'Council', meeting: 'Meeting', checkin: 'Meeting check-in' },
  kind: {
    representativeAssembly: 'Representative assembly', council: 'Council', adviceHall: 'Advice hall', ownersAssembly: 'Owners’ assembly', ownersCommittee: 'Owners’ committee',
    sevenPlusX: '7+X estate council', buildingCouncil: 'Building council', gridCouncil: 'Grid council',
  },
  constituency: { partyMember: 'Party member', localResident: 'Local resident', newResident: 'New resident' },
  status: { scheduled: 'Notice pending', noticed: 'Noticed', closed: 'Closed', cancelled: 'Cancelled' },
  itemStatus: { pending: 'Not yet voted', voting: 'Voting', decided: 'Decided', discussion: 'Discussion' },
  list: { status: 'Status', title: 'Councils', create: 'New council', name: 'Name', kind: 'Kind', scope: 'Placed at', scopeCode: 'Unit code', open: 'Open', empty: 'No councils' },
  council: {
    settings: 'Rules', noticeDays: 'Notice days', quorum: 'Quorum', monthlyDay: 'Monthly meeting day', standingSeats: 'Standing seats',
    terms: 'Terms', addTerm: 'Add term', termName: 'Term', startsOn: 'Starts', endsOn: 'Ends', openEnded: 'open',
    members: 'Members', addMember: 'Add member', fromRoster: 'Resident', outside: 'Outside person', search: 'Name, ID number or phone', pick: 'Pick',
    memberName: 'Name', note: 'Note', seat: 'Seat', standing: 'Standing', volunteer: 'Volunteer (X)', constituency: 'Constituency', title: 'Title', noSeat: 'No seat',
    meetings: 'Meetings', schedule: 'Schedule meeting', generate: 'Generate monthly meetings', months: 'Months', from: 'From month', meetingTitle: 'Title', startsAt: 'Starts at', place: 'Place',
    created: 'Created', generated: '{n} meetings generated',
  },
  meeting: {
    publicNotice: 'Public notice', agenda: 'Agenda', addItem: 'Add item', itemTitle: 'Item', itemText: 'Text', forVote: 'To be voted', electorate: 'Who votes',
    electorateAttendees: 'Members present', electorateBody: 'All members', offNotice: 'added after the notice: discussion only',
    notice: 'Notice', noticeText: 'Notice text', publishNotice: 'Publish notice', noticePublished: 'Notice published {at} ({days} days ahead)',
    checkin: 'QR check-in', qrHint: 'Members scan to check in; staff may check people in from the list below', quorum: 'Quorum', quorumLine: '{present} of {members} present, {required} needed',
    quorate: 'Quorate', notQuorate: 'Not quorate', live: 'live', present: 'Present', checkIn: 'Check in', volunteer: 'volunteer',
    putToVote: 'Put to the vote', closeVote: 'Close the vote', passed: 'Passed', failed: 'Not passed', result: '{yes} for, {no} against, {abstain} abstaining ({members} entitled)',
    closeMeeting: 'Close meeting', minutes: 'Minutes', generateMinutes: 'Generate minutes', saveMinutes: 'Save draft', publishMinutes: 'Publish minutes',
    minutesDraft: 'Draft (version {version})', minutesPublished: 'Published', saved: 'Saved', calendar: 'Subscribe to calendar',
  },
  checkin: { title: 'Meeting check-in', me: 'Check me in', done: 'Checked in', staffList: 'Check others in', notMember: 'You are not a member for this meeting', closed: 'Check-in is not open' },
};

export default councils;
