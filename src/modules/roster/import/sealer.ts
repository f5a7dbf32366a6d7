import { Worker } from 'node:worker_threads';
import { masterKeyForWorker, type Secrets } from '../../../core/secrets.ts';
import { sealIdentity, type SealedIdentity } from '../personal-data.ts';
import { parseSealedColumns, sealedColumns, sealedKey } from './sealed-text.ts';

export interface SealRequest {
  seq: number;
  /**
   * Raw ID number and phone cells as the sheet has them, `id\tphone` per line: one string crosses to the
   * worker far faster than a tuple per row. A tab or line break inside a cell becomes a space; the main
   * thread uses only what the worker sealed from the values its own checks accepted.
   */
  rows: string;
}

const separators = /[\t\n]/g;
const requestCell = (cell: string) => (cell.includes('\t') || cell.includes('\n') ? cell.replace(separators, ' ') : cell);

/** `SealRequest.rows` of these rows. */
export function encodeRequestRows(rows: readonly { idNumber: string; phone: string }[]): string {
  let text = '';
  for (let i = 0; i < rows.length; i++) text += `${i === 0 ? '' : '\n'}${requestCell(rows[i]!.idNumber)}\t${requestCell(rows[i]!.phone)}`;
  return text;
}

/** The rows of a request, as `SealRequest.rows` carries them. */
export function requestRows(rows: string): [string, string][] {
  return rows.split('\n').map((line) => {
    const tab = line.indexOf('\t');
    return [line.slice(0, tab), line.slice(tab + 1)];
  });
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
export const sealChunkSize = 1_250;

/**
 * Encrypts a roster's ID numbers and phones on a worker thread while the main thread checks the rows
 * (AES-GCM and the blind-index HMAC are a third of a large import's CPU time). Rows are handed over as
 * they are read (`seal`, any number of times), in chunks; results are looked up by row, and anything the
 * worker sealed differently from what the checks accepted is sealed again here. The worker may be
 * started before the file is opened: its start-up then overlaps the unpacking.
 */
export class BackgroundSealer {
  private readonly worker: Worker;
  private readonly results: (string | undefined)[] = [];
  private readonly split: (string[] | undefined)[] = [];
  /** Row number → seq × sealChunkSize + place in its chunk (chunks may be short). */
  private readonly indexOf = new Map<number, number>();
  private readonly arrivals: Promise<void>[] = [];
  private readonly resolvers: (() => void)[] = [];
  private failure: Error | null = null;
  /** Settles (never rejects) when the worker fails: waiting rows are then sealed on this thread. */
  private readonly failed: Promise<void>;

  constructor(private readonly secrets: Secrets, rows?: { rowNumber: number; idNumber: string; phone: string }[]) {
    this.worker = new Worker(new URL('./seal-worker.mjs', import.meta.url), { workerData: new Uint8Array(masterKeyForWorker(secrets)) });
    this.worker.on('message', (response: SealResponse) => {
      this.results[response.seq] = response.lines;
      this.resolvers[response.seq]?.();
    });
    let fail = (_error: Error) => {};
    this.failed = new Promise<void>((resolve) => {
      fail = (error) => {
        this.failure ??= error;
        resolve();
      };
    });
    this.worker.on('error', fail);
    // After close() the exit is expected; before it, chunks still missing are sealed here.
    this.worker.on('exit', (code) => fail(new Error(`sealing worker exited with ${code}`)));
    if (rows) this.seal(rows);
  }

  /** Hands rows to the worker; rows it has already had are left out (an import run again). */
  seal(all: { rowNumber: number; idNumber: string; phone: string }[]): void {
    const rows = all.filter((r) => !this.indexOf.has(r.rowNumber));
    for (let from = 0; from < rows.length; from += sealChunkSize) {
      const seq = this.arrivals.length;
      const chunk = rows.slice(from, from + sealChunkSize);
      chunk.forEach((r, i) => this.indexOf.set(r.rowNumber, seq * sealChunkSize + i));
      this.arrivals.push(new Promise<void>((resolve) => (this.resolvers[seq] = resolve)));
      const request: SealRequest = { seq, rows: encodeRequestRows(chunk) };
      this.worker.postMessage(request);
    }
  }

  /** Waits until the row's chunk is sealed (or the worker failed: then `sealedFor` seals here). */
  async waitFor(rowNumber: number): Promise<void> {
    const index = this.indexOf.get(rowNumber);
    if (index === undefined) return;
    const seq = Math.floor(index / sealChunkSize);
    if (this.results[seq] !== undefined) return;
    await Promise.race([this.arrivals[seq], this.failed]);
  }

  /** Waits for every chunk handed over so far; rejects if the worker failed before sealing them. */
  async done(): Promise<void> {
    await Promise.race([Promise.all(this.arrivals), this.failed]);
    if (this.results.filter((r) => r !== undefined).length < this.arrivals.length) throw this.failure ?? new Error('sealing worker failed');
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
    const index = this.indexOf.get(rowNumber);
    if (index === undefined) return undefined;
    const seq = Math.floor(index / sealChunkSize);
    let lines = this.split[seq];
    if (!lines) {
      const text = this.results[seq];
      if (text === undefined) return undefined;
      lines = this.split[seq] = text.split('\n');
    }
    const line = lines[index % sealChunkSize]!;
    const key = sealedKey(idNumber, phone);
    return line.startsWith(key) ? line.slice(key.length) : undefined;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
