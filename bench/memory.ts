/**
 * How large an account the rule evaluates in one run within a Lambda memory size: the bundled rule in a fresh
 * `node` with the heap limits Lambda's Node.js runtime sets for that size, against the local endpoint (real
 * time, 1 ms per call, no throttling). It fits when it finishes and its peak RSS stays within the memory size
 * (Lambda ends a function that uses more).
 *
 * The limits: the runtime's bootstrap derives V8's from AWS_LAMBDA_FUNCTION_MEMORY_SIZE (MB): new space = size
 * / 64, --max-semi-space-size = new space / 2, --max-old-space-size = size − new space. (As the bootstrap script
 * of the Lambda Node.js base images reads; not checked against AWS here, which this benchmark cannot reach.)
 */
import type { MemoryRecord } from './results.ts';

/** V8's heap limits (MB) for a Lambda memory size (MB). */
export const lambdaHeapFlags = (memoryMB: number): { readonly oldSpaceMB: number; readonly semiSpaceMB: number } => {
  const newSpace = Math.floor(memoryMB / 64);
  return { oldSpaceMB: memoryMB - newSpace, semiSpaceMB: Math.max(1, Math.floor(newSpace / 2)) };
};

/**
 * For every memory size, the sizes it fits, ascending, until one does not: a size that fits a smaller memory is
 * not run again for a larger one (more heap does not make the same run fail), and one that did not fit a memory
 * size is not tried at the larger sizes of the same memory.
 */
export const measureMemory = async (
  memorySizes: readonly number[],
  clusterCounts: readonly number[],
  runAt: (
    clusters: number,
    flags: ReturnType<typeof lambdaHeapFlags>,
  ) => Promise<{ peakRssMB: number } | { error: string }>,
  log: (line: string) => void,
): Promise<MemoryRecord[]> => {
  const records: MemoryRecord[] = [];
  const fitsSmaller = new Map<number, number>();
  for (const memoryMB of memorySizes) {
    const flags = lambdaHeapFlags(memoryMB);
    for (const clusters of clusterCounts) {
      const base = { memoryMB, maxOldSpaceMB: flags.oldSpaceMB, maxSemiSpaceMB: flags.semiSpaceMB, clusters };
      const known = fitsSmaller.get(clusters);
      if (known !== undefined) {
        records.push({ ...base, fits: true, peakRssMB: known });
        continue;
      }
      const outcome = await runAt(clusters, flags);
      const fits = 'peakRssMB' in outcome && outcome.peakRssMB <= memoryMB;
      const record: MemoryRecord =
        'peakRssMB' in outcome
          ? {
              ...base,
              fits,
              peakRssMB: outcome.peakRssMB,
              ...(fits ? {} : { reason: `peak RSS ${outcome.peakRssMB} MB above ${memoryMB} MB` }),
            }
          : { ...base, fits: false, reason: outcome.error };
      records.push(record);
      log(
        `${String(memoryMB).padStart(5)} MB  ${String(clusters).padStart(6)} clusters  ${fits ? 'fits' : `does not fit: ${record.reason}`}`,
      );
      if (!fits) break;
      fitsSmaller.set(clusters, record.peakRssMB ?? 0);
    }
  }
  return records;
};
