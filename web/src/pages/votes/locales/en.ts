import type { Messages } from '../../../locales/zh-CN.ts';

const votes: Messages['votes'] = {
  menu: { group: 'Votes', motions: 'Motions', motion: 'Motion', mine: 'My votes' },
  method: { civilCode278: 'Owners (Civil Code art. 278)', simpleMajority: 'Simple majority', approvalSelect: 'Pick N of many', rankedChoice: 'Ranked choice', score: 'Score' },
  electorate: { owners: 'Owners (area and heads)', households: 'One vote per household', body: 'Members of a body', attendees: 'Members present' },
  phase: { draft: 'Draft', announced: 'Announced, not open yet', open: 'Open', counting: 'Closed, awaiting count', closed: 'Closed', cancelled: 'Cancelled' },
  channel: { web: 'Web', paper: 'Paper', doorToDoor: 'Door to door' },
  choice: { yes: 'Yes', no: 'No', abstain: 'Abstain' },
  outcome: { PASSED: 'Passed', FAILED_QUORUM: 'Failed: participation', FAILED_APPROVAL: 'Failed: approval', NO_ELECTORATE: 'No electorate', ELECTED: 'Elected', TIE: 'Tie', PARTIAL: 'Seats unfilled', NO_BALLOTS: 'No valid ballots' },
  list: { title: 'Motions', create: 'New motion', empty: 'No motions', name: 'Motion', method: 'Counting', phase: 'State', closesAt: 'Closes', secret: 'Secret' },
  form: {
    title: 'Title', text: 'Text', method: 'Counting method', rule: 'Counting rule (JSON)', ruleHint: 'As in docs/tally.md, without roll, ballots and deadline',
    electorate: 'Electorate', electorateCode: 'Scope code (building, stairwell or grid)', scopeCode: 'Owning unit code', secret: 'Secret ballot', opensAt: 'Opens', closesAt: 'Closes', created: 'Draft created',
  },
  motion: {
    announce: 'Announce and freeze the roll', announced: 'Announced; the roll is frozen', close: 'Close and count', closeConfirm: 'Close voting now and count?', cancel: 'Cancel', closed: 'Counted',
    roll: 'Roll', rollSize: '{size} on the roll, {voted} voted', voter: 'Voter', voted: 'Voted at', channel: 'Channel', area: 'Area (m²)',
    enter: 'Enter a paper or door-to-door ballot', enterVoter: 'Voter', enterChannel: 'Channel', spoiled: 'Spoiled', submit: 'Enter', entered: 'Entered',
    ballots: 'Ballots received', enteredBy: 'Entered by', superseded: 'Superseded', effective: 'Effective',
    result: 'Result', explanation: 'How it was counted', papers: 'Print ballot papers', notice: 'Result notice', tallyFile: 'Tally file (recount it)', noResult: 'Results are published after the vote closes',
  },
  mine: {
    title: 'My votes', empty: 'No votes concern you', vote: 'Vote', change: 'Change my vote', submit: 'Submit', voted: 'Voted at {at}', notVoted: 'Not voted yet',
    receipt: 'Your receipt code (keep it; you need it to change your vote):', receiptCode: 'Receipt code', thanks: 'Vote recorded', result: 'Result', pick: 'At most {max}', rank: 'Rank', score: 'Score',
    notOnRoll: 'Your household is not on the roll of this motion', back: 'Back',
  },
};

export default votes;
