export interface BatchOptions {
  /** Batches running at once (the database connections this may hold). */
  concurrency: number;
  maxBatch: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups work that arrives together (docs/decisions/0140-intake-batches.md): an item arriving while
 * `concurrency` batches are running waits and goes with the others that arrived meanwhile in the next
 * batch; an item arriving when a slot is free runs at once, alone — nothing waits on a timer. When a
 * batch fails, its items run again one by one, so a bad item fails only its own caller.
 */
export class BatchRunner<I, O> {
  private queue: Waiting<I, O>[] = [];
  private inFlight = 0;
  /** Batches completed and the items in them (for tests and benchmarks). */
  readonly stats = { batches: 0, items: 0 };

  constructor(
    /** Returns one output per item, in the items' order. */
    private readonly work: (items: I[]) => Promise<O[]>,
    private readonly options: BatchOptions,
    private readonly onSplit?: (error: unknown, size: number) => void,
  ) {}

  run(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.execute(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async execute(batch: Waiting<I, O>[]): Promise<void> {
    let outputs: O[];
    try {
      outputs = await this.work(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      this.onSplit?.(error, batch.length);
      for (const w of batch) await this.execute([w]);
      return;
    }
    this.stats.batches++;
    this.stats.items += batch.length;
    batch.forEach((w, i) => w.resolve(outputs[i]!));
  }
}
