import { readFileSync } from 'node:fs';

/**
 * How busy the machine was during the run, and how much of that was the bench
 * itself (this process and its clients worker), from /proc (Linux; elsewhere
 * `undefined`). Other work on the same cores makes every figure pessimistic,
 * so the report says when it happened.
 */
export interface CpuShare {
  /** Share of the machine's total CPU capacity that was busy, 0..1. */
  readonly busy: number;
  /** Share used by the bench processes. */
  readonly bench: number;
  /** Share used by anything else. */
  readonly others: number;
}

export function startCpuAccount(): { stop(benchPids: readonly number[]): CpuShare | undefined } {
  const machineBefore = machineTicks();
  const selfBefore = processTicks(process.pid) ?? 0;
  return {
    stop(benchPids) {
      const machineAfter = machineTicks();
      if (!machineBefore || !machineAfter) return undefined;
      const total = machineAfter.total - machineBefore.total;
      const busy = machineAfter.busy - machineBefore.busy;
      // Other bench processes (the clients worker) started after the first sample: all their time counts.
      const bench = benchPids.reduce((sum, pid) => sum + (processTicks(pid) ?? 0), 0) - selfBefore;
      if (total <= 0) return undefined;
      return { busy: busy / total, bench: Math.min(busy, bench) / total, others: Math.max(0, busy - bench) / total };
    },
  };
}

function machineTicks(): { total: number; busy: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    return { total, busy: total - idle - iowait };
  } catch {
    return undefined;
  }
}

/** utime + stime of a process, in clock ticks (the unit of /proc/stat). */
function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}
