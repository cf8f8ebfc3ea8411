/**
 * What the Opérations page reads in the `ops` feed, in French: one line per entry (what the
 * read models route there: reports as they run, partnership lifecycle, gatherings announced,
 * experimentations' milestones, introductions, parcours, catalyseurs joining or leaving), and
 * the reports' state as their entries tell it (their progress is an event, so the page follows
 * it live rather than polling). Pure, for the page and its unit tests.
 */
import { REPORT_YEAR_MIN } from '@catalyse/domain';
import type { FeedEntry } from '@catalyse/protocol';
import { count, date, GATHERING_KINDS, label, numberText } from '../../ui/words';
import { networkYear } from '../../ui/network-time';
import { reportFailure } from './report-failure';

export { reportFailure } from './report-failure';

/** One entry of the ops feed, as the live panel shows it. */
export interface OpsLine {
  readonly key: string;
  readonly at: string;
  /** What it is about, in a word (`Rapport`, `Partenariat`…). */
  readonly topic: string;
  readonly text: string;
}

type Data = Readonly<Record<string, unknown>>;

/** What the lines name by id, and the name the page read for one (undefined: unknown, the id is shown). */
export type NamedKind = 'partnership' | 'experimentation' | 'territory' | 'catalyseur';
export type NameOf = (kind: NamedKind, id: string) => string | undefined;
const noNames: NameOf = () => undefined;

const REPORT_SUBJECTS: Record<string, string> = { partnership: 'le partenariat', experimentation: 'l’expérimentation', territory: 'le territoire' };
const DECISIONS: Record<string, string> = { renouveler: 'renouvellement', essaimer: 'essaimage', clore: 'clôture' };
const STAGES: Record<string, string> = {
  emergence_besoins: 'émergence des besoins',
  co_construction: 'co-construction',
  evaluation_resultats: 'évaluation des résultats',
};
const PARCOURS_STEPS: Record<string, string> = {
  solutions: 'solutions',
  chaine_de_valeur: 'chaîne de valeur',
  modele_economique: 'modèle économique',
  dispositif: 'dispositif',
};

const TOPICS: readonly [RegExp, string][] = [
  [/^Report/, 'Rapport'],
  [/^(Partnership|Pilotage|Evaluation)/, 'Partenariat'],
  [/^Gathering/, 'Rencontre'],
  [/^(Experimentation|StageAdvanced|RestitutionHeld|EssaimageDecided)/, 'Expérimentation'],
  [/^(Organisations|Introduc)/, 'Mise en relation'],
  [/^(Parcours|Pilot)/, 'Parcours'],
  [/^Catalyseur/, 'Catalyseur'],
  [/^PersonalData/, 'Données personnelles'],
];

function topicOf(kind: string): string {
  return TOPICS.find(([pattern]) => pattern.test(kind))?.[1] ?? 'Événement';
}

function str(data: Data, key: string): string {
  const value = data[key];
  // A number the French way (« 1 250 », « 12,5 »): the entries' numbers are counts, percents, cycles, never years.
  return typeof value === 'string' ? value : typeof value === 'number' ? numberText(value) : '';
}

function names(data: Data, key: string): string {
  const value = data[key];
  if (!Array.isArray(value)) return '';
  return value
    .map((v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' && v !== null && 'name' in v ? String((v as { name: unknown }).name) : ''))
    .filter((v) => v !== '')
    .join(', ');
}

const isNamedKind = (kind: string): kind is NamedKind => kind === 'partnership' || kind === 'experimentation' || kind === 'territory';

const isBatch = (subject: string): boolean => /\s|:/.test(subject);

/** A batch's selection (`territory:alsace year:2014`, `territory:alsace`, `year:2014`); undefined: not a batch. */
export function batchSelection(subject: string): { readonly territory?: string; readonly year?: string } | undefined {
  if (!isBatch(subject)) return undefined;
  const parts = subject.trim().split(/\s+/);
  const found: { territory?: string; year?: string } = {};
  for (const part of parts) {
    const m = /^(territory|year):(.+)$/.exec(part);
    if (!m) return undefined;
    found[m[1] as 'territory' | 'year'] = m[2] ?? '';
  }
  return found;
}

/**
 * « de l’Alsace », « de l’Île-de-France »: a name beginning with a vowel takes « de l’ » whatever its gender; any
 * other (« Bretagne », « Cantal », « Pays de la Loire ») would need its gender or number, unknown here: « du
 * territoire Bretagne ». The id alone (its name not read yet): « du territoire alsace ».
 */
export function ofTerritory(name: string): string {
  return /^[AEIOUYÀÂÉÈÊËÎÏÔÖÙÛÜ]/.test(name) ? `de l’${name}` : `du territoire ${name}`;
}

/** A batch in French: « Partenariats de l’Alsace actifs en 2014 », « Partenariats actifs en 2014 »; undefined: not a batch. */
export function batchName(subject: string, nameOf: NameOf = noNames): string | undefined {
  const selection = batchSelection(subject);
  if (!selection) return undefined;
  const territory = selection.territory === undefined ? '' : ` ${ofTerritory(nameOf('territory', selection.territory) ?? selection.territory)}`;
  const year = selection.year === undefined ? '' : ` actifs en ${selection.year}`;
  return `Partenariats${territory}${year}`;
}

/** A report's subject by name: « Projet-programme… » (its id when unknown); a batch in words (« Partenariats de l’Alsace actifs en 2014 »). */
export function reportSubjectName(kind: string, subject: string, nameOf: NameOf = noNames): string {
  if (isBatch(subject)) return batchName(subject, nameOf) ?? subject;
  if (!isNamedKind(kind)) return subject;
  const name = nameOf(kind, subject);
  return name ? quoted(name) : subject;
}

/** « le partenariat « Projet-programme… » » (« le partenariat flda-cg-ardeche » until named), or the batch (« les partenariats de l’Alsace actifs en 2014 »). */
function reportSubject(d: Data, nameOf: NameOf): string {
  const subject = str(d, 'subject');
  const kind = str(d, 'kind');
  if (isBatch(subject)) {
    const batch = batchName(subject, nameOf);
    return batch ? `les p${batch.slice(1)}` : `les partenariats (${subject})`;
  }
  return `${REPORT_SUBJECTS[kind] ?? kind} ${reportSubjectName(kind, subject, nameOf)}`;
}

/** The territory a batch selects, if any (its name is read). */
export function batchTerritory(subject: string): string | undefined {
  return batchSelection(subject)?.territory;
}

/** A report's progress message (the job's, in French) with its subject's id replaced by its name once known. */
export function progressMessage(message: string, kind: string, subject: string, nameOf: NameOf = noNames): string {
  const territory = batchTerritory(subject);
  if (territory !== undefined) {
    // The job names a batch's territory by its id (« 3 partenariats du territoire alsace, actifs en 2014 »).
    const name = nameOf('territory', territory);
    return name ? message.split(`du territoire ${territory}`).join(ofTerritory(name)) : message;
  }
  if (isBatch(subject)) return message;
  const named = reportSubjectName(kind, subject, nameOf);
  return subject && named !== subject ? message.split(subject).join(named) : message;
}

/** The ids the lines of `entries` name, by kind: the page reads their names. */
export function namedIds(entries: readonly FeedEntry[]): Record<NamedKind, string[]> {
  const ids: Record<NamedKind, Set<string>> = { partnership: new Set(), experimentation: new Set(), territory: new Set(), catalyseur: new Set() };
  for (const entry of entries) {
    const d = (typeof entry.data === 'object' && entry.data !== null ? entry.data : {}) as Data;
    const kind = str(d, 'kind');
    const subject = str(d, 'subject');
    if (entry.kind.startsWith('Report') && isNamedKind(kind) && subject && !isBatch(subject)) ids[kind].add(subject);
    const batchOf = entry.kind.startsWith('Report') ? batchTerritory(subject) : undefined;
    if (batchOf) ids.territory.add(batchOf);
    if (entry.kind === 'OrganisationsIntroduced' && str(d, 'catalyseurId')) ids.catalyseur.add(str(d, 'catalyseurId'));
    if (entry.kind === 'IntroductionLedToPartnership' && str(d, 'partnershipId')) ids.partnership.add(str(d, 'partnershipId'));
  }
  return {
    partnership: [...ids.partnership],
    experimentation: [...ids.experimentation],
    territory: [...ids.territory],
    catalyseur: [...ids.catalyseur],
  };
}

/** A title between guillemets, unless it already has its own (« Parcours d’expérience « … » »). */
function quoted(title: string): string {
  return /[«»]/.test(title) ? title : `« ${title} »`;
}

/** « Parcours « Mobilité » », or the title alone when it already says it is a parcours. */
function parcours(title: string): string {
  return /^parcours\b/i.test(title) ? title : `Parcours ${quoted(title)}`;
}

/** An entry's sentence. */
export function describeOpsEntry(kind: string, d: Data, nameOf: NameOf = noNames): string {
  const title = quoted(str(d, 'title'));
  const course = parcours(str(d, 'title'));
  switch (kind) {
    case 'ReportRequested': {
      const asOf = typeof d['asOf'] === 'object' && d['asOf'] !== null ? str(d['asOf'] as Data, 'time') : '';
      return `Rapport demandé sur ${reportSubject(d, nameOf)}${asOf ? `, à la date du ${date(asOf)}` : ''}, par ${str(d, 'requestedBy')}`;
    }
    case 'ReportProgressed':
      return `Rapport sur ${reportSubject(d, nameOf)} : ${str(d, 'percent')} %${str(d, 'message') ? ` — ${progressMessage(str(d, 'message'), str(d, 'kind'), str(d, 'subject'), nameOf)}` : ''}`;
    case 'ReportCompleted': {
      const formats = Array.isArray(d['formats']) ? d['formats'].map((f) => String(f).toUpperCase()).join(', ') : '';
      return `Rapport sur ${reportSubject(d, nameOf)} prêt${formats ? ` (${formats})` : ''}`;
    }
    case 'ReportFailed':
      return `Rapport sur ${reportSubject(d, nameOf)} échoué : ${reportFailure(str(d, 'reason'))}`;
    case 'PartnershipProposed':
      return `Partenariat proposé : ${title}${names(d, 'partners') ? ` (${names(d, 'partners')})` : ''}`;
    case 'PilotageStarted':
      return `Pilotage commencé : ${title}, cycle ${str(d, 'cycle')}`;
    case 'EvaluationOpened':
      return `Évaluation ouverte : ${title}, cycle ${str(d, 'cycle')}`;
    case 'EvaluationConcluded':
      return `Évaluation conclue : ${title}, décision : ${label(DECISIONS, str(d, 'decision'))}`;
    case 'PartnershipClosed':
      return `Partenariat clos : ${title}`;
    case 'GatheringScheduled':
      return `Rencontre programmée : ${str(d, 'theme')} (${label(GATHERING_KINDS, str(d, 'kind'))}, le ${date(str(d, 'date'))})`;
    case 'GatheringRescheduled':
      return `Rencontre déplacée : ${str(d, 'theme')}, désormais le ${date(str(d, 'date'))}`;
    case 'GatheringHeld':
      // Attendance is recorded after the rencontre is held: until then the line gives the registrations alone.
      return `Rencontre tenue : ${str(d, 'theme')} (${Number(d['attended'] ?? 0) > 0 ? `${count(Number(d['attended']), 'présent')} sur ` : ''}${count(Number(d['registered'] ?? 0), 'inscrit')})`;
    case 'GatheringCancelled':
      return `Rencontre annulée : ${str(d, 'theme')}`;
    case 'ExperimentationLaunched':
      return `Expérimentation lancée : ${title}${str(d, 'territoryName') ? ` (${str(d, 'territoryName')})` : ''}`;
    case 'StageAdvanced':
      return `Expérimentation ${title} : étape ${label(STAGES, str(d, 'stage'))}`;
    case 'RestitutionHeld':
      return `Restitution des travaux : ${title}${str(d, 'dirigeants') ? `, ${str(d, 'dirigeants')} dirigeants` : ''}`;
    case 'EssaimageDecided':
      return `Essaimage décidé : ${title}`;
    case 'ExperimentationAbandoned':
      return `Expérimentation abandonnée : ${title}`;
    case 'OrganisationsIntroduced':
      return `Mise en relation : ${names(d, 'organisations') || str(d, 'introductionId')}${str(d, 'catalyseurId') ? `, par ${nameOf('catalyseur', str(d, 'catalyseurId')) ?? str(d, 'catalyseurId')}` : ''}`;
    case 'IntroducedOrganisationsMet':
      return `Mise en relation ${str(d, 'introductionId')} : rencontre le ${date(str(d, 'metOn'))}`;
    case 'IntroductionLedToPartnership':
      return `Mise en relation ${str(d, 'introductionId')} : un partenariat est proposé (${reportSubjectName('partnership', str(d, 'partnershipId'), nameOf)})`;
    case 'IntroductionClosedWithoutFollowUp':
      return `Mise en relation ${str(d, 'introductionId')} close sans suite : ${str(d, 'reason')}`;
    case 'ParcoursOpened':
      return `Parcours ouvert : ${quoted(str(d, 'title'))}`;
    case 'PilotTerritoryEnrolled':
      return `${course} : ${str(d, 'name') || str(d, 'territoryName')} devient territoire pilote`;
    case 'PilotTerritoryWithdrawn':
      return `${course} : ${str(d, 'territoryName') || str(d, 'territoryId')} se retire`;
    case 'ParcoursStarted':
      return `Parcours commencé : ${title}`;
    case 'ParcoursSessionHeld':
      return `${course} : séance ${str(d, 'sessionNumber')} (${str(d, 'theme')})${str(d, 'present') ? `, ${str(d, 'present')} territoires présents` : ''}`;
    case 'PilotProgressRecorded':
      return `${course} : ${str(d, 'territoryName') || str(d, 'territoryId')} avance (${label(PARCOURS_STEPS, str(d, 'step'))})`;
    case 'ParcoursCompleted':
      return `Parcours terminé : ${title}`;
    case 'CatalyseurJoined':
      return `${str(d, 'name') || str(d, 'catalyseurId')} rejoint le réseau${str(d, 'territory') ? ` (${str(d, 'territory')})` : ''}`;
    case 'CatalyseurLeft':
      return `${str(d, 'name') || str(d, 'catalyseurId')} quitte le réseau`;
    case 'PersonalDataRedacted':
      return redacted(d);
    default:
      return `Événement : ${kind}`;
  }
}

/**
 * A person's data were erased (`PersonalDataRedacted`, `REDACTION_KIND` of the protocol): its `entries` are those of
 * the feed that now read otherwise (`{seq, data}`), already rewritten in place by the client.
 */
function redacted(d: Data): string {
  const count = Array.isArray(d['entries']) ? d['entries'].length : 0;
  if (count === 0) return 'Des données personnelles ont été effacées';
  return `Des données personnelles ont été effacées : ${count} ${count === 1 ? 'entrée du fil réécrite' : 'entrées du fil réécrites'}`;
}

export function opsLine(entry: FeedEntry, nameOf: NameOf = noNames): OpsLine {
  const data = (typeof entry.data === 'object' && entry.data !== null ? entry.data : {}) as Data;
  return { key: `${entry.epoch}-${entry.seq}`, at: entry.at, topic: topicOf(entry.kind), text: describeOpsEntry(entry.kind, data, nameOf) };
}

/** A `room:reset` of the ops room as the live panel places it (`live.ts`'s `OpsReset`). */
export interface ResetSeen {
  readonly epoch: number;
  readonly at: string;
  /** How many entries the room read again in the new epoch; undefined while it resynchronises. */
  readonly reread?: number;
  /** The last entry the room held once it had read them again: what comes after it is newer than the reset. */
  readonly after?: { readonly epoch: number; readonly seq: number };
}

/** A reset of the ops room in words: the switch as it happens, then the entries read again. */
export function resetText(reset: ResetSeen): string {
  return reset.reread === undefined
    ? `Le salon des opérations passe à l’époque ${reset.epoch} et se resynchronise…`
    : `Le salon des opérations est passé à l’époque ${reset.epoch} : ${count(reset.reread, 'entrée')} ${Math.abs(reset.reread) >= 2 ? 'relues' : 'relue'}.`;
}

/** One row of « Activité en direct »: an entry of the feed, or a reset of the room. */
export type LiveRow = { readonly type: 'entry'; readonly entry: FeedEntry } | { readonly type: 'reset'; readonly reset: ResetSeen };

/**
 * « Activité en direct », newest first, in one order: the entries (newest first) and each reset where it happened,
 * above the entries it read again and below those that came after it (a reset still resynchronising is the newest).
 */
export function liveRows(newestFirst: readonly FeedEntry[], resets: readonly ResetSeen[]): LiveRow[] {
  const newer = (entry: FeedEntry, reset: ResetSeen): boolean =>
    reset.after !== undefined && (entry.epoch > reset.after.epoch || (entry.epoch === reset.after.epoch && entry.seq > reset.after.seq));
  const rows: LiveRow[] = [];
  const waiting = [...resets].reverse();
  for (const entry of newestFirst) {
    while (waiting[0] && !newer(entry, waiting[0])) rows.push({ type: 'reset', reset: waiting.shift() as ResetSeen });
    rows.push({ type: 'entry', entry });
  }
  for (const reset of waiting) rows.push({ type: 'reset', reset });
  return rows;
}

/**
 * The day a report reads the network at, in French: its `asOf`, else the day it was asked for (a report asked
 * without a date is of that day, not of « aujourd’hui » whenever it is read).
 */
export function reportDay(report: { readonly asOf?: { readonly time?: string }; readonly requestedAt?: string }): string {
  return date(report.asOf?.time ?? report.requestedAt);
}

/** The formats a report's files come in, in the order the page offers them. */
const FILE_FORMATS = ['html', 'csv', 'json'] as const;

/** A report's formats in the page's order (HTML, CSV, JSON; any other after them); all three when it names none. */
export function orderedFormats(formats: readonly string[] | undefined): string[] {
  if (!formats) return [...FILE_FORMATS];
  const known: readonly string[] = FILE_FORMATS;
  return [...FILE_FORMATS.filter((format) => formats.includes(format)), ...formats.filter((format) => !known.includes(format))];
}

/** One partnership report of a batch: its title (the batch's own, as of its date) and the formats kept for it. */
export interface BatchItem {
  readonly item: string;
  readonly title: string;
  readonly formats: readonly string[];
}

/**
 * The partnership reports of a batch, from the report's page (`GET /api/reports/{id}`: its `items` with their
 * titles, its kept `files`): every item but the index, by title in French order, with the formats kept for it.
 */
export function batchItems(report: {
  readonly items?: readonly { readonly item: string; readonly title?: string }[];
  readonly files?: readonly { readonly item: string; readonly format: string }[];
}): BatchItem[] {
  const files = report.files ?? [];
  return (report.items ?? [])
    .map(({ item, title }) => ({
      item,
      title: title || item,
      formats: FILE_FORMATS.filter((format) => files.some((file) => file.item === item && file.format === format)),
    }))
    .filter((line) => line.formats.length > 0)
    .sort((a, b) => a.title.localeCompare(b.title, 'fr') || a.item.localeCompare(b.item));
}

/** A report as its entries in the ops feed tell it. */
export interface LiveReport {
  readonly status: string;
  readonly percent?: number;
  readonly message?: string;
  readonly formats?: readonly string[];
  readonly reason?: string;
}

/** The reports' state from the entries (in seq order), by report id: the later entry wins. */
export function liveReports(entries: readonly FeedEntry[]): ReadonlyMap<string, LiveReport> {
  const reports = new Map<string, LiveReport>();
  for (const entry of entries) {
    if (!entry.kind.startsWith('Report')) continue;
    const d = (entry.data ?? {}) as Data;
    const id = str(d, 'reportId');
    if (!id) continue;
    const before = reports.get(id);
    const percent = typeof d['percent'] === 'number' ? d['percent'] : before?.percent;
    const message = str(d, 'message') || before?.message;
    reports.set(id, {
      status: str(d, 'status') || before?.status || 'requested',
      ...(percent !== undefined ? { percent } : {}),
      ...(message ? { message } : {}),
      ...(Array.isArray(d['formats']) ? { formats: d['formats'].map(String) } : {}),
      ...(str(d, 'reason') ? { reason: str(d, 'reason') } : {}),
    });
  }
  return reports;
}

/** Report ids whose request the feed carries (to read the new ones' cards). */
export function requestedReports(entries: readonly FeedEntry[]): string[] {
  return entries.filter((e) => e.kind === 'ReportRequested').map((e) => str((e.data ?? {}) as Data, 'reportId'));
}

/**
 * A batch's selection checked before it is sent, in French: a territory, a year or both (every partnership of the
 * network at once is not a batch the api takes), the year a whole one and not after this one.
 */
export function batchProblem(territory: string, year: string, thisYear = networkYear()): string | undefined {
  if (territory === '' && year.trim() === '') return 'Choisissez un territoire, une année, ou les deux.';
  if (year.trim() === '') return undefined;
  const n = Number(year);
  if (!/^\d{4}$/.test(year.trim())) return 'L’année s’écrit en quatre chiffres (ex. 2014).';
  if (n < REPORT_YEAR_MIN) return `L’année ${n} est trop ancienne : un lot porte sur ${REPORT_YEAR_MIN} au plus tôt.`;
  if (n > thisYear) return `L’année ${n} n’est pas encore venue : un lot porte sur ${thisYear} au plus tard.`;
  return undefined;
}
