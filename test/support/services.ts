import type { TestContext } from 'node:test';
import net from 'node:net';

/**
 * Tests that need a real service (PostgreSQL, the MQTT broker) call this first. In CI a missing
 * service fails the test loudly; on a developer's machine the test says what was not run and why.
 */
export async function needService(t: TestContext, name: string, host: string, port: number): Promise<boolean> {
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
  if (reachable) return true;
  const message = `${name} is not reachable at ${host}:${port}`;
  if (process.env.CI) throw new Error(`${message}: CI must provide it (see .ci/run)`);
  t.skip(`${message}; this test was NOT run`);
  return false;
}

/** The PostgreSQL server used by tests that always need one (several processes on one database). */
export const postgresUrl = process.env.TEST_DATABASE_URL || process.env.PG_TEST_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
}
