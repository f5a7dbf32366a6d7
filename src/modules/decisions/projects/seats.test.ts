import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBallot, checkSeats, defaultSeats, seatTotal } from './seats.ts';

const p = (constituency: string | null) => ({ constituency });

test('five a year by default: one per constituency and two open', () => {
  assert.equal(seatTotal(defaultSeats), 5);
  assert.equal(checkSeats(defaultSeats), null);
});

test('a ballot must be able to fill every seat', () => {
  const ballot = [p('partyMember'), p('localResident'), p('newResident'), p(null), p(null)];
  assert.equal(checkBallot(defaultSeats, ballot), null);
  assert.deepEqual(checkBallot(defaultSeats, ballot.slice(0, 4)), { code: 'ballotTooShort', params: { seats: 5, proposals: 4 } });
  assert.deepEqual(
    checkBallot(defaultSeats, [p('partyMember'), p('localResident'), p(null), p(null), p(null), p(null)]),
    { code: 'constituencyShort', params: { constituency: 'newResident', seats: 1, proposals: 0 } },
  );
});

test('seats are positive and name a constituency once', () => {
  assert.equal(checkSeats([])?.code, 'seatsInvalid');
  assert.equal(checkSeats([{ count: 0 }])?.code, 'seatsInvalid');
  assert.equal(checkSeats([{ constituency: 'newResident', count: 1 }, { constituency: 'newResident', count: 2 }])?.code, 'seatsInvalid');
  assert.equal(checkSeats([{ count: 5 }]), null);
});
