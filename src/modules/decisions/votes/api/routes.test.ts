import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../../test/support/app.ts';
import { assertRecountMatches, client, minutesFromNow, pdfPages, xishanResident, type MotionView } from './testkit.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

async function announced(cookie: string, body: object): Promise<MotionView> {
  const { post } = client(app);
  const created = await post('/api/motions', cookie, body);
  assert.equal(created.statusCode, 201, created.body);
  const res = await post(`/api/motions/${(created.json() as MotionView).id}/announce`, cookie);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as MotionView;
}

test('an owners’ vote: frozen roll, web, paper and door-to-door ballots, re-votes, close, result, recount, PDFs', async () => {
  const { get, post } = client(app);
  const x = xishanResident(app);
  const staff = await app.login('xishan');
  const resident = await app.login('resident-xishan');
  const grid = await app.login(x.gridWorker.username);
  const body = {
    title: '加装电梯', text: '本楼加装电梯，费用按楼层分摊。', rule: { method: 'civilCode278', matter: 7 },
    electorate: { kind: 'owners', scopeCode: x.building.code }, scopeCode: x.community, opensAt: minutesFromNow(-1), closesAt: minutesFromNow(60),
  };
  const draft = await post('/api/motions', staff, body);
  assert.equal(draft.statusCode, 201, draft.body);
  const id = (draft.json() as MotionView).id;
  assert.equal((await get(`/api/motions/${id}`, null)).statusCode, 401, 'a draft is not public');
  assert.ok(!((await get('/api/motions', resident)).json() as { items: MotionView[] }).items.some((m) => m.id === id));
  assert.equal((await post(`/api/motions/${id}/announce`, resident)).statusCode, 403);

  const motion = (await post(`/api/motions/${id}/announce`, staff)).json() as MotionView;
  assert.equal(motion.state, 'announced');
  assert.equal(motion.phase, 'open');
  const units = x.neighbours.length + 1;
  assert.equal(motion.rollSize, units);
  const publicRoll = (await get(`/api/motions/${id}/roll`, null)).json() as { size: number; entries: { voterId: string; label: string; votedAt?: string }[] };
  assert.equal(publicRoll.size, units);
  const names = new Set(app.demo!.residents.map((r) => r.name));
  for (const e of publicRoll.entries) {
    assert.ok(!('votedAt' in e), 'the public roll does not say who voted');
    assert.ok(!e.label.split(' ').some((w) => names.has(w)), `label ${e.label} shows a full name`);
  }
  assert.ok(((await get('/api/motions', resident)).json() as { items: MotionView[] }).items.some((m) => m.id === id));

  assert.equal((await post(`/api/motions/${id}/vote`, resident, { choice: 'no' })).statusCode, 201);
  const again = await post(`/api/motions/${id}/vote`, resident, { choice: 'yes' });
  assert.equal(again.statusCode, 201);
  assert.equal((again.json() as { replaces: boolean }).replaces, true);
  assert.equal((await post(`/api/motions/${id}/vote`, resident, { choice: 'maybe' })).statusCode, 422);
  const [n1, n2, n3] = x.neighbours;
  assert.equal((await post(`/api/motions/${id}/ballots`, staff, { voterId: n1!.code, channel: 'paper', choice: 'yes' })).statusCode, 201);
  assert.equal((await post(`/api/motions/${id}/ballots`, grid, { voterId: n2!.code, channel: 'doorToDoor', choice: 'abstain' })).statusCode, 201);
  assert.equal((await post(`/api/motions/${id}/ballots`, staff, { voterId: n3!.code, channel: 'paper', spoiled: true })).statusCode, 201);
  const outsider = await post(`/api/motions/${id}/ballots`, staff, { voterId: 'no-such-unit', channel: 'paper', choice: 'yes' });
  assert.equal(outsider.statusCode, 422);
  assert.equal(outsider.json().code, 'votes.problem.notOnRoll');
  assert.equal((await post(`/api/motions/${id}/ballots`, resident, { voterId: n1!.code, channel: 'paper', choice: 'no' })).statusCode, 403);
  const otherResident = await app.login('resident-xinjie');
  assert.equal((await post(`/api/motions/${id}/vote`, otherResident, { choice: 'yes' })).statusCode, 403);

  assert.equal((await get(`/api/motions/${id}/result`, staff)).statusCode, 409, 'no result before close');
  const list = (await get(`/api/motions/${id}/ballots`, staff)).json() as { items: { voterId: string; channel: string; enteredBy: string; superseded: boolean; choice: unknown }[] };
  assert.equal(list.items.length, 5);
  assert.ok(list.items.every((b) => b.choice === null), 'no choices, so no running totals, before close');
  assert.equal(list.items.filter((b) => b.superseded).length, 1);
  assert.deepEqual(list.items.filter((b) => b.voterId === n2!.code).map((b) => [b.channel, b.enteredBy]), [['doorToDoor', x.gridWorker.username]]);
  const mine = (await get(`/api/motions/${id}`, resident)).json() as MotionView;
  assert.equal(mine.myVote?.choice, 'yes');

  const papers = await get(`/api/motions/${id}/ballots.pdf`, staff);
  assert.equal(papers.headers['content-type'], 'application/pdf');
  assert.equal(pdfPages(papers.rawPayload), units, 'one ballot paper per unit on the roll');

  const closing = await post(`/api/motions/${id}/close`, staff);
  assert.equal(closing.statusCode, 200, closing.body);
  const closed = closing.json() as MotionView;
  assert.equal(closed.state, 'closed');
  assert.equal(closed.outcome, 'FAILED_QUORUM', '3 of the units voted');
  assert.equal((await post(`/api/motions/${id}/vote`, resident, { choice: 'no' })).statusCode, 409, 'after close');
  const result = await assertRecountMatches(app, id);
  const ballots = result.ballots as { received: number; effective: number; superseded: unknown[]; rejected: { reason: string }[]; byChannel: Record<string, number> };
  assert.deepEqual([ballots.received, ballots.effective, ballots.superseded.length], [5, 3, 1]);
  assert.deepEqual(ballots.rejected.map((r) => r.reason), ['SPOILED']);
  assert.deepEqual(ballots.byChannel, { web: 2, paper: 2, doorToDoor: 1 });
  assert.ok((result.explanation as { text: string }[]).every((s) => !s.text.includes('{')));
  const notice = await get(`/api/motions/${id}/notice.pdf`, null);
  assert.equal(notice.statusCode, 200);
  assert.ok(pdfPages(notice.rawPayload) >= 1);
  const after = (await get(`/api/motions/${id}/ballots`, staff)).json() as { items: { choice: unknown }[] };
  assert.ok(after.items.some((b) => b.choice === 'yes'), 'choices of a named vote are shown after close');
});

test('a secret vote keeps no link from a choice to a voter, and a voter changes it only with their receipt code', async () => {
  const { get, post } = client(app);
  const x = xishanResident(app);
  const staff = await app.login('xishan');
  const resident = await app.login('resident-xishan');
  const rule = { method: 'approvalSelect', options: [{ id: 'P1', title: '修路' }, { id: 'P2', title: '路灯' }, { id: 'P3', title: '健身角' }], seats: [{ count: 1 }], maxApprovals: 2 };
  const m = await announced(staff, {
    title: '微实事项目', rule, secret: true, electorate: { kind: 'households', scopeCode: x.building.code }, scopeCode: x.community,
    opensAt: minutesFromNow(-1), closesAt: minutesFromNow(60),
  });
  const first = await post(`/api/motions/${m.id}/vote`, resident, { choice: ['P1'] });
  assert.equal(first.statusCode, 201, first.body);
  const code = (first.json() as { receiptCode: string }).receiptCode;
  assert.match(code, /^[2-9A-Z]{4}(-[2-9A-Z]{4}){4}$/);
  assert.equal((await post(`/api/motions/${m.id}/vote`, resident, { choice: ['P2'] })).statusCode, 409, 'a change needs the receipt code');
  assert.equal((await post(`/api/motions/${m.id}/vote`, resident, { choice: ['P2'], receiptCode: 'AAAA-BBBB-CCCC-DDDD-EEEE' })).statusCode, 403);
  assert.equal((await post(`/api/motions/${m.id}/vote`, resident, { choice: ['P2', 'P3'], receiptCode: code.toLowerCase() })).statusCode, 201);
  assert.equal((await post(`/api/motions/${m.id}/vote`, resident, { choice: ['P1', 'P2', 'P3'], receiptCode: code })).statusCode, 422, 'more than maxApprovals');
  for (const n of x.neighbours.slice(0, 3)) {
    assert.equal((await post(`/api/motions/${m.id}/ballots`, staff, { voterId: n.code, channel: 'paper', choice: ['P2'] })).statusCode, 201);
  }
  // Nothing an operator reads links a choice to a voter: the box has no voter and no time, the receipts no choice.
  const { rows } = await sql<{ table_name: string; column_name: string }>`SELECT table_name, column_name FROM information_schema.columns WHERE table_name IN ('ballot_box', 'ballot_receipts')`.execute(app.core.db.kysely);
  const columns = (t: string) => rows.filter((r) => r.table_name === t).map((r) => r.column_name);
  assert.ok(!columns('ballot_box').some((c) => /voter|_at$|time|entered/.test(c)), columns('ballot_box').join());
  assert.ok(!columns('ballot_receipts').some((c) => /choice|receipt_hash/.test(c)));
  const { rows: named } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ballots WHERE motion_id = ${m.id}`.execute(app.core.db.kysely);
  assert.equal(named[0]!.n, 0);
  const list = (await get(`/api/motions/${m.id}/ballots`, staff)).json() as { secret: boolean; items: Record<string, unknown>[] };
  assert.equal(list.secret, true);
  assert.ok(list.items.every((i) => !('choice' in i)));
  const mine = (await get(`/api/motions/${m.id}`, resident)).json() as MotionView;
  assert.ok(mine.myVote?.votedAt);
  assert.equal(mine.myVote?.choice, null);

  await post(`/api/motions/${m.id}/close`, staff);
  const result = await assertRecountMatches(app, m.id);
  assert.equal(result.outcome, 'ELECTED');
  assert.deepEqual(result.selected, ['P2']);
  const file = (await get(`/api/motions/${m.id}/tally.json`, null)).json() as { voters: { id: string }[]; ballots: { voter: string }[] };
  assert.equal(file.voters.length, x.neighbours.length + 1);
  const roll = new Set([x.household.code, ...x.neighbours.map((n) => n.code)]);
  assert.ok(file.voters.every((v) => !roll.has(v.id)) && file.ballots.every((b) => /^s\d+$/.test(b.voter)), 'pseudonyms only');
  assert.equal((result.ballots as { superseded: unknown[] }).superseded.length, 1);
});

test('bad motions are refused with every problem; a Civil Code count cannot be secret', async () => {
  const { post } = client(app);
  const x = xishanResident(app);
  const staff = await app.login('xishan');
  const res = await post('/api/motions', staff, {
    title: '维修资金', rule: { method: 'civilCode278', matter: 12 }, secret: true, electorate: { kind: 'households', scopeCode: x.building.code },
    scopeCode: x.community, opensAt: minutesFromNow(10), closesAt: minutesFromNow(5),
  });
  assert.equal(res.statusCode, 422);
  const pointers = (res.json() as { errors: { pointer: string; message: string }[] }).errors.map((e) => e.pointer).sort();
  assert.deepEqual(pointers, ['/body/closesAt', '/body/electorate/kind', '/body/rule/matter', '/body/secret']);
  const outside = await post('/api/motions', await app.login('xinjie'), {
    title: 'x', rule: { method: 'simpleMajority', quorum: { atLeast: '1/2' } }, electorate: { kind: 'households', scopeCode: x.building.code },
    scopeCode: x.community, opensAt: minutesFromNow(1), closesAt: minutesFromNow(5),
  });
  assert.equal(outside.statusCode, 403, 'another community’s staff cannot create a motion here');
});

test('the closing timer closes the motion at its deadline and the subject’s listener runs in the closing transaction', async () => {
  const x = xishanResident(app);
  const heard: { passed: boolean; subject: string }[] = [];
  app.modules.motions.onOutcome('testSubject', async (outcome, tx) => {
    const { rows } = await sql<{ state: string }>`SELECT state FROM motions WHERE id = ${outcome.motionId}`.execute(tx);
    assert.equal(rows[0]!.state, 'closed', 'the listener sees the closing transaction');
    heard.push({ passed: outcome.passed, subject: outcome.subject!.id });
  });
  const db = app.core.db.kysely;
  const id = await db.transaction().execute(async (tx) => {
    const { id } = await app.modules.motions.createMotion({
      title: '议题一', rule: { method: 'rankedChoice', options: [{ id: 'A' }, { id: 'B' }] }, electorate: { kind: 'households', scopeCode: x.building.code },
      scopeCode: x.community, subject: { kind: 'testSubject', id: 'item-1' }, opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 1500).toISOString(),
    }, 'test', tx);
    await app.modules.motions.announce(id, 'test', tx);
    return id;
  });
  const { post } = client(app);
  assert.equal((await post(`/api/motions/${id}/vote`, await app.login('resident-xishan'), { choice: ['B', 'A'] })).statusCode, 201);
  await new Promise((r) => setTimeout(r, 1600));
  assert.equal((await post(`/api/motions/${id}/vote`, await app.login('resident-xishan'), { choice: ['A'] })).statusCode, 409, 'after the deadline');
  assert.ok((await app.core.jobs.drain()) >= 1);
  assert.deepEqual(heard, [{ passed: true, subject: 'item-1' }]);
  const m = (await client(app).get(`/api/motions/${id}`, null)).json() as MotionView;
  assert.deepEqual([m.state, m.selected], ['closed', ['B']]);
});
