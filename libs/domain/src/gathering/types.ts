import type { TimeOfDay } from '../kernel/calendar-date';
import type { Message } from '../kernel/decider';
import type { RecordedToday } from '../kernel/validation';
import type { CalendarDate, Instant, Sphere } from '../kernel/vocabulary';

/**
 * The network's gatherings: the annual rencontre of the "réseau des pionniers des
 * alliances en territoire", the monthly webinaire (the third Thursday of the month),
 * ateliers, conférences (people come to hear speakers, where at an atelier they work
 * together), and speed datings between associations and entreprises.
 */
export const GATHERING_KINDS = ['rencontre_annuelle', 'webinaire', 'atelier', 'conference', 'speed_dating'] as const;
export type GatheringKind = (typeof GATHERING_KINDS)[number];

/**
 * How much a gathering holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): far above the network's
 * largest rencontre annuelle (a few hundred people), on commands only. Registrations count every participant
 * registered, cancelled ones too (one may register again); pairs, those a speed dating records in all.
 */
export const GATHERING_REGISTRATIONS_MAX = 2000;
export const SPEED_DATING_PAIRS_MAX = 5000;
export const GATHERING_RESCHEDULES_MAX = 50;

/** The spheres a speed dating brings together: it pairs associations with entreprises. */
export const SPEED_DATING_SPHERES = ['association', 'entreprise'] as const satisfies readonly Sphere[];

/**
 * Who organises a gathering when it is not the network alone: an organisation, of the network or outside it (the
 * CNFPT's e-communauté développement local, Territoires Conseils). A webinaire organised outside the network is not
 * one of the network's monthly cycle: it falls on any date.
 */
export interface GatheringOrganiser {
  readonly name: string;
  /** `false`: an organisation outside the network of catalyseurs. */
  readonly inNetwork: boolean;
}

/**
 * When, where and about what. Exactly one of `place` (on site) and `link` (online):
 * a webinaire needs a link, a rencontre annuelle, an atelier and a conférence a
 * place, a speed dating either.
 */
export interface GatheringSchedule {
  readonly kind: GatheringKind;
  readonly theme: string;
  readonly date: CalendarDate;
  /** Local time it starts, `HH:MM`; left out when not known yet. */
  readonly time?: TimeOfDay;
  /** Local time it ends, `HH:MM`, after `time` (which it needs); left out when not known. */
  readonly endTime?: TimeOfDay;
  readonly place?: string;
  /** A web address (`https://…`). */
  readonly link?: string;
  /** Most registrations at a time (registrations cancelled free their place); none: no limit. */
  readonly capacity?: number;
  /** The territory it is about or held on, if any (a webinaire usually has none). */
  readonly territoryId?: string;
  /** The organisation that organises it; absent: the network itself (the monthly cycle, the rencontre). */
  readonly organiser?: GatheringOrganiser;
}

/**
 * A participant holds personal data (name): like a catalyseur's profile
 * (docs/adr/0006-personal-data.md), it lives in these events and the attendance
 * read model, and is erased with them.
 */
export interface Participant {
  readonly participantId: string;
  readonly name: string;
  /** The organisation they come from, as they write it. */
  readonly organisation: string;
  readonly sphere: Sphere;
  /** That organisation's id (an organisation's page lists the gatherings its people attend), when known. */
  readonly orgId?: string;
}

/** Two participants of a speed dating who met: one association, one entreprise. */
export interface SpeedDatingPair {
  readonly associationId: string;
  readonly entrepriseId: string;
}

// ─── Commands (imperative) ──────────────────────────────────────────────────

export type ScheduleGathering = Message<
  'ScheduleGathering',
  GatheringSchedule & {
    readonly gatheringId: string;
    /** Who organises it: a catalyseur or an operator id. */
    readonly organisedBy: string;
    /** When it was scheduled: an instant, or a date for a gathering recorded afterwards. Nothing of it is dated before that day. */
    readonly scheduledAt: CalendarDate | Instant;
    /** That day in the network's time zone, set by the edge (absent: `scheduledAt`'s own calendar day). */
    readonly scheduledOn?: CalendarDate;
  }
>;
export type RegisterParticipant = Message<'RegisterParticipant', Participant & { readonly registeredAt: Instant }>;
export type CancelRegistration = Message<
  'CancelRegistration',
  {
    readonly participantId: string;
    readonly reason?: string;
    readonly cancelledAt: Instant;
  }
>;
/** A new date (and time, end time: left out, the current ones are kept), with a reason. */
export type RescheduleGathering = Message<
  'RescheduleGathering',
  {
    readonly date: CalendarDate;
    /** Absent: the current start time kept; `null`: none any more. */
    readonly time?: TimeOfDay | null;
    /** Absent: the current end time kept; `null`: none any more. */
    readonly endTime?: TimeOfDay | null;
    readonly reason: string;
    readonly rescheduledAt: Instant;
  }
>;
/**
 * The gathering took place, on its scheduled date, not after `today` (the day it is recorded, when the edge gives it).
 * Registration closes; attendance opens.
 */
export type HoldGathering = Message<'HoldGathering', { readonly heldOn: CalendarDate } & RecordedToday>;
/** Participants present (the sign-in sheet), once held and its date reached (`today`, when given); those already recorded are skipped. */
export type RecordAttendance = Message<'RecordAttendance', { readonly participantIds: readonly string[] } & RecordedToday>;
/** Speed dating only, once held and its date reached (`today`, when given): who met whom; pairs already recorded are skipped. */
export type RecordSpeedDatingPairs = Message<'RecordSpeedDatingPairs', { readonly pairs: readonly SpeedDatingPair[] } & RecordedToday>;
export type CancelGathering = Message<'CancelGathering', { readonly reason: string; readonly cancelledAt: Instant }>;

export type GatheringCommand =
  | ScheduleGathering
  | RegisterParticipant
  | CancelRegistration
  | RescheduleGathering
  | HoldGathering
  | RecordAttendance
  | RecordSpeedDatingPairs
  | CancelGathering;

// ─── Events (past tense) ────────────────────────────────────────────────────

export type GatheringScheduled = Message<
  'GatheringScheduled',
  GatheringSchedule & {
    readonly gatheringId: string;
    readonly organisedBy: string;
    readonly scheduledAt: CalendarDate | Instant;
    /** The day in the network's time zone (absent in events written before it: `scheduledAt`'s calendar day). */
    readonly scheduledOn?: CalendarDate;
  }
>;
export type ParticipantRegistered = Message<'ParticipantRegistered', Participant & { readonly registeredAt: Instant }>;
export type RegistrationCancelled = Message<
  'RegistrationCancelled',
  {
    readonly participantId: string;
    readonly reason?: string;
    readonly cancelledAt: Instant;
  }
>;
/** Carries the resulting date, time and end time (`time`, `endTime` absent: none) and the previous date and time. */
export type GatheringRescheduled = Message<
  'GatheringRescheduled',
  {
    readonly previousDate: CalendarDate;
    readonly previousTime?: TimeOfDay;
    readonly date: CalendarDate;
    readonly time?: TimeOfDay;
    readonly endTime?: TimeOfDay;
    readonly reason: string;
    readonly rescheduledAt: Instant;
  }
>;
export type GatheringHeld = Message<'GatheringHeld', { readonly heldOn: CalendarDate }>;
/** Only participants not recorded before; each a registered participant. */
export type AttendanceRecorded = Message<'AttendanceRecorded', { readonly participantIds: readonly string[] }>;
/** Only pairs not recorded before. */
export type SpeedDatingPairsRecorded = Message<'SpeedDatingPairsRecorded', { readonly pairs: readonly SpeedDatingPair[] }>;
export type GatheringCancelled = Message<'GatheringCancelled', { readonly reason: string; readonly cancelledAt: Instant }>;

export type GatheringEvent =
  | GatheringScheduled
  | ParticipantRegistered
  | RegistrationCancelled
  | GatheringRescheduled
  | GatheringHeld
  | AttendanceRecorded
  | SpeedDatingPairsRecorded
  | GatheringCancelled;

// ─── State ──────────────────────────────────────────────────────────────────

export interface GatheringRegistration {
  readonly name: string;
  readonly organisation: string;
  readonly sphere: Sphere;
  readonly orgId?: string;
  readonly cancelled: boolean;
  readonly attended: boolean;
}

export type GatheringStatus = 'scheduled' | 'held' | 'cancelled';

export type GatheringState =
  | { readonly status: 'none' }
  | (GatheringSchedule & {
      readonly status: GatheringStatus;
      readonly gatheringId: string;
      readonly organisedBy: string;
      /** When it was scheduled (absent when its event has no real time, written by hand): nothing of it is dated before that day. */
      readonly scheduledAt?: CalendarDate | Instant;
      /** The day it was scheduled in the network's time zone, when its event says it: the floor of the dates given. */
      readonly scheduledOn?: CalendarDate;
      /** participantId → registration (cancelled ones kept: a participant may register again). */
      readonly registrations: Readonly<Record<string, GatheringRegistration>>;
      /** Speed dating pairs recorded, in order. */
      readonly pairs: readonly SpeedDatingPair[];
      readonly rescheduled: number;
      readonly heldOn?: CalendarDate;
    });

export const gatheringStream = (gatheringId: string): string => `gathering-${gatheringId}`;

/** Every gathering event type (the compiler checks the list is complete). */
export const GATHERING_EVENT_TYPES = Object.keys({
  GatheringScheduled: true,
  ParticipantRegistered: true,
  RegistrationCancelled: true,
  GatheringRescheduled: true,
  GatheringHeld: true,
  AttendanceRecorded: true,
  SpeedDatingPairsRecorded: true,
  GatheringCancelled: true,
} satisfies Record<GatheringEvent['type'], true>) as readonly GatheringEvent['type'][];
