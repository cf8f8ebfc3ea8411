/**
 * Gathering attendance beyond the speed dating: the monthly webinaires (the
 * third Thursday, online, no territory), the rencontre annuelle of the réseau
 * des pionniers, reschedulings, cancellations, and events that must never stop
 * the projector.
 */
import type { RecordedEvent } from '@catalyse/event-store';
import { EventLog, foldModel } from '../testing';
import { type GatheringAttendance, gatheringAttendance } from './gathering-attendance';

const W = 'gathering-webinaire-2018-04';

/** Le voyage s'initie le 3 avril 2018 (002); the network's own webinaire comes on the third Thursday, 19 April. */
function webinaire(log: EventLog): void {
  log.record(W, 'GatheringScheduled', {
    gatheringId: 'webinaire-2018-04',
    kind: 'webinaire',
    theme: 'Le rôle des collectivités dans la co-construction territoriale',
    date: '2018-04-19',
    time: '12:00',
    link: 'https://webinaires.example/co-construction-2018-04',
    organisedBy: 'op-rameau',
    scheduledAt: '2018-03-01T09:00:00.000Z',
  });
  const people = [
    ['cat-alsace', 'Jean-Yves', 'Alsace Active', 'association'],
    ['cat-idf', 'Diane', 'Coordin’Actions', 'association'],
    ['cat-cnfpt', 'Claire', 'CNFPT', 'institution'],
    ['cat-ardeche', 'Paul', 'Conseil général de l’Ardèche', 'collectivite'],
  ] as const;
  for (const [participantId, name, organisation, sphere] of people) {
    log.record(W, 'ParticipantRegistered', { participantId, name, organisation, sphere, registeredAt: '2018-04-02T09:00:00.000Z' });
  }
}

const rooms = (entries: readonly { room: string; kind: string }[], kind: string): string[] => entries.filter((e) => e.kind === kind).map((e) => e.room);

describe('gathering attendance: webinaires, the rencontre annuelle, reschedulings and cancellations', () => {
  it('a webinaire without territory: announced in network and ops, never in a territory feed; counts by sphere', () => {
    const log = new EventLog();
    webinaire(log);
    const { doc, entries } = foldModel<GatheringAttendance>(gatheringAttendance, log.events);
    expect(doc).toMatchObject({
      kind: 'webinaire',
      status: 'scheduled',
      date: '2018-04-19',
      time: '12:00',
      link: 'https://webinaires.example/co-construction-2018-04',
      registered: 4,
      registeredBySphere: { association: 2, institution: 1, collectivite: 1 },
      attended: 0,
      rescheduled: 0,
      month: '2018-04',
      revision: '4',
      position: '5',
    });
    expect(doc).not.toHaveProperty('place');
    expect(doc).not.toHaveProperty('territoryId');
    expect(gatheringAttendance.tags(doc)).toEqual({
      kind: 'webinaire',
      status: 'scheduled',
      month: '2018-04',
      participant: ['cat-alsace', 'cat-idf', 'cat-cnfpt', 'cat-ardeche'],
    });
    expect(rooms(entries, 'GatheringScheduled')).toEqual(['gathering:webinaire-2018-04', 'network', 'ops']);
    expect(entries.some((e) => e.room.startsWith('territory:'))).toBe(false);
    // The room entry carries the event; the announcement a summary.
    expect(entries[0]?.data).toMatchObject({
      gatheringId: 'webinaire-2018-04',
      kind: 'webinaire',
      link: 'https://webinaires.example/co-construction-2018-04',
      organisedBy: 'op-rameau',
    });
    expect(entries.find((e) => e.room === 'network')?.data).toEqual({
      gatheringId: 'webinaire-2018-04',
      kind: 'webinaire',
      theme: 'Le rôle des collectivités dans la co-construction territoriale',
      date: '2018-04-19',
      status: 'scheduled',
      registered: 0,
      attended: 0,
    });
  });

  it('rescheduled to the next third Thursday: the date, the month tag and the count move; the announcement says so', () => {
    const log = new EventLog();
    webinaire(log);
    log.record(W, 'GatheringRescheduled', {
      previousDate: '2018-04-19',
      previousTime: '12:00',
      date: '2018-05-17',
      reason: 'le 19 avril tombe pendant les vacances de printemps',
      rescheduledAt: '2018-04-05T09:00:00.000Z',
    });
    const { doc, entries } = foldModel<GatheringAttendance>(gatheringAttendance, log.events);
    expect(doc).toMatchObject({ date: '2018-05-17', month: '2018-05', rescheduled: 1, status: 'scheduled', registered: 4 });
    expect(doc).not.toHaveProperty('time'); // the event carries the resulting time: none given, none kept
    expect(gatheringAttendance.tags(doc)).toMatchObject({ month: '2018-05' });
    expect(rooms(entries, 'GatheringRescheduled')).toEqual(['gathering:webinaire-2018-04', 'network', 'ops']);
    expect(entries.find((e) => e.kind === 'GatheringRescheduled' && e.room === 'network')?.data).toMatchObject({
      date: '2018-05-17',
      status: 'scheduled',
      registered: 4,
    });
  });

  it('registrations and cancellations stay in the gathering’s own room; a cancelled registration frees its count', () => {
    const log = new EventLog();
    webinaire(log);
    log.record(W, 'RegistrationCancelled', { participantId: 'cat-cnfpt', reason: 'formation le même jour', cancelledAt: '2018-04-10T09:00:00.000Z' });
    const { doc, entries } = foldModel<GatheringAttendance>(gatheringAttendance, log.events);
    expect(doc).toMatchObject({ registered: 3, cancelledRegistrations: 1, registeredBySphere: { association: 2, collectivite: 1 } });
    expect(doc?.registrations['cat-cnfpt']).toEqual({ name: 'Claire', organisation: 'CNFPT', sphere: 'institution', cancelled: true, attended: false });
    expect(rooms(entries, 'ParticipantRegistered')).toEqual(Array(4).fill('gathering:webinaire-2018-04'));
    expect(rooms(entries, 'RegistrationCancelled')).toEqual(['gathering:webinaire-2018-04']);
  });

  it('a rencontre annuelle on a territory: held, attendance and its rate; announced in network, ops and the territory', () => {
    const log = new EventLog();
    const R = 'gathering-rencontre-pionniers-2015';
    log.record(R, 'GatheringScheduled', {
      gatheringId: 'rencontre-pionniers-2015',
      kind: 'rencontre_annuelle',
      theme: 'Rencontre annuelle du réseau des pionniers des alliances en territoire',
      date: '2015-06-11',
      time: '09:30',
      place: 'Paris, Caisse des Dépôts',
      capacity: 350,
      territoryId: 'ile-de-france',
      organisedBy: 'op-rameau',
      scheduledAt: '2015-03-02T09:00:00.000Z',
    });
    for (const [k, sphere] of (['association', 'entreprise', 'collectivite', 'association', 'academique'] as const).entries()) {
      log.record(R, 'ParticipantRegistered', {
        participantId: `pionnier-${k + 1}`,
        name: `Pionnier ${k + 1}`,
        organisation: `Organisation ${k + 1}`,
        sphere,
        registeredAt: '2015-05-02T09:00:00.000Z',
      });
    }
    log.record(R, 'GatheringHeld', { heldOn: '2015-06-11' });
    log.record(R, 'AttendanceRecorded', { participantIds: ['pionnier-1', 'pionnier-2', 'pionnier-4'] });
    const { doc, entries, docs } = foldModel<GatheringAttendance>(gatheringAttendance, log.events);
    expect(doc).toMatchObject({
      status: 'held',
      heldOn: '2015-06-11',
      place: 'Paris, Caisse des Dépôts',
      capacity: 350,
      registered: 5,
      attended: 3,
      attendanceRate: 0.6,
      pairs: [],
    });
    expect(docs.at(-2)).toMatchObject({ status: 'held', attended: 0, attendanceRate: 0 }); // held, the sign-in sheet not recorded yet
    expect(gatheringAttendance.tags(doc)).toMatchObject({ kind: 'rencontre_annuelle', status: 'held', territory: 'ile-de-france', month: '2015-06' });
    expect(rooms(entries, 'GatheringHeld')).toEqual(['gathering:rencontre-pionniers-2015', 'network', 'ops', 'territory:ile-de-france']);
    expect(rooms(entries, 'AttendanceRecorded')).toEqual(['gathering:rencontre-pionniers-2015']);
  });

  it('a cancelled atelier: status cancelled, announced everywhere it was announced, and later events change nothing', () => {
    const log = new EventLog();
    const A = 'gathering-atelier-achats-responsables';
    log.record(A, 'GatheringScheduled', {
      gatheringId: 'atelier-achats-responsables',
      kind: 'atelier',
      theme: 'Achats responsables',
      date: '2014-10-09',
      place: 'Mulhouse',
      territoryId: 'alsace',
      organisedBy: 'cat-alsace',
      scheduledAt: '2014-09-01T09:00:00.000Z',
    });
    log.record(A, 'GatheringCancelled', { reason: 'trop peu d’inscrits', cancelledAt: '2014-10-01T09:00:00.000Z' });
    log.record(A, 'GatheringHeld', { heldOn: '2014-10-09' }); // never emitted by the decider: evolve ignores it
    const { doc, entries, docs } = foldModel<GatheringAttendance>(gatheringAttendance, log.events);
    expect(doc).toMatchObject({ status: 'cancelled', revision: '2' });
    expect(doc).not.toHaveProperty('heldOn');
    expect(docs[1]).toMatchObject({ status: 'cancelled' });
    expect(gatheringAttendance.tags(doc)).toEqual({ kind: 'atelier', status: 'cancelled', month: '2014-10', territory: 'alsace', participant: [] });
    expect(rooms(entries, 'GatheringCancelled')).toEqual(['gathering:atelier-achats-responsables', 'network', 'ops', 'territory:alsace']);
    expect(entries.find((e) => e.kind === 'GatheringCancelled' && e.room === 'territory:alsace')?.data).toMatchObject({ status: 'cancelled' });
  });

  it('never throws: unknown types, data that is not an object, events before the first one — the document stays as it was', () => {
    const log = new EventLog();
    webinaire(log);
    const { doc } = foldModel<GatheringAttendance>(gatheringAttendance, log.events);
    const odd: RecordedEvent[] = [
      log.record(W, 'GatheringTeleported', { to: 'Mars' }),
      log.record(W, 'ParticipantRegistered', null),
      log.record(W, 'ParticipantRegistered', 'cat-x'),
      log.record(W, 'AttendanceRecorded', { participantIds: 'cat-alsace' }),
      log.record(W, 'SpeedDatingPairsRecorded', { pairs: [null, 3] }),
      log.record(W, 'RegistrationCancelled', { participantId: { toString: 1 } }),
    ];
    for (const event of odd) {
      const after = gatheringAttendance.evolve(doc, event);
      expect(() => gatheringAttendance.tags(after)).not.toThrow();
      expect(() => gatheringAttendance.feeds(event, { before: doc, after })).not.toThrow();
      expect(after && { ...after, revision: '', position: '', updatedAt: '' }).toEqual(doc && { ...doc, revision: '', position: '', updatedAt: '' });
    }
    expect(gatheringAttendance.evolve(doc, odd[0] as RecordedEvent)).toBe(doc); // an unknown type is not even a new version
    expect(gatheringAttendance.feeds(odd[0] as RecordedEvent, { before: doc, after: doc })).toEqual([]);
    // Before a GatheringScheduled there is no document, whatever comes.
    expect(
      gatheringAttendance.evolve(
        undefined,
        log.record('gathering-x', 'ParticipantRegistered', { participantId: 'p', name: 'P', organisation: 'O', sphere: 'association' }),
      ),
    ).toBeUndefined();
    expect(gatheringAttendance.evolve(undefined, log.record('gathering-x', 'GatheringScheduled', null))).toBeUndefined();
  });
});
