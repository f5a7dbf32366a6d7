import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { TestApp } from '../../../../../test/support/app.ts';
import { runTallyCli } from '../../tally/index.ts';

export interface MotionView {
  id: string;
  state: string;
  phase: string;
  rollSize: number | null;
  outcome: string | null;
  passed: boolean | null;
  selected: string[] | null;
  myVote: { voterId: string; votedAt: string | null; choice: unknown } | null;
}

export function client(app: TestApp) {
  const call = async (method: 'GET' | 'POST', url: string, cookie: string | null, payload?: object) =>
    app.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  return {
    get: (url: string, cookie: string | null) => call('GET', url, cookie),
    post: (url: string, cookie: string | null, payload: object = {}) => call('POST', url, cookie, payload),
  };
}

export const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** The demo's resident account of Xishan, their household and building. */
export function xishanResident(app: TestApp) {
  const account = app.demo!.accounts.find((a) => a.username === 'resident-xishan')!;
  const household = app.demo!.households.find((h) => h.code === account.unitCode)!;
  const building = app.demo!.buildings.find((b) => b.code === household.buildingCode)!;
  const community = app.demo!.accounts.find((a) => a.username === 'xishan')!.unitCode;
  const gridWorker = app.demo!.accounts.find((a) => a.role === 'gridWorker' && building.microGridCode.startsWith(a.unitCode))!;
  const neighbours = app.demo!.households.filter((h) => h.buildingCode === building.code && h.code !== household.code);
  return { account, household, building, community, gridWorker, neighbours };
}

/** Recounts a published tally file with the CLI, exactly as an owner would, and returns what it printed. */
export async function recount(file: unknown, ...argv: string[]): Promise<Record<string, unknown>> {
  const path = join(mkdtempSync(join(tmpdir(), 'gz-tally-')), 'vote.json');
  writeFileSync(path, JSON.stringify(file));
  let out = '';
  let err = '';
  const sink = (write: (s: string) => void) => new Writable({ write(chunk, _enc, done) { write(String(chunk)); done(); } });
  const code = await runTallyCli([path, ...argv], sink((s) => (out += s)), sink((s) => (err += s)));
  assert.equal(code, 0, err);
  return JSON.parse(out) as Record<string, unknown>;
}

/** The published result and a CLI recount of the published tally file must say the same thing. */
export async function assertRecountMatches(app: TestApp, motionId: string): Promise<Record<string, unknown>> {
  const { get } = client(app);
  const result = (await get(`/api/motions/${motionId}/result`, null)).json() as Record<string, unknown>;
  const fileRes = await get(`/api/motions/${motionId}/tally.json`, null);
  assert.equal(fileRes.statusCode, 200);
  const printed = await recount(fileRes.json());
  const { motionId: _m, title: _t, closedAt: _c, ...published } = result;
  assert.deepEqual(printed, published);
  return result;
}

export function pdfPages(body: Buffer): number {
  assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(body.subarray(-1024).toString('latin1').includes('%%EOF'));
  return (body.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}
