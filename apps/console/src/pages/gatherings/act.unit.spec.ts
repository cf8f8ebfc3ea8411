/// <reference types="jest" />
import {
  actionsOf,
  attendancePending,
  attendanceRateText,
  holdable,
  hoursText,
  participantIdFor,
  reflects,
  registrationState,
  rescheduleBody,
  rescheduleProblem,
  runsGatherings,
  scheduleBody,
  type ScheduleForm,
  venueOf,
} from './act';

const FORM: ScheduleForm = {
  kind: 'atelier',
  theme: '  Mécénat de compétences ',
  date: '2025-03-20',
  time: '14:00',
  endTime: '',
  online: false,
  place: ' Privas ',
  link: 'https://visio.example.org/x',
  capacity: '',
  territoryId: '',
  organiser: ' ',
};

describe('who runs a gathering, and what its status offers', () => {
  it('follows the access table: catalyseurs and operators, not partners', () => {
    expect(runsGatherings('catalyseur')).toBe(true);
    expect(runsGatherings('operator')).toBe(true);
    expect(runsGatherings('partner')).toBe(false);
    expect(runsGatherings(undefined)).toBe(false);
  });

  it('offers each status its commands, and a cancelled gathering none', () => {
    expect(actionsOf('scheduled')).toEqual(['register', 'cancel-registration', 'reschedule', 'hold', 'cancel']);
    expect(actionsOf('held')).toEqual(['record-attendance']);
    expect(actionsOf('cancelled')).toEqual([]);
    expect(actionsOf('none')).toEqual([]);
  });

  it('sends a place or a link as the kind takes place, blanks left out', () => {
    expect(venueOf('atelier')).toBe('place');
    expect(venueOf('rencontre_annuelle')).toBe('place');
    expect(venueOf('webinaire')).toBe('link');
    expect(venueOf('speed_dating')).toBe('either');
    expect(venueOf('conference')).toBe('place');
    expect(venueOf('kermesse')).toBe('place');
    expect(venueOf('constructor')).toBe('place');
    expect(scheduleBody({ ...FORM, kind: 'conference', online: true })).toEqual({
      kind: 'conference',
      theme: 'Mécénat de compétences',
      date: '2025-03-20',
      time: '14:00',
      place: 'Privas',
    });
    expect(scheduleBody(FORM)).toEqual({ kind: 'atelier', theme: 'Mécénat de compétences', date: '2025-03-20', time: '14:00', place: 'Privas' });
    expect(scheduleBody({ ...FORM, kind: 'webinaire', endTime: '15:00', capacity: '100', territoryId: 'ardeche', organiser: ' CNFPT ' })).toEqual({
      kind: 'webinaire',
      theme: 'Mécénat de compétences',
      date: '2025-03-20',
      time: '14:00',
      endTime: '15:00',
      link: 'https://visio.example.org/x',
      capacity: 100,
      territoryId: 'ardeche',
      organiser: { name: 'CNFPT', inNetwork: false },
    });
    expect(scheduleBody({ ...FORM, kind: 'speed_dating', online: true })).toMatchObject({ link: 'https://visio.example.org/x' });
    expect(scheduleBody({ ...FORM, kind: 'speed_dating', online: false })).toMatchObject({ place: 'Privas' });
    expect(scheduleBody({ ...FORM, kind: 'speed_dating', online: false })).not.toHaveProperty('link');
  });

  it('gives a registered person an id of their name, two namesakes two ids', () => {
    expect(participantIdFor('Marie-Hélène Dupont', () => 0)).toBe('marie-helene-dupont-000000');
    expect(participantIdFor('  ', () => 0.5)).toBe('participant-iiiiii');
    expect(participantIdFor('Élise', () => 0.999)).toBe('elise-zzzzzz');
    expect(participantIdFor('Marie', Math.random)).not.toBe(participantIdFor('Marie', Math.random));
    expect(participantIdFor('x'.repeat(200))).toMatch(/^x{60}-[a-z0-9]{6}$/);
  });

  it('knows when the gathering shows a command, and says its hours the French way', () => {
    expect(reflects({ revision: 4 }, 4)).toBe(true);
    expect(reflects({ revision: '5' }, 4)).toBe(true);
    expect(reflects({ revision: 3 }, 4)).toBe(false);
    expect(hoursText('14:00', '17:30')).toBe('14\u00a0h\u00a0– 17\u00a0h\u00a030');
    expect(hoursText('09:15', undefined)).toBe('9\u00a0h\u00a015');
    expect(hoursText(undefined, '17:00')).toBe('');
  });
});

describe('rescheduling a gathering', () => {
  const moved = { date: '2025-03-21', time: '14:00', endTime: '16:00', reason: ' La salle est prise ' };

  it('sends the times the form holds; an emptied time as null, which removes it (absent, the api would keep it)', () => {
    expect(rescheduleBody(moved)).toEqual({ date: '2025-03-21', time: '14:00', endTime: '16:00', reason: 'La salle est prise' });
    expect(rescheduleBody({ ...moved, endTime: ' ' })).toEqual({ date: '2025-03-21', time: '14:00', endTime: null, reason: 'La salle est prise' });
    expect(rescheduleBody({ ...moved, time: '', endTime: '' })).toEqual({ date: '2025-03-21', time: null, endTime: null, reason: 'La salle est prise' });
  });

  it('says in French, before sending, an end that does not come after the start, or an end without a start', () => {
    expect(rescheduleProblem({ ...moved, endTime: '12:00' })).toBe('L’heure de fin (12\u00a0h) doit venir après l’heure de début (14\u00a0h).');
    expect(rescheduleProblem({ ...moved, endTime: '14:00' })).toBe('L’heure de fin (14\u00a0h) doit venir après l’heure de début (14\u00a0h).');
    expect(rescheduleProblem({ ...moved, time: ' ', endTime: '09:30' })).toBe(
      'Une heure de fin (9\u00a0h\u00a030) demande une heure de début : indiquez-la, ou videz l’heure de fin.',
    );
    expect(rescheduleProblem(moved)).toBeUndefined();
    expect(rescheduleProblem({ ...moved, endTime: '' })).toBeUndefined();
    expect(rescheduleProblem({ ...moved, time: '', endTime: '' })).toBeUndefined();
  });
});

describe('the attendance of a held gathering', () => {
  it('is « non relevé » until someone is recorded present, not « 0 % »', () => {
    expect(attendancePending({ status: 'held', attended: 0, attendanceRate: 0 })).toBe(true);
    expect(attendanceRateText({ status: 'held', attended: 0, attendanceRate: 0 })).toBe('non relevé');
    expect(attendanceRateText({ status: 'held', attended: 1, attendanceRate: 0.5 })).toBe('50 %');
    expect(attendanceRateText({ status: 'scheduled', attended: 0 })).toBe('—');
    expect(attendanceRateText({ status: 'scheduled', attended: 0, attendanceRate: 0 })).toBe('0 %');
  });

  it('says each participant « à relever » until then, not « absent·e »', () => {
    const paul = { cancelled: false };
    expect(registrationState(paul, 'held', true)).toBe('à relever');
    expect(registrationState(paul, 'held', false)).toBe('absent·e');
    expect(registrationState({ cancelled: false, attended: true }, 'held', false)).toBe('présent·e');
    expect(registrationState(paul, 'scheduled')).toBe('inscrit·e');
    expect(registrationState({ cancelled: true }, 'held', true)).toBe('inscription annulée');
  });
});

describe('marking a gathering held', () => {
  it('is offered once its day has come, not before', () => {
    expect(holdable('2026-12-05', '2026-12-05')).toBe(true);
    expect(holdable('2026-12-01', '2026-12-05')).toBe(true);
    expect(holdable('2026-12-06', '2026-12-05')).toBe(false);
    expect(holdable('2027-01-15', '2026-12-31')).toBe(false);
    expect(holdable('', '2026-12-05')).toBe(false);
  });
});
