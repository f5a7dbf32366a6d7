import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Selectable } from 'kysely';
import type { MotionRule } from '../contracts.ts';
import { countTally, parseTallyFile } from '../tally/index.ts';
import { secretFile } from './box.ts';
import { tallyFile } from './rule.ts';
import type { VotesTables } from './tables.ts';

type BoxRow = Selectable<VotesTables['ballot_box']>;
const rule: MotionRule = { method: 'approvalSelect', options: [{ id: 'P1' }, { id: 'P2', constituency: 'newResident' }], seats: [{ count: 1, constituency: 'newResident' }, { count: 1 }] };
const motion = { opens_at: new Date('2026-03-01T00:00:00Z') } as Selectable<VotesTables['motions']>;
const box = (id: string, choice: string[], hash: string | null, revision: number, constituency: string | null, superseded = false): BoxRow =>
  ({ id, motion_id: 'm', choice, channel: 'web', constituency, receipt_hash: hash, revision, spoiled: false, superseded });

test('a secret tally file names pseudonyms only, keeps each constituency’s size, and counts the latest revision', () => {
  const roll = [
    { voterId: 'H1', label: '', constituency: 'localResident' },
    { voterId: 'H2', label: '', constituency: 'localResident' },
    { voterId: 'H3', label: '', constituency: 'newResident' },
    { voterId: 'H4', label: '', constituency: 'newResident' },
  ];
  const rows = [
    box('b3', ['P1'], 'h1', 0, 'localResident', true),
    box('a1', ['P2'], 'h1', 1, 'localResident'),
    box('c9', ['P2'], 'h2', 0, 'newResident'),
  ];
  const { roll: pseudo, ballots } = secretFile(motion, rule, roll, rows);
  assert.equal(pseudo.length, 4);
  assert.ok(pseudo.every((p) => /^[sn]\d+$/.test(p.voterId)));
  assert.deepEqual(pseudo.map((p) => p.constituency).sort(), ['localResident', 'localResident', 'newResident', 'newResident']);
  const chainVoter = ballots.filter((b) => b.id === 'a1' || b.id === 'b3').map((b) => b.voter);
  assert.equal(new Set(chainVoter).size, 1, 'a voter’s replacements stay one voter');
  const parsed = parseTallyFile(tallyFile('t', rule, pseudo, ballots, '2026-03-02T00:00:00Z'));
  assert.ok(parsed.ok);
  const result = countTally(parsed.request);
  assert.equal(result.method, 'approvalSelect');
  if (result.method !== 'approvalSelect') return;
  assert.equal(result.ballots.effective, 2);
  assert.deepEqual(result.ballots.superseded.map((b) => b.id), ['b3']);
  assert.deepEqual(result.options.find((o) => o.id === 'P2')?.byConstituency, { localResident: 1, newResident: 1 });
});
