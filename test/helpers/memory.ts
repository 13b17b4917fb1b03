import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * The most memory that `fn` keeps reachable at once (V8 heap plus Buffers), sampled every 50 ms
 * right after a full garbage collection. Peak RSS is no measure of "held in memory": how much
 * garbage V8 lets pile up before collecting depends on the Node version and the machine (Node
 * 24 sizes its young generation by the machine's memory and grew RSS by over 100 MB on a 100 MB
 * body that is never held whole). What is still reachable after a collection is.
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const retained = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

export async function peakRetained<T>(fn: () => Promise<T>): Promise<{ result: T; growthMiB: number }> {
  const base = retained();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, retained());
  }, 50);
  try {
    const result = await fn();
    peak = Math.max(peak, retained());
    return { result, growthMiB: (peak - base) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}
