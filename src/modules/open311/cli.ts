import type { Writable } from 'node:stream';
import { createOpen311ApiKey } from './index.ts';

const usage = 'Usage: gongzhi api-key create --name NAME\n';

/** `gongzhi api-key create --name NAME`: issues an Open311 api_key against the configured database and prints it. */
export async function runApiKeyCli(args: string[], out: Writable, err: Writable): Promise<number> {
  const at = args.indexOf('--name');
  const name = at >= 0 ? args[at + 1]?.trim() : undefined;
  if (args[0] !== 'create' || !name || name.startsWith('--')) {
    err.write(usage);
    return 2;
  }
  const { buildApp } = await import('../../app/build.ts');
  const { pino } = await import('pino');
  const built = await buildApp({ runJobs: false, logger: pino({ level: 'warn' }) });
  try {
    const { username, key } = await createOpen311ApiKey(built.modules.access, name);
    out.write(`api_key for ${username} (shown once; keep it secret):\n${key}\n`);
    return 0;
  } finally {
    await built.close();
  }
}
