import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestApp } from '../../../../../test/support/app.ts';

/** Small helpers for the councils API tests. */
export function client(app: TestApp) {
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, cookie: string | null, payload?: object) =>
    app.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const ok = async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, cookie: string | null, payload?: object, status = method === 'POST' ? 201 : 200): Promise<T> => {
    const res = await call(method, url, cookie, payload);
    assert.equal(res.statusCode, status, `${method} ${url} → ${res.body}`);
    return res.json() as T;
  };
  return { call, ok };
}

export interface RosterPerson { id: string; name: string; householdCode: string }

/** Residents of the roster under a community, first of each household (and the household of `username`, first). */
export async function residentsOf(app: TestApp, community: string, n: number, username?: string): Promise<RosterPerson[]> {
  const own = username ? app.demo!.accounts.find((a) => a.username === username)!.unitCode : '';
  const { rows } = await sql<RosterPerson>`
    SELECT DISTINCT ON (h.code) r.id, r.name, h.code AS "householdCode" FROM residents r JOIN households h ON h.id = r.household_id
    WHERE h.code LIKE ${`${community}%`} ORDER BY h.code, r.household_role = 'head' DESC, r.id`.execute(app.core.db.kysely);
  const mine = rows.filter((r) => r.householdCode === own);
  return [...mine, ...rows.filter((r) => r.householdCode !== own)].slice(0, n);
}
