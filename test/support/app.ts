import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp, type App } from '../../src/app/build.ts';
import { loadDemo } from '../../src/app/demo-loader.ts';
import type { DemoData } from '../../src/modules/demo/index.ts';
import type { LoginPolicy } from '../../src/modules/access/service.ts';
import { freshDatabase } from './database.ts';

export interface TestApp extends App {
  /** Base URL when started with `listen: true`. */
  url: string;
  demo: DemoData | null;
  /** Signs in and returns the session cookie header value. */
  login(username: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  /** Load the demo county at this scale (1 = full); omit for an empty tree. */
  demoScale?: number;
  listen?: boolean;
  runJobs?: boolean;
  loginPolicy?: LoginPolicy;
}

/** A whole Gongzhi on a fresh database, as `npm start` builds it. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'gz-test-'));
  const built = await buildApp({
    db: database.db,
    config: { dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent', demo: false },
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    runJobs: options.runJobs ?? false,
    ...(options.loginPolicy ? { loginPolicy: options.loginPolicy } : {}),
  });
  const demo = options.demoScale ? await loadDemo(built.modules, { scale: options.demoScale }) : null;
  let url = '';
  if (options.listen) {
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const address = built.app.server.address();
    url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  }
  return {
    ...built,
    url,
    demo,
    async login(username, password) {
      const pw = password ?? demo?.accounts.find((a) => a.username === username)?.password ?? '';
      const res = await built.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: pw } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'gz_session');
      return `gz_session=${cookie!.value}`;
    },
    async stop() {
      await built.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
