/**
 * Gatherings organised outside the network, and their end time: the webinaire of the CNFPT's e-communauté
 * développement local on Tuesday 3 April 2018, 12:00–14:00, and Territoires Conseils' on Thursday 5 April, 10:00–12:00,
 * beside the network's own monthly webinaire on the third Thursday.
 */
import { specFor } from '../testing';
import { gatheringDecider } from './decider';
import type { GatheringCommand, GatheringEvent, GatheringState, ScheduleGathering } from './types';

const { given } = specFor(gatheringDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const cnfpt: ScheduleGathering['data'] = {
  gatheringId: 'webinaire-cnfpt-2018-04-03',
  kind: 'webinaire',
  theme: 'Le rôle des collectivités territoriales dans le mouvement de co-construction territoriale',
  date: '2018-04-03',
  time: '12:00',
  endTime: '14:00',
  link: 'https://cnfpt-formation.adobeconnect.com/rih1bObsdwe7/',
  organiser: { name: 'e-communauté développement local du CNFPT', inNetwork: false },
  organisedBy: 'op-demo',
  scheduledAt: '2018-03-06',
};

const schedule = (data: Partial<ScheduleGathering['data']> = {}): GatheringCommand => ({ type: 'ScheduleGathering', data: { ...cnfpt, ...data } });
const scheduled: GatheringEvent = { type: 'GatheringScheduled', data: cnfpt };

const stateOf = (state: GatheringState) => {
  if (state.status === 'none') throw new Error('expected a scheduled gathering');
  return state;
};

describe('gathering: organisers and end times', () => {
  describe('ScheduleGathering', () => {
    it('schedules a webinaire organised outside the network on any date, with its end time and organiser', () => {
      const state = given([]).when(schedule()).then([scheduled]);
      expect(stateOf(state)).toMatchObject({ endTime: '14:00', organiser: { name: 'e-communauté développement local du CNFPT', inNetwork: false } });
    });

    it('keeps the network’s monthly webinaire on the third Thursday, organiser named or not', () => {
      given([])
        .when(schedule({ organiser: { name: 'Le RAMEAU', inNetwork: true } }))
        .thenThrows('RULE_VIOLATED', 'a webinaire falls on the third thursday of its month: 2018-04-19, not 2018-04-03');
      const { organiser: _organiser, ...network } = cnfpt;
      given([])
        .when({ type: 'ScheduleGathering', data: network })
        .thenThrows('RULE_VIOLATED', 'a webinaire falls on the third thursday of its month: 2018-04-19, not 2018-04-03');
      given([])
        .when(schedule({ date: '2018-04-19', organiser: { name: 'Le RAMEAU', inNetwork: true } }))
        .then([{ type: 'GatheringScheduled', data: { ...cnfpt, date: '2018-04-19', organiser: { name: 'Le RAMEAU', inNetwork: true } } }]);
    });

    it.each([
      [{ endTime: '11:00' }, 'the end time (11:00) must come after the start time (12:00)'],
      [{ endTime: '12:00' }, 'the end time (12:00) must come after the start time (12:00)'],
      [{ time: undefined }, 'an end time needs a start time'],
      [{ endTime: '25:00' }, 'the time must be written HH:MM, from 00:00 to 23:59 (got "25:00")'],
      [{ organiser: { name: ' ', inNetwork: false } }, 'an organiser needs a name'],
      [{ organiser: { name: 'CNFPT', inNetwork: 'non' } as never }, 'an organiser is in the network or not (inNetwork must be true or false)'],
      [{ organiser: 'CNFPT' as never }, 'an organiser needs a name and whether it is in the network'],
    ] as const)('refuses %j', (data, message) => {
      given([]).when(schedule(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('RescheduleGathering', () => {
    it('moves a webinaire organised outside the network to another day, keeping its end time', () => {
      const state = given([scheduled])
        .when({ type: 'RescheduleGathering', data: { date: '2018-04-04', reason: 'salle virtuelle indisponible', rescheduledAt: '2018-03-20T10:00:00Z' } })
        .then([
          {
            type: 'GatheringRescheduled',
            data: {
              previousDate: '2018-04-03',
              previousTime: '12:00',
              date: '2018-04-04',
              time: '12:00',
              endTime: '14:00',
              reason: 'salle virtuelle indisponible',
              rescheduledAt: '2018-03-20T10:00:00Z',
            },
          },
        ]);
      expect(stateOf(state)).toMatchObject({ date: '2018-04-04', time: '12:00', endTime: '14:00' });
    });

    it('changes the end time alone', () => {
      given([scheduled])
        .when({ type: 'RescheduleGathering', data: { date: '2018-04-03', endTime: '13:30', reason: 'plus court', rescheduledAt: '2018-03-20T10:00:00Z' } })
        .then([
          {
            type: 'GatheringRescheduled',
            data: {
              previousDate: '2018-04-03',
              previousTime: '12:00',
              date: '2018-04-03',
              time: '12:00',
              endTime: '13:30',
              reason: 'plus court',
              rescheduledAt: '2018-03-20T10:00:00Z',
            },
          },
        ]);
    });

    it('refuses a new start time at or after the end time', () => {
      given([scheduled])
        .when({ type: 'RescheduleGathering', data: { date: '2018-04-03', time: '14:30', reason: 'retard', rescheduledAt: '2018-03-20T10:00:00Z' } })
        .thenThrows('RULE_VIOLATED', 'the end time (14:00) must come after the start time (14:30)');
    });
  });
});
