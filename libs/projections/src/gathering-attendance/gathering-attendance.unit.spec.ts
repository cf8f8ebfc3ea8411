import { EventLog, foldModel } from '../testing';
import { type GatheringAttendance, gatheringAttendance } from './gathering-attendance';

const G = 'gathering-speed-dating-labo-alsace-2014';

function speedDating(log: EventLog) {
  log.record(G, 'GatheringScheduled', {
    gatheringId: 'speed-dating-labo-alsace-2014',
    kind: 'speed_dating',
    theme: 'Speed dating associations – entreprises',
    date: '2014-03-20',
    time: '17:30',
    place: 'Strasbourg',
    capacity: 40,
    territoryId: 'alsace',
    organisedBy: 'cat-alsace',
    scheduledAt: '2014-02-03T09:00:00.000Z',
  });
  const people = [
    ['envie', 'Envie Strasbourg', 'association'],
    ['emmaus', 'Emmaüs Mundo', 'association'],
    ['es', 'Électricité de Strasbourg', 'entreprise'],
    ['hager', 'Hager Group', 'entreprise'],
  ];
  for (const [participantId, organisation, sphere] of people) {
    log.record(G, 'ParticipantRegistered', {
      participantId,
      name: `Représentant·e ${organisation}`,
      organisation,
      sphere,
      registeredAt: '2014-03-10T09:00:00.000Z',
    });
  }
  log.record(G, 'RegistrationCancelled', { participantId: 'emmaus', cancelledAt: '2014-03-18T09:00:00.000Z' });
}

describe('gathering attendance (read model)', () => {
  it('counts standing registrations by sphere, then attendance once held', () => {
    const log = new EventLog();
    speedDating(log);
    const scheduled = foldModel<GatheringAttendance>(gatheringAttendance, log.events).doc;
    expect(scheduled).toMatchObject({
      status: 'scheduled',
      registered: 3,
      registeredBySphere: { association: 1, entreprise: 2 },
      attended: 0,
      cancelledRegistrations: 1,
      month: '2014-03',
    });
    expect(scheduled).not.toHaveProperty('attendanceRate');

    log.record(G, 'GatheringHeld', { heldOn: '2014-03-20' });
    log.record(G, 'AttendanceRecorded', { participantIds: ['envie', 'es'] });
    log.record(G, 'SpeedDatingPairsRecorded', { pairs: [{ associationId: 'envie', entrepriseId: 'es' }] });
    const { doc } = foldModel<GatheringAttendance>(gatheringAttendance, log.events);
    expect(doc).toMatchObject({ status: 'held', registered: 3, attended: 2, attendanceRate: 0.67, pairs: [{ associationId: 'envie', entrepriseId: 'es' }] });
    expect(gatheringAttendance.tags(doc)).toEqual({
      kind: 'speed_dating',
      status: 'held',
      month: '2014-03',
      territory: 'alsace',
      participant: ['envie', 'es', 'hager'],
    });
  });

  it('announces scheduling and holding to the network, ops and its territory; everything in its own room', () => {
    const log = new EventLog();
    speedDating(log);
    log.record(G, 'GatheringHeld', { heldOn: '2014-03-20' });
    const { entries } = foldModel(gatheringAttendance, log.events);
    expect(entries.filter((e) => e.room === 'gathering:speed-dating-labo-alsace-2014')).toHaveLength(log.events.length);
    expect(entries.filter((e) => e.kind === 'GatheringHeld').map((e) => e.room)).toEqual([
      'gathering:speed-dating-labo-alsace-2014',
      'network',
      'ops',
      'territory:alsace',
    ]);
    expect(entries.filter((e) => e.kind === 'ParticipantRegistered').map((e) => e.room)).toEqual(Array(4).fill('gathering:speed-dating-labo-alsace-2014'));
    expect(entries.find((e) => e.room === 'network')?.data).toEqual({
      gatheringId: 'speed-dating-labo-alsace-2014',
      kind: 'speed_dating',
      theme: 'Speed dating associations – entreprises',
      date: '2014-03-20',
      status: 'scheduled',
      registered: 0,
      attended: 0,
    });
  });

  it('tags the organisations of standing registrations that name theirs, and tells their pages’ rooms (counts, never a name)', () => {
    const log = new EventLog();
    speedDating(log);
    const register = (participantId: string, orgId: string, organisation: string, sphere: string): void =>
      void log.record(G, 'ParticipantRegistered', {
        participantId,
        name: `Représentant·e ${organisation}`,
        organisation,
        sphere,
        orgId,
        registeredAt: '2014-03-11T09:00:00.000Z',
      });
    register('sdis', 'sdis-67', 'SDIS 67', 'association');
    register('lyonnaise', 'lyonnaise-des-eaux', 'Lyonnaise des Eaux', 'entreprise');
    log.record(G, 'RegistrationCancelled', { participantId: 'sdis', cancelledAt: '2014-03-12T09:00:00.000Z' });
    log.record(G, 'GatheringHeld', { heldOn: '2014-03-20' });
    log.record(G, 'AttendanceRecorded', { participantIds: ['envie', 'lyonnaise'] });
    const { doc, entries } = foldModel<GatheringAttendance>(gatheringAttendance, log.events);
    expect(gatheringAttendance.tags(doc)).toMatchObject({ org: ['lyonnaise-des-eaux'] });
    const rooms = (room: string): string[] => entries.filter((e) => e.room === room).map((e) => e.kind);
    expect(rooms('organisation:sdis-67')).toEqual(['ParticipantRegistered', 'RegistrationCancelled']);
    expect(rooms('organisation:lyonnaise-des-eaux')).toEqual(['ParticipantRegistered', 'GatheringHeld', 'AttendanceRecorded']);
    const attended = entries.find((e) => e.room === 'organisation:lyonnaise-des-eaux' && e.kind === 'AttendanceRecorded');
    expect(attended?.data).toMatchObject({ gatheringId: 'speed-dating-labo-alsace-2014', status: 'held', attended: 2 });
    expect(JSON.stringify(entries.filter((e) => e.room.startsWith('organisation:')).map((e) => e.data))).not.toContain('Représentant');
  });

  it('ignores an event whose data lacks what its type promises, instead of stopping the projector', () => {
    const log = new EventLog();
    const malformed = log.record('gathering-rencontre-2026', 'GatheringScheduled', { on: '2026-11-20' });
    const { doc, entries } = foldModel(gatheringAttendance, [malformed]);
    expect(doc).toBeUndefined();
    expect(entries).toEqual([]);
    speedDating(log);
    expect(foldModel<GatheringAttendance>(gatheringAttendance, log.events.slice(1)).doc).toMatchObject({ registered: 3 });
  });
});
