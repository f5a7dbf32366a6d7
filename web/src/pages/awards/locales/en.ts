import type zhCN from './zh-CN.ts';

/** The awards pages' strings in English; the keys follow zh-CN.ts. */
const awards: typeof zhCN = {
  menu: { group: 'Awards', campaigns: 'Award campaigns', mine: 'My awards' },
  kind: { family: 'Most beautiful family', stairwell: 'Most beautiful stairwell', courtyard: 'Most beautiful courtyard' },
  method: { score: 'Score (1–5 stars)', rankedChoice: 'Ranked choice' },
  status: { nominating: 'Nominating', voting: 'Voting', tied: 'Tied, to be settled', published: 'Published' },
  nominationStatus: { nominated: 'To review', accepted: 'Shortlisted', declined: 'Declined', winner: 'Winner', notChosen: 'Not chosen' },
  campaign: {
    title: 'Award campaigns', pick: 'Choose a campaign', none: 'No award campaigns yet', create: 'New campaign', created: 'Campaign created', community: 'Community code', kind: 'Kind',
    year: 'Year', name: 'Title', method: 'Method', winners: 'Awards', yearOf: '{year}', places: '{n} awards',
    openVote: 'Open the vote', voteDays: 'Days to vote', closeVote: 'Close and publish', motion: 'Open the motion', votes: 'Voting is open; residents vote under “My votes”.',
  },
  nominations: {
    title: 'Nominations', label: 'Nominee', reason: 'Reason', status: 'Status', by: 'By', staff: 'Staff', resident: 'Resident', accept: 'Shortlist', decline: 'Decline',
    empty: 'No nominations yet', nominee: 'Nominee code', total: 'Total', ratings: 'Ratings',
  },
  nominate: {
    title: 'Nominate', stairwell: 'Stairwell', room: 'Room', roomHint: 'e.g. 301', reason: 'Reason', agreedName: 'Name to publish (with the family’s consent; optional)', submit: 'Nominate', done: 'Nomination sent',
    waiting: 'Nomination sent; staff will review it', pickStairwell: 'Choose a stairwell',
  },
  tie: { title: 'Tie', explain: 'The last {n} award(s) are tied. Pick among the tied and say how it was settled.', note: 'How it was settled (e.g. review panel, drawing lots)', settle: 'Confirm winners', tied: 'Tied' },
  winners: { title: 'Winners', none: 'Published when the vote closes', note: 'Tie settled: {note}' },
  mine: {
    title: 'Award campaigns', empty: 'No award campaigns in your community', back: 'Back', vote: 'Vote', voteHint: 'One vote per household: score or rank the shortlist under “My votes”.', nominees: 'Shortlist',
    waitTie: 'A tie: the winners are published once staff settle it.',
  },
};

export default awards;
