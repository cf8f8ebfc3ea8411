import { isCalendarDate } from '../kernel/calendar-date';
import { ignoreUnknown } from '../kernel/decider';
import { isDateOrInstant } from '../kernel/instant';
import { isWellFormed, ownEntry } from '../kernel/validation';
import type { GatheringEvent, GatheringState, SpeedDatingPair } from './types';

/** Total: an event that does not fit the state (or is unknown) leaves it as it was. */
export function evolveGathering(state: GatheringState, event: GatheringEvent): GatheringState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'GatheringScheduled') return state;
    const { gatheringId, kind, theme, date, time, endTime, place, link, capacity, territoryId, organiser, organisedBy, scheduledAt, scheduledOn } = event.data;
    return {
      status: 'scheduled',
      gatheringId,
      kind,
      theme,
      date,
      ...(time === undefined ? {} : { time }),
      ...(endTime === undefined ? {} : { endTime }),
      ...(place === undefined ? {} : { place }),
      ...(link === undefined ? {} : { link }),
      ...(capacity === undefined ? {} : { capacity }),
      ...(territoryId === undefined ? {} : { territoryId }),
      ...(organiser === undefined ? {} : { organiser }),
      organisedBy,
      // A time that is not a date or an instant (written by hand) is left out: the gathering is then not checked.
      ...(isDateOrInstant(scheduledAt) ? { scheduledAt } : {}),
      ...(isDateOrInstant(scheduledAt) && isCalendarDate(scheduledOn) ? { scheduledOn } : {}),
      registrations: {},
      pairs: [],
      rescheduled: 0,
    };
  }
  switch (event.type) {
    case 'GatheringScheduled':
      return state;
    case 'ParticipantRegistered': {
      const { participantId, name, organisation, sphere, orgId } = event.data;
      if (state.status !== 'scheduled' || typeof participantId !== 'string') return state;
      const registration = { name, organisation, sphere, ...(typeof orgId === 'string' ? { orgId } : {}), cancelled: false, attended: false };
      return { ...state, registrations: { ...state.registrations, [participantId]: registration } };
    }
    case 'RegistrationCancelled': {
      const { participantId } = event.data;
      const registration = typeof participantId === 'string' ? ownEntry(state.registrations, participantId) : undefined;
      if (state.status !== 'scheduled' || registration === undefined) return state;
      return { ...state, registrations: { ...state.registrations, [participantId]: { ...registration, cancelled: true } } };
    }
    case 'GatheringRescheduled': {
      if (state.status !== 'scheduled') return state;
      const { date, time, endTime } = event.data;
      const { time: _previousTime, endTime: _previousEndTime, ...rest } = state;
      return { ...rest, date, ...(time === undefined ? {} : { time }), ...(endTime === undefined ? {} : { endTime }), rescheduled: state.rescheduled + 1 };
    }
    case 'GatheringHeld':
      return state.status === 'scheduled' ? { ...state, status: 'held', heldOn: event.data.heldOn } : state;
    case 'AttendanceRecorded': {
      const { participantIds } = event.data;
      if (state.status !== 'held' || !Array.isArray(participantIds)) return state;
      const present = new Set<unknown>(participantIds);
      // Rebuilt with `fromEntries`: an id such as `__proto__` stays a plain key.
      const registrations = Object.fromEntries(
        Object.entries(state.registrations).map(([id, registration]) => [id, present.has(id) ? { ...registration, attended: true } : registration]),
      );
      return { ...state, registrations };
    }
    case 'SpeedDatingPairsRecorded': {
      const { pairs } = event.data;
      if (state.status !== 'held' || !Array.isArray(pairs)) return state;
      const wellFormed = (pairs as readonly unknown[]).filter(
        (pair): pair is SpeedDatingPair =>
          typeof pair === 'object' &&
          pair !== null &&
          typeof (pair as SpeedDatingPair).associationId === 'string' &&
          typeof (pair as SpeedDatingPair).entrepriseId === 'string',
      );
      return { ...state, pairs: [...state.pairs, ...wellFormed.map(({ associationId, entrepriseId }) => ({ associationId, entrepriseId }))] };
    }
    case 'GatheringCancelled':
      return state.status === 'scheduled' ? { ...state, status: 'cancelled' } : state;
    default:
      return ignoreUnknown(event, state);
  }
}
