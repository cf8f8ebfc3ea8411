/**
 * The organisation page: FLDA registered with its SIREN, renamed, moved to
 * another size band, its alliance strategy recorded then replaced; the
 * association of a territory with its RNA number; events that must never stop
 * the projector.
 */
import type { RecordedEvent } from '@catalyse/event-store';
import { EventLog, foldModel } from '../testing';
import { type OrganisationPage, organisationPages } from './organisation-page';

const O = 'organisation-flda';

function flda(log: EventLog): void {
  log.record(O, 'OrganisationRegistered', {
    organisationId: 'flda',
    name: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche',
    kind: 'fondation',
    size: 'pme',
    territoryId: 'ardeche',
    registryNumber: '775672272',
    registeredAt: '2014-01-06T08:00:00.000Z',
  });
}

describe('organisation page (read model)', () => {
  it('shows the profile, the register of its number, when it was registered and last changed; tagged by territory, kind and size', () => {
    const log = new EventLog();
    flda(log);
    const { doc } = foldModel<OrganisationPage>(organisationPages, log.events);
    expect(doc).toMatchObject({
      status: 'registered',
      organisationId: 'flda',
      name: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche',
      kind: 'fondation',
      size: 'pme',
      territoryId: 'ardeche',
      registryNumber: '775672272',
      registry: 'siren',
      registeredAt: '2014-01-06T08:00:00.000Z',
      revision: '0',
      position: '1',
      updatedAt: expect.any(String),
    });
    expect(doc).not.toHaveProperty('strategy');
    expect(organisationPages.tags(doc)).toEqual({ territory: 'ardeche', kind: 'fondation', size: 'pme', objective: [] });
  });

  it('follows a rename and a new size band, then the strategy; a later strategy replaces it whole, and so do its tags', () => {
    const log = new EventLog();
    flda(log);
    log.record(O, 'OrganisationProfileUpdated', { name: 'FLDA', size: 'eti' });
    log.record(O, 'AllianceStrategyRecorded', { maturity: 'engagee', objectiveFamilies: ['parties_prenantes', 'innovation'], recordedOn: '2014-03-01' });
    const { doc, entries, docs } = foldModel<OrganisationPage>(organisationPages, log.events);
    expect(doc).toMatchObject({
      name: 'FLDA',
      size: 'eti',
      kind: 'fondation',
      strategy: { maturity: 'engagee', objectiveFamilies: ['parties_prenantes', 'innovation'], recordedOn: '2014-03-01' },
      revision: '2',
    });
    expect(docs[1]).toMatchObject({ name: 'FLDA', revision: '1' });
    expect(organisationPages.tags(doc)).toEqual({
      territory: 'ardeche',
      kind: 'fondation',
      size: 'eti',
      maturity: 'engagee',
      objective: ['parties_prenantes', 'innovation'],
    });
    expect(entries.map((e) => [e.room, e.kind, e.data])).toEqual([
      [
        'organisation:flda',
        'OrganisationRegistered',
        expect.objectContaining({ organisationId: 'flda', name: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche' }),
      ],
      ['organisation:flda', 'OrganisationProfileUpdated', { organisationId: 'flda', name: 'FLDA', size: 'eti' }],
      ['organisation:flda', 'AllianceStrategyRecorded', expect.objectContaining({ organisationId: 'flda', maturity: 'engagee' })],
    ]);

    log.record(O, 'AllianceStrategyRecorded', { maturity: 'strategique', objectiveFamilies: ['economique'], recordedOn: '2016-05-10' });
    const later = foldModel<OrganisationPage>(organisationPages, log.events).doc;
    expect(later?.strategy).toEqual({ maturity: 'strategique', objectiveFamilies: ['economique'], recordedOn: '2016-05-10' });
    expect(organisationPages.tags(later)).toMatchObject({ maturity: 'strategique', objective: ['economique'] });
  });

  it('an association with its RNA number; none without a number', () => {
    const log = new EventLog();
    log.record('organisation-csc-privas', 'OrganisationRegistered', {
      organisationId: 'csc-privas',
      name: 'Centre social de Privas',
      kind: 'association',
      size: 'tpe',
      territoryId: 'ardeche',
      registryNumber: 'W073001234',
      registeredAt: '2014-02-01',
    });
    expect(foldModel<OrganisationPage>(organisationPages, log.events).doc).toMatchObject({ registry: 'rna', registeredAt: '2014-02-01' });
    const none = new EventLog();
    none.record('organisation-x', 'OrganisationRegistered', {
      organisationId: 'x',
      name: 'X',
      kind: 'entreprise',
      size: 'inconnue',
      territoryId: 't',
      registeredAt: '2014-02-01',
    });
    expect(foldModel<OrganisationPage>(organisationPages, none.events).doc).not.toHaveProperty('registry');
  });

  it('never throws: unknown types and malformed data leave the page as it was', () => {
    const log = new EventLog();
    flda(log);
    const { doc } = foldModel<OrganisationPage>(organisationPages, log.events);
    const odd: RecordedEvent[] = [
      log.record(O, 'OrganisationMoved', { to: 'drome' }),
      log.record(O, 'AllianceStrategyRecorded', null),
      log.record(O, 'AllianceStrategyRecorded', { maturity: 'engagee', objectiveFamilies: 'innovation', recordedOn: '2014-03-01' }),
      log.record(O, 'OrganisationProfileUpdated', [1, 2]),
    ];
    for (const event of odd) {
      const after = organisationPages.evolve(doc, event);
      expect(() => organisationPages.tags(after)).not.toThrow();
      expect(() => organisationPages.feeds(event, { before: doc, after })).not.toThrow();
      expect(after && { ...after, revision: '', position: '', updatedAt: '' }).toEqual(doc && { ...doc, revision: '', position: '', updatedAt: '' });
    }
    expect(organisationPages.evolve(undefined, log.record('organisation-y', 'OrganisationProfileUpdated', { name: 'Y' }))).toBeUndefined();
  });
});
