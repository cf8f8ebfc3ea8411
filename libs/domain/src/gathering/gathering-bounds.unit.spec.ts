import { specFor } from '../testing';
import { gatheringDecider } from './decider';
import {
  GATHERING_REGISTRATIONS_MAX,
  GATHERING_RESCHEDULES_MAX,
  SPEED_DATING_PAIRS_MAX,
  type GatheringCommand,
  type GatheringEvent,
  type ScheduleGathering,
  type SpeedDatingPair,
} from './types';

/*
 * How much a gathering holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): the command beyond a
 * bound is refused (RULE_VIOLATED naming it, nothing decided); events already stored are read as they are.
 */

const { given } = specFor(gatheringDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

// The Alsace speed dating of 2013, with no capacity given: only the bounds limit it.
const { capacity: _none, ...speedDatingData }: ScheduleGathering['data'] = {
  gatheringId: 'speed-dating-alsace-2013',
  kind: 'speed_dating',
  theme: 'Speed dating associations – entreprises',
  date: '2013-11-21',
  place: 'Alsace Active, Strasbourg',
  capacity: 4,
  organisedBy: 'alsace-active',
  scheduledAt: '2013-10-01T09:00:00+02:00',
};
const scheduled: GatheringEvent = { type: 'GatheringScheduled', data: speedDatingData };
const REGISTERED_AT = '2013-10-02T10:00:00+02:00';
const times = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_unused, i) => make(i));
const registered = (participantId: string, sphere: 'association' | 'entreprise' = 'association'): GatheringEvent => ({
  type: 'ParticipantRegistered',
  data: { participantId, name: participantId, organisation: participantId, sphere, registeredAt: REGISTERED_AT },
});
const register = (participantId: string): GatheringCommand => ({
  type: 'RegisterParticipant',
  data: { participantId, name: 'Paul Weiss', organisation: 'Épicerie solidaire', sphere: 'association', registeredAt: REGISTERED_AT },
});
const rescheduled = (i: number): GatheringEvent => ({
  type: 'GatheringRescheduled',
  data: { previousDate: '2013-11-21', date: '2013-11-21', reason: `report ${i}`, rescheduledAt: REGISTERED_AT },
});

describe('gathering decider: bounds on what a gathering holds', () => {
  it(`registers its ${GATHERING_REGISTRATIONS_MAX}th participant, refuses one more, a cancelled one counted (who may register again)`, () => {
    const almost = [scheduled, ...times(GATHERING_REGISTRATIONS_MAX - 1, (i) => registered(`p-${i}`))];
    given(almost)
      .when(register('paul-weiss'))
      .then([{ type: 'ParticipantRegistered', data: (register('paul-weiss') as Extract<GatheringCommand, { type: 'RegisterParticipant' }>).data }]);
    const full = [
      ...almost,
      registered('p-last'),
      { type: 'RegistrationCancelled', data: { participantId: 'p-0', cancelledAt: REGISTERED_AT } } as GatheringEvent,
    ];
    given(full)
      .when(register('paul-weiss'))
      .thenThrows('RULE_VIOLATED', `a gathering cannot register more participants (at most ${GATHERING_REGISTRATIONS_MAX})`);
    given(full)
      .when(register('p-0'))
      .then([{ type: 'ParticipantRegistered', data: { ...(register('p-0').data as object), participantId: 'p-0' } as never }]);
  });

  it(`records ${SPEED_DATING_PAIRS_MAX} pairs in all, not more`, () => {
    const side = Math.ceil(Math.sqrt(SPEED_DATING_PAIRS_MAX + 1));
    const associations = times(side, (i) => `asso-${i}`);
    const entreprises = times(side, (i) => `ent-${i}`);
    const everyPair: SpeedDatingPair[] = associations.flatMap((associationId) => entreprises.map((entrepriseId) => ({ associationId, entrepriseId })));
    const attended: GatheringEvent[] = [
      scheduled,
      ...associations.map((id) => registered(id)),
      ...entreprises.map((id) => registered(id, 'entreprise')),
      { type: 'GatheringHeld', data: { heldOn: '2013-11-21' } },
      { type: 'AttendanceRecorded', data: { participantIds: [...associations, ...entreprises] } },
    ];
    const almost = [...attended, { type: 'SpeedDatingPairsRecorded', data: { pairs: everyPair.slice(0, SPEED_DATING_PAIRS_MAX - 1) } } as GatheringEvent];
    const [last, beyond] = everyPair.slice(SPEED_DATING_PAIRS_MAX - 1) as [SpeedDatingPair, SpeedDatingPair];
    const recordPairs = (pairs: unknown[]): GatheringCommand => ({ type: 'RecordSpeedDatingPairs', data: { pairs } }) as GatheringCommand;
    given(almost)
      .when(recordPairs([last, beyond]))
      .thenThrows('RULE_VIOLATED', `a speed dating cannot record so many pairs (at most ${SPEED_DATING_PAIRS_MAX}, got ${SPEED_DATING_PAIRS_MAX + 1})`);
    // Pairs recorded before are skipped, not counted again.
    given(almost)
      .when(recordPairs([everyPair[0], last]))
      .then([{ type: 'SpeedDatingPairsRecorded', data: { pairs: [last] } }]);
  });

  it(`is rescheduled ${GATHERING_RESCHEDULES_MAX} times, not once more`, () => {
    const reschedule: GatheringCommand = {
      type: 'RescheduleGathering',
      data: { date: '2013-11-28', reason: 'salle indisponible', rescheduledAt: REGISTERED_AT },
    };
    given([scheduled, ...times(GATHERING_RESCHEDULES_MAX - 1, rescheduled)])
      .when(reschedule)
      .then([
        {
          type: 'GatheringRescheduled',
          data: { previousDate: '2013-11-21', date: '2013-11-28', reason: 'salle indisponible', rescheduledAt: REGISTERED_AT },
        },
      ]);
    given([scheduled, ...times(GATHERING_RESCHEDULES_MAX, rescheduled)])
      .when(reschedule)
      .thenThrows('RULE_VIOLATED', `a gathering cannot be rescheduled again (at most ${GATHERING_RESCHEDULES_MAX})`);
  });
});
