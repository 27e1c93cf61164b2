import { readFileSync } from 'node:fs';

/**
 * Waits until the machine's CPUs are nearly idle, from /proc/stat (Linux;
 * elsewhere it returns at once): other work on a shared machine would
 * otherwise be measured along with ours. At most 5 s a time and `budgetMs`
 * in all; `busy` counts the runs that started on a busy machine.
 */
export function quietWaiter(budgetMs: number): { wait(): void; readonly busy: number } {
  const state = { budgetMs, busy: 0 };
  const sample = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3]! + f[4]!, total: f.reduce((a, b) => a + b, 0) };
  };
  return {
    get busy() {
      return state.busy;
    },
    wait() {
      const pause = new Int32Array(new SharedArrayBuffer(4));
      const start = Date.now();
      const until = start + Math.min(5_000, state.budgetMs);
      try {
        for (;;) {
          const a = sample();
          Atomics.wait(pause, 0, 0, 250);
          const b = sample();
          if (1 - (b.idle - a.idle) / Math.max(1, b.total - a.total) < 0.1) break;
          if (Date.now() >= until) {
            state.busy++;
            break;
          }
        }
      } catch {
        // no /proc/stat
      }
      state.budgetMs = Math.max(0, state.budgetMs - (Date.now() - start));
    },
  };
}
