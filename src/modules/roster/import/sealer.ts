import { Worker } from 'node:worker_threads';
import { masterKeyForWorker, type Secrets } from '../../../core/secrets.ts';
import { sealIdentity, type SealedIdentity } from '../personal-data.ts';
import { parseSealedColumns, sealedColumns, sealedKey } from './sealed-text.ts';

export interface SealRequest {
  seq: number;
  /** Raw ID number and phone cells as the sheet has them. */
  rows: [string, string][];
}
export interface SealResponse {
  seq: number;
  /**
   * One line per requested row: the normalised ID number and phone that were sealed (the main thread uses
   * the result only if its checks normalised the same), then the sealed columns (`sealed-text.ts`);
   * empty when the ID number could not be read.
   */
  lines: string;
}

// Small chunks: the first write batch waits only for its own rows, not for a tenth of the file.
const chunkSize = 2_500;
/** Below this, a worker costs more to start than the encryption it saves. */
export const backgroundSealingFrom = 2_000;

/**
 * Encrypts a roster's ID numbers and phones on a worker thread while the main thread checks the rows
 * (AES-GCM and the blind-index HMAC are a third of a large import's CPU time). Results are looked up by
 * row; anything the worker sealed differently from what the checks accepted is sealed again here.
 * The worker may be started before the file is parsed (its start-up then overlaps the parse) and given
 * the rows with `seal` afterwards.
 */
export class BackgroundSealer {
  private readonly worker: Worker;
  private readonly results: (string | undefined)[] = [];
  private readonly split: (string[] | undefined)[] = [];
  private finished: Promise<void> = Promise.resolve();
  private readonly indexOf = new Map<number, number>();
  private readonly arrivals: { promise: Promise<void>; resolve: () => void }[] = [];
  private failed: ((error: Error) => void) | null = null;

  constructor(private readonly secrets: Secrets, rows?: { rowNumber: number; idNumber: string; phone: string }[]) {
    this.worker = new Worker(new URL('./seal-worker.mjs', import.meta.url), { workerData: new Uint8Array(masterKeyForWorker(secrets)) });
    this.worker.on('message', (response: SealResponse) => {
      this.results[response.seq] = response.lines;
      this.arrivals[response.seq]?.resolve();
    });
    this.worker.on('error', (error) => this.failed?.(error));
    // Nothing to wait for before `seal`; afterwards an early exit fails the chunks still missing.
    this.worker.on('exit', (code) => this.failed?.(new Error(`sealing worker exited with ${code}`)));
    if (rows) this.seal(rows);
  }

  /** Hands the rows to the worker; call once. */
  seal(rows: { rowNumber: number; idNumber: string; phone: string }[]): void {
    rows.forEach((r, i) => this.indexOf.set(r.rowNumber, i));
    const chunks = Math.ceil(rows.length / chunkSize);
    for (let seq = 0; seq < chunks; seq++) {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      this.arrivals.push({ promise, resolve });
    }
    this.finished = new Promise<void>((resolve, reject) => {
      this.failed = (error) => (this.results.filter((r) => r !== undefined).length < chunks ? reject(error) : resolve());
      void Promise.all(this.arrivals.map((a) => a.promise)).then(() => resolve());
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
  sealedFor(rowNumber: number, idNumber: string, phone: string | null): SealedIdentity {
    const columns = this.workerColumns(rowNumber, idNumber, phone);
    return columns === undefined ? sealIdentity(this.secrets, idNumber, phone) : parseSealedColumns(columns);
  }

  /** The same as COPY text columns (`sealed-text.ts`), without taking the worker's answer apart. */
  sealedColumnsFor(rowNumber: number, idNumber: string, phone: string | null): string {
    return this.workerColumns(rowNumber, idNumber, phone) ?? sealedColumns(sealIdentity(this.secrets, idNumber, phone));
  }

  private workerColumns(rowNumber: number, idNumber: string, phone: string | null): string | undefined {
    const index = this.indexOf.get(rowNumber) ?? -1;
    if (index < 0) return undefined;
    const seq = Math.floor(index / chunkSize);
    let lines = this.split[seq];
    if (!lines) {
      const text = this.results[seq];
      if (text === undefined) return undefined;
      lines = this.split[seq] = text.split('\n');
    }
    const line = lines[index % chunkSize]!;
    const key = sealedKey(idNumber, phone);
    return line.startsWith(key) ? line.slice(key.length) : undefined;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
