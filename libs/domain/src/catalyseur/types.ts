import type { Message } from '../kernel/decider';
import type { CalendarDate, CatalyseurSkill, Instant, Sphere } from '../kernel/vocabulary';

/**
 * A catalyseur's profile holds personal data (name). The plan for erasure
 * (docs/adr/0006-personal-data.md): personal fields live only in these events
 * and the directory; a later `ProfileErased` event and crypto-shredding of the
 * payloads will remove them from every read model and export.
 */
export interface CatalyseurProfile {
  readonly name: string;
  readonly sphere: Sphere;
  /** Territory id (the "zone de projets" the catalyseur animates). */
  readonly territory: string;
  readonly skills: readonly CatalyseurSkill[];
}

/** `joinedAt`: an instant, or a date for a catalyseur recorded afterwards; they cannot leave before that day. */
export type JoinNetwork = Message<'JoinNetwork', CatalyseurProfile & { readonly catalyseurId: string; readonly joinedAt: CalendarDate | Instant }>;
export type UpdateProfile = Message<'UpdateProfile', Partial<CatalyseurProfile>>;
export type LeaveNetwork = Message<'LeaveNetwork', { readonly reason?: string; readonly leftAt: Instant }>;

export type CatalyseurCommand = JoinNetwork | UpdateProfile | LeaveNetwork;

export type CatalyseurJoined = Message<'CatalyseurJoined', CatalyseurProfile & { readonly catalyseurId: string; readonly joinedAt: CalendarDate | Instant }>;
export type ProfileUpdated = Message<'ProfileUpdated', Partial<CatalyseurProfile>>;
export type CatalyseurLeft = Message<'CatalyseurLeft', { readonly reason?: string; readonly leftAt: Instant }>;

export type CatalyseurEvent = CatalyseurJoined | ProfileUpdated | CatalyseurLeft;

export type CatalyseurState =
  | { readonly status: 'none' }
  | ({
      readonly status: 'member' | 'left';
      readonly catalyseurId: string;
      readonly joinedAt: CalendarDate | Instant;
      /** When they left; absent for a member. */
      readonly leftAt?: Instant;
    } & CatalyseurProfile);

export const catalyseurStream = (catalyseurId: string): string => `catalyseur-${catalyseurId}`;

/** Every catalyseur event type (the compiler checks the list is complete). */
export const CATALYSEUR_EVENT_TYPES = Object.keys({
  CatalyseurJoined: true,
  ProfileUpdated: true,
  CatalyseurLeft: true,
} satisfies Record<CatalyseurEvent['type'], true>) as readonly CatalyseurEvent['type'][];
