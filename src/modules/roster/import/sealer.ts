import { Worker } from 'node:worker_threads';
import { masterKeyForWorker, type Secrets } from '../../../core/secrets.ts';
import { sealIdentity, type SealedIdentity } from '../personal-data.ts';

export interface SealRequest {
  seq: number;
  /** Raw ID number and phone cells as the sheet has them. */
  rows: [string, string][];
}
export interface SealedRow extends SealedIdentity {
  /** What was sealed, normalised: the main thread uses the result only if its checks normalised the same. */
  idNumber: string;
  phone: string | null;
}
export interface SealResponse {
  seq: number;
  sealed: (SealedRow | null)[];
}

const chunkSize = 10_000;
/** Below this, a worker costs more to start than the encryption it saves. */
export const backgroundSealingFrom = 2_000;

/**
 * Encrypts a roster's ID numbers and phones on a worker thread while the main thread checks the rows
 * (AES-GCM and the blind-index HMAC are a third of a large import's CPU time). Results are looked up by
 * row; anything the worker sealed differently from what the checks accepted is sealed again here.
 */
export class BackgroundSealer {
  private readonly worker: Worker;
  private readonly results: ((SealedRow | null)[] | undefined)[] = [];
  private readonly finished: Promise<void>;
  private readonly indexOf = new Map<number, number>();
  private readonly arrivals: { promise: Promise<void>; resolve: () => void }[] = [];

  constructor(private readonly secrets: Secrets, rows: { rowNumber: number; idNumber: string; phone: string }[]) {
    rows.forEach((r, i) => this.indexOf.set(r.rowNumber, i));
    this.worker = new Worker(new URL('./seal-worker.mjs', import.meta.url), { workerData: new Uint8Array(masterKeyForWorker(secrets)) });
    const chunks = Math.ceil(rows.length / chunkSize);
    for (let seq = 0; seq < chunks; seq++) {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      this.arrivals.push({ promise, resolve });
    }
    this.finished = new Promise<void>((resolve, reject) => {
      let pending = chunks;
      if (pending === 0) resolve();
      this.worker.on('message', (response: SealResponse) => {
        this.results[response.seq] = response.sealed;
        this.arrivals[response.seq]?.resolve();
        if (--pending === 0) resolve();
      });
      this.worker.on('error', reject);
      this.worker.on('exit', (code) => (pending > 0 ? reject(new Error(`sealing worker exited with ${code}`)) : resolve()));
    });
    // Awaited by done(); a worker failure only means sealing on this thread, never an unhandled rejection.
    this.finished.catch(() => undefined);
    for (let seq = 0; seq < chunks; seq++) {
      const request: SealRequest = { seq, rows: rows.slice(seq * chunkSize, (seq + 1) * chunkSize).map((r) => [r.idNumber, r.phone]) };
      this.worker.postMessage(request);
    }
  }

  /** Waits until the row's chunk is sealed (or the worker failed: then `sealedFor` seals here). */
  async waitFor(rowNumber: number): Promise<void> {
    const seq = Math.floor((this.indexOf.get(rowNumber) ?? 0) / chunkSize);
    const arrival = this.arrivals[seq];
    if (!arrival || this.results[seq]) return;
    await Promise.race([arrival.promise, this.finished.catch(() => undefined)]);
  }

  /** Waits for the worker; the sealer must be closed afterwards either way. */
  async done(): Promise<void> {
    await this.finished;
  }

  /** The sealed identity of a sheet row, checked against what the row checks accepted. */
  sealedFor(rowNumber: number, idNumber: string, phone: string | null, idHash?: string): SealedIdentity {
    const index = this.indexOf.get(rowNumber) ?? -1;
    const row = index < 0 ? undefined : this.results[Math.floor(index / chunkSize)]?.[index % chunkSize];
    if (row && row.idNumber === idNumber && row.phone === phone) {
      const { idNumber: _id, phone: _phone, ...identity } = row;
      return identity;
    }
    return sealIdentity(this.secrets, idNumber, phone, idHash);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
