import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface EmbeddedServer {
  /** Directory holding the socket: pass as `host` to `pg`. */
  socketDir: string;
  port: number;
  /** The whole database as a tarball (PGlite's dumpDataDir). */
  dump(): Promise<Uint8Array>;
  close(): Promise<void>;
}

const socketPort = 5432;

/**
 * Starts PGlite in a worker thread. `dataDir` null keeps the database in memory (tests).
 * The socket lives in a short temporary directory because Unix socket paths are limited to ~107 bytes.
 */
export async function startEmbedded(dataDir: string | null, loadDataDir?: Uint8Array): Promise<EmbeddedServer> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const socketDir = mkdtempSync(join(tmpdir(), 'gz-'));
  const socketPath = join(socketDir, `.s.PGSQL.${socketPort}`);
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir, socketPath, loadDataDir },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { type: string }) => (m.type === 'ready' ? resolve() : reject(new Error(m.type))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`PGlite worker exited with code ${code}`)));
  });
  worker.on('error', (error) => {
    // The database thread is gone: nothing can be served correctly any more.
    console.error('embedded database failed', error);
    process.exitCode = 1;
  });
  return {
    socketDir,
    port: socketPort,
    async dump() {
      const dumped = new Promise<Uint8Array>((resolve) => {
        const onMessage = (m: { type: string; bytes?: Uint8Array }) => {
          if (m.type !== 'dumped' || !m.bytes) return;
          worker.off('message', onMessage);
          resolve(m.bytes);
        };
        worker.on('message', onMessage);
      });
      worker.postMessage({ type: 'dump' });
      return dumped;
    },
    async close() {
      const closed = new Promise<void>((resolve) =>
        worker.on('message', (m: { type: string }) => m.type === 'closed' && resolve()),
      );
      worker.postMessage({ type: 'close' });
      await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
      await worker.terminate();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
