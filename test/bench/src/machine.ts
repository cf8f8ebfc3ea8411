import { readdirSync, readFileSync } from 'node:fs';

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

export interface CpuAccount {
  /**
   * Counts the CPU time of these processes, their live descendants and their
   * reaped children as the bench's (servers and services the bench started and
   * is about to stop). Call once per set, just before stopping them.
   */
  charge(pids: readonly number[]): void;
  stop(benchPids: readonly number[]): CpuShare | undefined;
}

export function startCpuAccount(): CpuAccount {
  const machineBefore = machineTicks();
  const selfBefore = processTicks(process.pid) ?? 0;
  let charged = 0;
  return {
    charge(pids) {
      const tree = new Set<number>();
      for (const pid of pids) for (const member of withDescendants(pid)) tree.add(member);
      for (const pid of tree) charged += processTicks(pid, true) ?? 0;
    },
    stop(benchPids) {
      const machineAfter = machineTicks();
      if (!machineBefore || !machineAfter) return undefined;
      const total = machineAfter.total - machineBefore.total;
      const busy = machineAfter.busy - machineBefore.busy;
      // Other bench processes (the clients worker) started after the first sample: all their time counts.
      const bench = benchPids.reduce((sum, pid) => sum + (processTicks(pid) ?? 0), 0) - selfBefore + charged;
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

/** utime + stime of a process (+ cutime + cstime of its reaped children), in clock ticks (the unit of /proc/stat). */
function processTicks(pid: number, withReapedChildren = false): number | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  const own = Number(fields[11]) + Number(fields[12]);
  return withReapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own;
}

/** Fields of /proc/{pid}/stat after the command name (which may hold spaces), from field 3 (state) on. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/** The process and every live descendant. */
function withDescendants(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const pid of allPids()) {
    const ppid = Number(statFields(pid)?.[1]);
    if (!Number.isInteger(ppid)) continue;
    const children = parents.get(ppid);
    if (children) children.push(pid);
    else parents.set(ppid, [pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push(pid);
    queue.push(...(parents.get(pid) ?? []));
  }
  return found;
}

/** Live processes whose command line (argv) matches, e.g. the postmaster of a port or a redis-server. */
export function findPids(matches: (args: readonly string[]) => boolean): number[] {
  const found: number[] = [];
  for (const pid of allPids()) {
    try {
      if (matches(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'))) found.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** The servers of a test PostgreSQL and Redis on these ports (postmaster `… -p PORT`, `redis-server 127.0.0.1:PORT`). */
export function serverPids(ports: { postgres?: number; redis?: number }): number[] {
  return findPids((args) => {
    const command = args[0] ?? '';
    if (ports.postgres !== undefined && command.endsWith('postgres')) {
      const flag = args.indexOf('-p');
      return flag >= 0 && args[flag + 1] === String(ports.postgres);
    }
    return ports.redis !== undefined && command.startsWith('redis-server') && command.endsWith(`:${ports.redis}`);
  });
}
