/**
 * The accompaniment card: the centre social of Privas prepared by a catalyseur
 * of the Ardèche (opened, two sessions, its maturity seen twice, closed ready);
 * every event in the organisation's room; events that must never stop the
 * projector.
 */
import type { RecordedEvent } from '@catalyse/event-store';
import { EventLog, foldModel } from '../testing';
import { type AccompanimentCard, accompanimentCards } from './accompaniment-card';

const A = 'accompaniment-csc-privas-2014';
const OPENED = {
  accompanimentId: 'csc-privas-2014',
  organisationId: 'csc-privas',
  catalyseurId: 'cat-ardeche',
  purpose: 'préparer le centre social à un premier partenariat',
  openedOn: '2014-02-03',
};

function privas(log: EventLog): void {
  log.record(A, 'AccompanimentOpened', OPENED);
  log.record(A, 'AccompanimentSessionHeld', { heldOn: '2014-02-17', topics: ['gouvernance'], summary: 'Premier tour des besoins.', recordedBy: 'cat-ardeche' });
  log.record(A, 'OrganisationMaturityRecorded', { maturity: 'decouverte', objectiveFamilies: ['parties_prenantes'], recordedOn: '2014-02-17' });
}

describe('accompaniment card (read model)', () => {
  it('shows the accompaniment, its sessions and maturity; tagged by organisation, catalyseur and status; every event in the organisation’s room', () => {
    const log = new EventLog();
    privas(log);
    const { doc, entries } = foldModel<AccompanimentCard>(accompanimentCards, log.events);
    expect(doc).toMatchObject({
      status: 'open',
      ...OPENED,
      sessions: [{ heldOn: '2014-02-17', topics: ['gouvernance'], summary: 'Premier tour des besoins.', recordedBy: 'cat-ardeche' }],
      sessionCount: 1,
      lastSessionOn: '2014-02-17',
      maturity: { maturity: 'decouverte', objectiveFamilies: ['parties_prenantes'], recordedOn: '2014-02-17' },
      revision: '2',
    });
    expect(accompanimentCards.tags(doc)).toEqual({ organisation: 'csc-privas', catalyseur: 'cat-ardeche', status: 'open' });
    expect(entries.map((e) => [e.room, e.kind])).toEqual([
      ['organisation:csc-privas', 'AccompanimentOpened'],
      ['organisation:csc-privas', 'AccompanimentSessionHeld'],
      ['organisation:csc-privas', 'OrganisationMaturityRecorded'],
    ]);
    // A session's entry carries its summary beside who recorded it (an erasure finds it there).
    expect(entries[1]?.data).toMatchObject({
      accompanimentId: 'csc-privas-2014',
      organisationId: 'csc-privas',
      summary: 'Premier tour des besoins.',
      recordedBy: 'cat-ardeche',
    });
  });

  it('closed ready: status, outcome and their tags follow', () => {
    const log = new EventLog();
    privas(log);
    log.record(A, 'OrganisationMaturityRecorded', { maturity: 'engagee', objectiveFamilies: ['parties_prenantes', 'innovation'], recordedOn: '2014-03-20' });
    log.record(A, 'AccompanimentClosed', { ...OPENED, closedOn: '2014-04-01', outcome: 'ready', reason: 'deux pistes identifiées' });
    const { doc, entries } = foldModel<AccompanimentCard>(accompanimentCards, log.events);
    expect(doc).toMatchObject({
      status: 'closed',
      closedOn: '2014-04-01',
      outcome: 'ready',
      closingReason: 'deux pistes identifiées',
      maturity: { maturity: 'engagee' },
    });
    expect(doc?.maturityHistory.map((m) => m.maturity)).toEqual(['decouverte', 'engagee']);
    expect(accompanimentCards.tags(doc)).toEqual({ organisation: 'csc-privas', catalyseur: 'cat-ardeche', status: 'closed', outcome: 'ready' });
    expect(entries.at(-1)).toMatchObject({ room: 'organisation:csc-privas', kind: 'AccompanimentClosed', data: { status: 'closed', outcome: 'ready' } });
  });

  it('never throws: unknown types and malformed data leave the card as it was', () => {
    const log = new EventLog();
    privas(log);
    const { doc } = foldModel<AccompanimentCard>(accompanimentCards, log.events);
    const odd: RecordedEvent[] = [
      log.record(A, 'AccompanimentMoved', { to: 'x' }),
      log.record(A, 'AccompanimentSessionHeld', null),
      log.record(A, 'AccompanimentSessionHeld', { heldOn: '2014-03-01', topics: 'gouvernance' }),
      log.record(A, 'OrganisationMaturityRecorded', [1, 2]),
    ];
    for (const event of odd) {
      const after = accompanimentCards.evolve(doc, event);
      expect(() => accompanimentCards.tags(after)).not.toThrow();
      expect(() => accompanimentCards.feeds(event, { before: doc, after })).not.toThrow();
      expect(after && { ...after, revision: '', position: '', updatedAt: '' }).toEqual(doc && { ...doc, revision: '', position: '', updatedAt: '' });
    }
    expect(accompanimentCards.evolve(undefined, log.record('accompaniment-y', 'AccompanimentClosed', { outcome: 'ready' }))).toBeUndefined();
  });
});
