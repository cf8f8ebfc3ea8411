/**
 * The `peer` part of `npm run bench`: installs Emmett 0.42 on demand (see
 * `peer.ts`), starts a throwaway PostgreSQL, runs `peer.bench.ts` and adds its
 * figures to the report. A peer that cannot be installed or loaded skips the
 * part (or its half) with a note: the rest of the bench goes on.
 */
import { startPostgres } from '@catalyse/test-servers';
import { type CpuAccount, serverPids } from './machine';
import { loadPeer, type LoadedPeer } from './peer';
import { type Pair, peerBench, type PeerOptions, type PeerResult } from './peer.bench';
import { atLeast, type Report } from './report';
import { type Distribution } from './stats';

/** Catalyse must be at least this many times the peer, on appends and on reads. */
const PEER_RATIO = 3;

export const PEER: Omit<PeerOptions, 'url'> = {
  writers: 50,
  eventsPerWriter: 40,
  poolSize: 10, // Catalyse's default; Emmett's pool is a pg.Pool of pg's default size, 10 too
  sequential: 1000,
  sequentialStreams: 10,
  batchSize: 500,
  batches: 40,
  batchStreams: 8,
  readPage: 1000,
  rounds: 3,
  sqliteDefaultsAppends: 200,
};

export async function peerPart(report: Report, progress: (text: string) => void, cpu: CpuAccount): Promise<void> {
  report.context['peerOptions'] = PEER;
  let peer: LoadedPeer;
  try {
    peer = await loadPeer(progress);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    progress(`peer: skipped: ${reason}`);
    report.note(`peer: Emmett 0.42 could not be installed, the part was skipped: ${reason.split('\n')[0]}`);
    report.context['peer'] = { skipped: reason };
    return;
  }
  if (peer.installed) {
    report.note(`peer: Emmett 0.42 was installed for this run into ${peer.dir} (${(peer.installMs / 1000).toFixed(0)} s; kept for the next runs)`);
  }
  for (const error of peer.errors) report.note(`peer: could not load ${error}: that half of the part was skipped`);
  if (!peer.postgres && !peer.sqlite) return;

  let result: PeerResult;
  if (peer.postgres) {
    progress('peer: starting a throwaway PostgreSQL');
    const postgres = await startPostgres();
    try {
      result = await peerBench({ ...PEER, url: postgres.url }, peer, progress);
    } finally {
      cpu.charge(serverPids({ postgres: postgres.port }));
      await postgres.stop();
    }
  } else {
    result = await peerBench({ ...PEER, url: '' }, peer, progress);
  }
  addPeer(report, result, peer);
}

function addPeer(report: Report, result: PeerResult, peer: LoadedPeer): void {
  const check = (pair: Pair): ReturnType<typeof atLeast> => atLeast(pair.catalyse / pair.peer, PEER_RATIO, `≥ ${PEER_RATIO}× peer`);
  const row = (section: string, name: string, pair: Pair, raw?: string): void => {
    report.add({ section, name, value: pair.catalyse, unit: 'events/s', ceiling: pair.peer, checks: [check(pair)] });
    if (raw && Number.isFinite(pair.raw)) report.add({ section, detail: true, name: `vs ${raw}`, value: pair.catalyse, unit: 'events/s', ceiling: pair.raw });
  };
  const latency = (section: string, name: string, catalyse: Distribution, peerLatency: Distribution): void => {
    report.add({ section, detail: true, name: `${name} p50`, value: catalyse.p50, unit: 'ms', ceiling: peerLatency.p50 });
    report.add({ section, detail: true, name: `${name} p99`, value: catalyse.p99, unit: 'ms', ceiling: peerLatency.p99 });
  };
  const version = (name: string): string => peer.versions[name] ?? '?';
  const pg = result.postgres;
  if (pg) {
    const section = report.section(
      'peer PostgreSQL',
      `peer: Emmett ${version('@event-driven-io/emmett-postgresql')} beside Catalyse, PostgreSQL 15 (the same throwaway server, fsync off for both); ` +
        `the ceiling column is Emmett's; medians of ${result.rounds} alternated rounds`,
    );
    row(section, `single-event appends, ${PEER.writers} concurrent writers, pools of ${PEER.poolSize}`, pg.concurrent);
    latency(section, 'append latency', pg.concurrent.catalyseLatency, pg.concurrent.peerLatency);
    row(section, `one append at a time (${PEER.sequential} single-event appends)`, pg.sequential, 'raw pg: one autocommitted INSERT at a time');
    latency(section, 'append latency', pg.sequential.catalyseLatency, pg.sequential.peerLatency);
    row(section, `batches of ${PEER.batchSize} events`, pg.batch, 'raw pg: one multi-row INSERT per batch');
    row(section, `the log read back, pages of ${PEER.readPage} (Emmett: readMessagesBatch)`, pg.readAll, 'raw pg: SELECT … LIMIT, json parsed');
    row(section, `readStream of the ${PEER.writers + PEER.sequentialStreams} small streams, each whole`, pg.readStream, 'raw pg: SELECT … WHERE stream = $1');
  }
  const lite = result.sqlite;
  if (lite) {
    const section = report.section(
      'peer SQLite',
      `peer: Emmett ${version('@event-driven-io/emmett-sqlite')} (sqlite3 ${version('sqlite3')}, one shared connection) beside Catalyse, SQLite ` +
        `(the same disk, WAL, synchronous=FULL for both); the ceiling column is Emmett's; medians of ${result.rounds} alternated rounds`,
    );
    row(section, `one append at a time (${PEER.sequential} single-event appends)`, lite.sequential, 'raw better-sqlite3: one row per transaction');
    latency(section, 'append latency', lite.sequential.catalyseLatency, lite.sequential.peerLatency);
    if (Number.isFinite(lite.sequentialPeerDefaults)) {
      report.add({
        section,
        detail: true,
        name: `vs Emmett with its defaults (a connection per operation; ${PEER.sqliteDefaultsAppends} appends)`,
        value: lite.sequential.catalyse,
        unit: 'events/s',
        ceiling: lite.sequentialPeerDefaults,
      });
    }
    row(section, `batches of ${PEER.batchSize} events`, lite.batch, 'raw better-sqlite3: a transaction per batch');
    row(section, `the log read back, pages of ${PEER.readPage} (Emmett: readMessagesBatch)`, lite.readAll, 'raw better-sqlite3: SELECT … LIMIT + JSON.parse');
    row(
      section,
      `readStream of the ${PEER.sequentialStreams} streams of single appends, each whole`,
      lite.readStream,
      'raw better-sqlite3: SELECT … WHERE stream = ?',
    );
  }
  for (const mismatch of result.mismatches) report.note(`peer: ${mismatch}`);
  report.context['peer'] = { ...result, versions: peer.versions, installed: peer.installed, installMs: Math.round(peer.installMs), dir: peer.dir };
}
