/**
 * Small flow-control helpers of the import pipeline: bounded parallel map and a
 * bounded read-ahead between stages (backpressure: a stage runs at most `depth` items
 * ahead of its consumer).
 */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Runs `source` up to `depth` items ahead of the consumer. */
export async function* readAhead<T>(source: AsyncIterator<T>, depth: number): AsyncGenerator<T> {
  const buffer: Promise<IteratorResult<T>>[] = [];
  let done = false;
  const pull = () => {
    const p = source.next();
    // Observed here so a rejection while buffered is not "unhandled"; rethrown on await below.
    p.catch(() => undefined);
    buffer.push(p);
  };
  try {
    for (let i = 0; i < depth; i++) pull();
    while (!done) {
      const r = await buffer.shift()!;
      if (r.done) {
        done = true;
        break;
      }
      pull();
      yield r.value;
    }
  } finally {
    if (!done) await source.return?.(undefined);
  }
}

export async function* mapAsync<T, R>(
  source: AsyncIterable<T>,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  for await (const item of source) yield await fn(item);
}
