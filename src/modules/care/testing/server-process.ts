/**
 * A Gongzhi server in a child process, started as `npm start` starts it (`src/main.ts`), for the
 * two-process test and `npm run bench:care`. Ready when `/api/health` answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { subscriberClientIds } from '../mqtt.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const running = new Set<ChildProcess>();
// A test or bench that dies must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The job runner's id in `jobs_done.worker`. */
  workerId: string;
  /** SIGTERM, then the broker forgets the session. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: the broker keeps the session (and queues for it) until `stop`. */
  kill(): Promise<void>;
}

export interface ServerOptions {
  dataDir: string;
  databaseUrl?: string;
  brokerUrl: string;
  clientId: string;
  env?: Record<string, string>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Ends the broker's persistent sessions of a server's connections (they outlive the process otherwise). */
export async function forgetSessions(brokerUrl: string, clientId: string): Promise<void> {
  await Promise.all(subscriberClientIds(clientId).map(async (id) => {
    const client = await mqtt.connectAsync(brokerUrl, { clientId: id, clean: true, reconnectPeriod: 0, connectTimeout: 5000 }).catch(() => null);
    await client?.endAsync();
  }));
}

export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: options.dataDir, DATABASE_URL: options.databaseUrl ?? '', DEMO: '0',
      MQTT_URL: options.brokerUrl, MQTT_CLIENT_ID: options.clientId, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', ...options.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  // Warnings and errors only (LOG_LEVEL), passed through so a failing run says why.
  child.stdout!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.startsWith('{')) process.stderr.write(`[server ${child.pid}] ${line}\n`);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  let workerId = '';
  while (!workerId) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited early (${child.exitCode ?? child.signalCode})`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server did not become ready within 120 s');
    }
    const health = await fetch(`${url}/api/health`).then((r) => (r.ok ? (r.json() as Promise<{ worker: string }>) : null), () => null);
    if (health) workerId = health.worker;
    else await new Promise((r) => setTimeout(r, 200));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited(child);
    clearTimeout(timer);
  };
  return {
    child, url, workerId,
    stop: async () => {
      await end('SIGTERM');
      await forgetSessions(options.brokerUrl, options.clientId);
    },
    kill: () => end('SIGKILL'),
  };
}
