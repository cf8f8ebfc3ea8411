import { aggregateOf, EVENT_SCHEMAS } from '@catalyse/domain';
import { type EventStore, storedEvents, type UnreadableProblem, upcastRecorded } from '@catalyse/event-store';

export type VerifyProblemKind = 'position' | 'category' | 'type' | 'revision' | 'fold';

export interface VerifyProblem {
  readonly stream: string;
  readonly position: string;
  readonly kind: VerifyProblemKind;
  readonly problem: string;
}

/** The schema versions of one event type as the log holds them. */
export interface TypeVersions {
  /** The category of its streams (`partnership`). */
  readonly category: string;
  readonly type: string;
  /** The version this code reads and writes; `null` for a type it does not know. */
  readonly current: number | null;
  /** How many events are stored at each version (`{"1": 46, "2": 3}`; a version that is not one is counted as written). */
  readonly stored: Readonly<Record<string, number>>;
}

/** An event that no upcaster can bring to the current version of its type: readers leave it out, commands on its stream are refused. */
export interface UnreadableEvent {
  readonly stream: string;
  readonly position: string;
  readonly revision: string;
  readonly type: string;
  /** Its stored `schemaVersion`. */
  readonly version: unknown;
  readonly current: number;
  readonly problem: UnreadableProblem;
  readonly reason: string;
}

export interface VerifyReport {
  readonly events: number;
  readonly streams: number;
  /** The versions found in the log, per event type (by category, then type). */
  readonly versions: readonly TypeVersions[];
  readonly unreadable: readonly UnreadableEvent[];
  readonly problems: readonly VerifyProblem[];
}

/**
 * Re-folds every stream from the global log as stored: revisions must be
 * contiguous from 0 within each stream, positions strictly increasing, every
 * stream must belong to a known category, every event type must be one its
 * decider knows, and every event must fold once brought to the current
 * version of its type. Counts the schema versions stored per event type and
 * lists the events no upcaster can bring to the current version
 * (docs/adr/0017-event-schema-evolution.md). Holds one folded state per stream
 * (not the events).
 */
export async function verifyLog(store: EventStore, onProgress?: (events: number) => void): Promise<VerifyReport> {
  const log = storedEvents(store);
  const states = new Map<string, { revision: bigint; state: unknown }>();
  const versions = new Map<string, { category: string; type: string; current: number | null; stored: Map<string, number> }>();
  const unreadable: UnreadableEvent[] = [];
  const problems: VerifyProblem[] = [];
  let after = 0n;
  let events = 0;
  for (;;) {
    const page = await log.readAll({ after, limit: 1000 });
    for (const stored of page) {
      events++;
      const position = stored.position.toString();
      const problem = (kind: VerifyProblemKind, text: string): void => void problems.push({ stream: stored.stream, position, kind, problem: text });
      if (stored.position <= after) problem('position', 'position not increasing');
      after = stored.position;
      const { event, outcome } = upcastRecorded(stored, EVENT_SCHEMAS);
      const category = stored.stream.slice(0, Math.max(0, stored.stream.indexOf('-')));
      const key = `${category}\u0000${stored.type}`;
      const counted = versions.get(key) ?? {
        category,
        type: stored.type,
        current: EVENT_SCHEMAS.currentVersion(stored.stream, stored.type) ?? null,
        stored: new Map(),
      };
      const version = String(stored.metadata?.schemaVersion ?? 1);
      counted.stored.set(version, (counted.stored.get(version) ?? 0) + 1);
      versions.set(key, counted);
      const owner = aggregateOf(stored.stream);
      if (!owner) {
        problem('category', `unknown stream category "${category}"`);
        continue;
      }
      const { decider, eventTypes } = owner;
      if (!eventTypes.includes(stored.type)) problem('type', `unknown event type "${stored.type}"`);
      const current = states.get(stored.stream) ?? { revision: -1n, state: decider.initialState() };
      if (stored.revision !== current.revision + 1n) problem('revision', `revision ${stored.revision} follows ${current.revision}`);
      if (outcome.kind === 'unreadable') {
        const { problem: kind, stored: at, current: to, reason } = outcome;
        unreadable.push({
          stream: stored.stream,
          position,
          revision: stored.revision.toString(),
          type: stored.type,
          version: at,
          current: to,
          problem: kind,
          reason,
        });
        states.set(stored.stream, { revision: stored.revision, state: current.state });
        continue;
      }
      try {
        states.set(stored.stream, { revision: stored.revision, state: decider.evolve(current.state, { type: event.type, data: event.data }) });
      } catch (error) {
        states.set(stored.stream, { revision: stored.revision, state: current.state });
        problem('fold', `does not fold: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    onProgress?.(events);
    if (page.length < 1000) break;
  }
  const byName = (a: TypeVersions, b: TypeVersions): number => a.category.localeCompare(b.category) || a.type.localeCompare(b.type);
  return {
    events,
    streams: states.size,
    versions: [...versions.values()].map(({ stored, ...rest }) => ({ ...rest, stored: Object.fromEntries([...stored].sort()) })).sort(byName),
    unreadable,
    problems,
  };
}

/** Whether the log is sound: no problem and no event that cannot be read at its type's current version (`ops verify`'s exit code). */
export function verifiedClean(report: VerifyReport): boolean {
  return report.problems.length === 0 && report.unreadable.length === 0;
}

const UNREADABLE_FR: Readonly<Record<UnreadableProblem, (e: UnreadableEvent) => string>> = {
  newer: (e) => `écrit en version ${String(e.version)} par une version plus récente de Catalyse (celle-ci lit jusqu’à la version ${e.current})`,
  no_upcaster: (e) => `en version ${String(e.version)}, sans upcaster pour le mener jusqu’à la version ${e.current}`,
  not_a_version: (e) => `sa version de schéma ${JSON.stringify(e.version)} n’est pas une version (un entier à partir de 1)`,
  upcaster_failed: (e) => `en version ${String(e.version)}, un upcaster a échoué (${e.reason})`,
};
const PROBLEM_FR: Readonly<Record<VerifyProblemKind, string>> = {
  position: 'position qui ne croît pas',
  category: 'catégorie de flux inconnue',
  type: 'type d’événement inconnu de son agrégat',
  revision: 'révisions non contiguës',
  fold: 'ne se replie pas',
};
/** The detail of a problem, in French (the JSON keeps it as recorded). */
function problemDetail(p: VerifyProblem): string {
  const revision = /^revision (\d+) follows (-?\d+)$/.exec(p.problem);
  if (revision) return ` (la révision ${revision[1]} suit la ${revision[2]})`;
  const named = /^unknown (?:stream category|event type) "(.*)"$/.exec(p.problem);
  if (named) return ` (« ${named[1]} »)`;
  if (p.kind === 'fold') return ` (${p.problem.replace(/^does not fold: /, '')})`;
  if (p.kind === 'position') return '';
  return ` (${p.problem})`;
}
/** A count as ops prints every count (« 3 642 », the separator of French thousands). */
const count = (n: number): string => new Intl.NumberFormat('fr-FR').format(n);
const events = (n: number): string => `${count(n)} ${n > 1 ? 'événements' : 'événement'}`;

/** The report as an operator reads it, in French (`ops verify`). */
export function verifyReportText(report: VerifyReport): string {
  // Nothing to verify: said so, rather than « sain » (a new data folder, or the wrong one).
  if (report.events === 0 && verifiedClean(report)) return 'Vérification du journal : aucun événement.\n\nRésultat : le journal est vide.\n';
  const lines = [`Vérification du journal : ${events(report.events)} dans ${count(report.streams)} flux.`, '', 'Versions de schéma trouvées dans le journal :'];
  const width = Math.max(0, ...report.versions.map((v) => `${v.category} ${v.type}`.length));
  for (const v of report.versions) {
    const found = Object.entries(v.stored)
      .map(([version, n]) => `v${version} : ${count(n)}`)
      .join(', ');
    const current = v.current === null ? 'type inconnu de cette version' : `version actuelle ${v.current}`;
    const older = v.current === null ? 0 : Object.entries(v.stored).reduce((sum, [version, n]) => (Number(version) < (v.current ?? 0) ? sum + n : sum), 0);
    const note = older > 0 ? ` — ${events(older)} relu${older > 1 ? 's' : ''} en v${v.current} par les upcasters` : '';
    lines.push(`  ${`${v.category} ${v.type}`.padEnd(width)}  ${current} ; ${found}${note}`);
  }
  lines.push('');
  if (report.unreadable.length === 0) lines.push('Événements qu’aucun upcaster ne peut amener à la version actuelle : aucun.');
  else {
    lines.push(`Événements qu’aucun upcaster ne peut amener à la version actuelle (${report.unreadable.length}) :`);
    for (const e of report.unreadable) lines.push(`  position ${e.position}, ${e.stream} (révision ${e.revision}), ${e.type} : ${UNREADABLE_FR[e.problem](e)}`);
    lines.push('  Ils sont laissés de côté par les modèles de lecture, et les commandes sur leurs flux sont refusées.');
  }
  if (report.problems.length === 0) lines.push('Autres problèmes : aucun.');
  else {
    lines.push(`Autres problèmes (${report.problems.length}) :`);
    for (const p of report.problems) lines.push(`  position ${p.position}, ${p.stream} : ${PROBLEM_FR[p.kind]}${problemDetail(p)}`);
  }
  lines.push('', verifiedClean(report) ? 'Résultat : le journal est sain.' : 'Résultat : le journal a des problèmes (code de sortie 1).');
  return `${lines.join('\n')}\n`;
}
