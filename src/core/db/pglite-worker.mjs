// @ts-check
/**
 * Runs PGlite on its own thread and serves it over a Unix socket with the PostgreSQL wire protocol.
 * PGlite executes each query on the calling thread; kept here, a slow query never blocks the HTTP
 * server or the timers on the main thread (see docs/decisions/0003-embedded-database.md).
 * Plain JavaScript because Node 20 does not apply the parent's TypeScript loader to worker threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** @type {{ dataDir: string | null, socketPath: string, loadDataDir?: Uint8Array }} */
const input = workerData;
const db = new PGlite({
  ...(input.dataDir ? { dataDir: input.dataDir } : {}),
  ...(input.loadDataDir ? { loadDataDir: new Blob([input.loadDataDir], { type: 'application/x-tar' }) } : {}),
});
await db.waitReady;
const server = new PGLiteSocketServer({ db, path: input.socketPath, maxConnections: 64 });
await server.start();
parentPort?.postMessage({ type: 'ready' });

parentPort?.on('message', (/** @type {{ type: string }} */ message) => {
  if (message.type === 'dump') {
    // A migrated database packed as a tarball: tests start each file from it instead of running initdb.
    void db.exec('CHECKPOINT').then(() => db.dumpDataDir('none')).then(async (file) => {
      parentPort?.postMessage({ type: 'dumped', bytes: new Uint8Array(await file.arrayBuffer()) });
    });
    return;
  }
  if (message.type !== 'close') return;
  void (async () => {
    await server.stop();
    await db.close();
    parentPort?.postMessage({ type: 'closed' });
  })();
});
