import type zhCN from './zh-CN.ts';

const projects: typeof zhCN = {
  menu: { group: 'Livelihood projects', projects: 'Double-five' },
  constituency: { partyMember: 'Party members', localResident: 'Local residents', newResident: 'New residents', none: 'Open' },
  status: { collecting: 'Collecting proposals', deliberating: 'Deliberation', voting: 'Voting', tied: 'Tied, to settle', published: 'Published', reviewing: 'Completion review', closed: 'Done' },
  proposalStatus: { submitted: 'Proposed', onBallot: 'On the ballot', withdrawn: 'Withdrawn', chosen: 'Chosen', notChosen: 'Not chosen', carriedOver: 'Carried over' },
  projectStatus: { underway: 'Under way', inReview: 'Under review', accepted: 'Accepted', notAccepted: 'Not accepted', active: 'Running', renewalPending: 'Renewal vote', ended: 'Ended', proposed: 'Before the assembly', rejected: 'Rejected' },
  source: { resident: 'Resident', case: 'Case', meeting: 'Meeting', staff: 'Community', carriedOver: 'Carried over' },
  round: {
    title: 'Double-five projects', pick: 'Year', year: '{year}', none: 'No rounds yet', create: 'Open a year', community: 'Community code', council: 'Representative assembly (council id)',
    seats: 'Seats', seat: '{label}: {count}', created: 'Opened', deliberate: 'Start deliberation', openVote: 'Open the vote', closeVote: 'Close and publish',
    review: 'Start completion review', next: 'Open next year', closesAt: 'Vote closes', done: 'Done', tieNote: 'Tie settled: {note}',
  },
  public: { title: 'Public board' },
  tabs: { proposals: 'Proposals', results: 'Results', progress: 'Progress' },
  proposals: {
    title: 'Project', source: 'Source', constituency: 'Constituency', status: 'Status', stances: 'For / against', add: 'Propose', description: 'Description', sourceRef: 'Case number or meeting',
    onBallot: 'Put on ballot', offBallot: 'Take off ballot', empty: 'No proposals yet', added: 'Submitted', comment: 'Comment', for: 'For', against: 'Against', neutral: 'Neutral', body: 'Comment',
  },
  results: { total: 'Total', chosen: 'Chosen', ballots: 'Ballots: {text}', none: 'Results are published when the vote closes', rank: 'Rank' },
  progress: {
    percent: 'Progress', milestones: 'Milestones', reports: 'Reports', report: 'Report progress', note: 'Note', photos: 'Photo URLs (one a line)', addMilestone: 'Add milestone', milestone: 'Milestone',
    dueOn: 'Due', doneOn: 'Done on', photo: 'Photo {n}', markDone: 'Mark done', none: 'No projects yet', saved: 'Saved',
  },
};

export default projects;
