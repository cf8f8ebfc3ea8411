/**
 * Who runs a gathering from the console, and what its status lets them do: the api's access table
 * (libs/auth/src/access/access-table.ts, `gathering: networkWork(…)`: catalyseurs and operators create and act, partners
 * neither) and the decider's status rules (libs/domain/src/gathering/decider.ts). The api judges again on every
 * command; this only keeps the page from offering what would be refused. Pure, for the forms and their unit test.
 */
import type * as Domain from '@catalyse/domain';
import type { Role } from '../../session';

/** Those who schedule gatherings and act on them (`gathering.create`, `gathering.act`): not partners. */
export function runsGatherings(role: Role | undefined): boolean {
  return role === 'catalyseur' || role === 'operator';
}

/** What a gathering's status accepts. */
export type GatheringAction = 'register' | 'cancel-registration' | 'reschedule' | 'hold' | 'cancel' | 'record-attendance';

const BY_STATUS: Record<string, readonly GatheringAction[]> = {
  // Not held yet: people register or cancel their registration; it is moved, held or cancelled.
  scheduled: ['register', 'cancel-registration', 'reschedule', 'hold', 'cancel'],
  // Held: registration is closed; who attended is recorded.
  held: ['record-attendance'],
};

/** A cancelled gathering accepts nothing. */
export function actionsOf(status: string): readonly GatheringAction[] {
  return BY_STATUS[status] ?? [];
}

/** How a gathering takes place: on site (a place), online (a link), or either (a speed dating: the organiser chooses). */
export type Venue = 'place' | 'link' | 'either';

/** The decider's rule (`validVenue`), for every kind: a kind added to the domain without its venue here fails the type-check. */
const VENUES: Readonly<Record<Domain.GatheringKind, Venue>> = {
  rencontre_annuelle: 'place',
  webinaire: 'link',
  atelier: 'place',
  conference: 'place',
  speed_dating: 'either',
};

/** A kind the console does not know (an older one) is offered a place, which the api judges. */
export function venueOf(kind: string): Venue {
  return Object.hasOwn(VENUES, kind) ? VENUES[kind as Domain.GatheringKind] : 'place';
}

/** What the scheduling form holds, as typed. */
export interface ScheduleForm {
  readonly kind: string;
  readonly theme: string;
  readonly date: string;
  readonly time: string;
  readonly endTime: string;
  /** For a speed dating: on site or online. */
  readonly online: boolean;
  readonly place: string;
  readonly link: string;
  readonly capacity: string;
  readonly territoryId: string;
  /** Who organises it outside the network (blank: the network). */
  readonly organiser: string;
}

/** The body of `POST /api/gatherings`: blanks left out, the place or the link as the kind takes place. */
export function scheduleBody(form: ScheduleForm): Record<string, unknown> {
  const venue = venueOf(form.kind);
  const online = venue === 'link' || (venue === 'either' && form.online);
  const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
  const body: Record<string, unknown> = {
    kind: form.kind,
    theme: form.theme.trim(),
    date: form.date,
    time: text(form.time),
    endTime: text(form.endTime),
    ...(online ? { link: text(form.link) } : { place: text(form.place) }),
    capacity: form.capacity.trim() === '' ? undefined : Number(form.capacity),
    territoryId: text(form.territoryId),
    organiser: text(form.organiser) === undefined ? undefined : { name: form.organiser.trim(), inNetwork: false },
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/**
 * A participant's id, chosen by the console when it registers someone (the api registers the signed-in person
 * otherwise): their name as letters and digits, and a few random characters so that two namesakes stay two.
 */
export function participantIdFor(name: string, random: () => number = Math.random): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const suffix = Array.from({ length: 6 }, () => '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 36)] ?? '0').join('');
  return `${slug || 'participant'}-${suffix}`;
}

/** The gathering shows a command once it is at the command's revision. */
export function reflects(doc: { readonly revision: number | string }, revision: number | string): boolean {
  return Number(doc.revision) >= Number(revision);
}

/** No-break space: « 14 h » never breaks between the number and its unit. */
const NBSP = '\u00a0';

/** `14:00` and `17:30`: the hours of a gathering as French writes them, « 14 h – 17 h 30 » (no-break spaces). */
export function hoursText(time: string | undefined, endTime: string | undefined): string {
  const h = (t: string): string => {
    const [hours = '', minutes = ''] = t.split(':');
    return minutes === '00' ? `${Number(hours)}${NBSP}h` : `${Number(hours)}${NBSP}h${NBSP}${minutes}`;
  };
  if (!time) return '';
  return endTime ? `${h(time)}${NBSP}– ${h(endTime)}` : h(time);
}

/** What the rescheduling form holds, as typed. */
export interface RescheduleForm {
  readonly date: string;
  readonly time: string;
  readonly endTime: string;
  readonly reason: string;
}

/**
 * The body of `POST /api/gatherings/{id}/reschedule`: the form holds the gathering as it will be (prefilled with its
 * current times), so a blank time is sent as `null`, « none any more » (the api keeps a time only when it is absent).
 */
export function rescheduleBody(form: RescheduleForm): Record<string, unknown> {
  const time = form.time.trim();
  const endTime = form.endTime.trim();
  return { date: form.date, time: time || null, endTime: endTime || null, reason: form.reason.trim() };
}

/** Checked before it is sent, in French, as the api would check it: an end time needs a start, after it. Undefined when fine. */
export function rescheduleProblem(form: RescheduleForm): string | undefined {
  const time = form.time.trim();
  const endTime = form.endTime.trim();
  if (!endTime) return undefined;
  if (!time) return `Une heure de fin (${hoursText(endTime, undefined)}) demande une heure de début : indiquez-la, ou videz l’heure de fin.`;
  if (endTime > time) return undefined;
  return `L’heure de fin (${hoursText(endTime, undefined)}) doit venir après l’heure de début (${hoursText(time, undefined)}).`;
}

/** The attendance of a gathering as the page reads it. */
interface Attendance {
  readonly status: string;
  readonly attended: number;
  readonly attendanceRate?: number;
}

/**
 * Whether its attendance is still to be recorded: held, and nobody recorded present yet (the sign-in sheet only
 * adds people present: before it, « 0 % » and « absent·e » would be a guess).
 */
export function attendancePending(g: Attendance): boolean {
  return g.status === 'held' && g.attended === 0;
}

/** Its attendance rate in words: « 50 % », « non relevé » before the sign-in sheet, « — » when none applies. */
export function attendanceRateText(g: Attendance): string {
  if (attendancePending(g)) return 'non relevé';
  return g.attendanceRate === undefined ? '—' : `${Math.round(g.attendanceRate * 100)} %`;
}

/** A registration's state in words (`pending`: the gathering's attendance is still to be recorded). */
export function registrationState(r: { readonly cancelled: boolean; readonly attended?: boolean }, status: string, pending = false): string {
  if (r.cancelled) return 'inscription annulée';
  if (r.attended) return 'présent·e';
  if (status !== 'held') return 'inscrit·e';
  return pending ? 'à relever' : 'absent·e';
}

/**
 * Whether a gathering scheduled on `day` may be marked held `today` (both `YYYY-MM-DD`, today on the network's
 * calendar: `networkToday`): once its day has come. The decider holds it on its own date only, never after today, so
 * before its day the form could only be refused.
 */
export function holdable(day: string, today: string): boolean {
  return day !== '' && day <= today;
}
