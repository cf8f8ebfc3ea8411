import { EventLog, foldModel } from '../testing';
import { type IntroductionCard, introductionCards } from './introduction-card';

const orgs = [
  { orgId: 'envie', name: 'Envie Strasbourg', sphere: 'association' },
  { orgId: 'es', name: 'Électricité de Strasbourg', sphere: 'entreprise' },
];

const introduce = (log: EventLog, id: string, territoryId = 'alsace') =>
  log.record(`introduction-${id}`, 'OrganisationsIntroduced', {
    introductionId: id,
    catalyseurId: 'cat-alsace',
    territoryId,
    organisations: orgs,
    purpose: 'réemploi des équipements',
    introducedOn: '2014-03-20',
    gatheringId: 'speed-dating-2014',
  });

describe('introduction cards and the introduction funnel (read model)', () => {
  it('moves the funnels of the network and the territory as introductions go introduced → met → partnership', () => {
    const log = new EventLog();
    introduce(log, 'i1');
    log.record('introduction-i1', 'IntroducedOrganisationsMet', { metOn: '2014-04-10' });
    log.record('introduction-i1', 'IntroductionLedToPartnership', { partnershipId: 'p1', proposedOn: '2014-05-02' });
    log.record('introduction-i1', 'IntroductionLedToPartnership', { partnershipId: 'p2', proposedOn: '2014-09-02' });
    const first = foldModel<IntroductionCard>(introductionCards, log.events);
    expect(first.doc).toMatchObject({ status: 'partnership_proposed', partnershipIds: ['p1', 'p2'] });
    const funnel = { introduced: 1, met: 1, ledToPartnership: 1, partnerships: 2, noFollowUp: 0 };
    expect(first.derived.get('funnel/network')).toEqual({ scope: 'network', ...funnel });
    expect(first.derived.get('funnel/territory:alsace')).toEqual({ scope: 'territory:alsace', ...funnel });
    expect(introductionCards.tags(first.doc)).toEqual({
      status: 'partnership_proposed',
      territory: 'alsace',
      catalyseur: 'cat-alsace',
      org: ['envie', 'es'],
      gathering: 'speed-dating-2014',
    });
    expect(first.entries.map((e) => e.room)).toEqual(Array(4).fill(['territory:alsace', 'ops', 'organisation:envie', 'organisation:es']).flat());
  });

  it('counts introductions closed without follow-up, before or after a meeting', () => {
    const log = new EventLog();
    const models = new Map<string, unknown>();
    for (const [id, territory] of [
      ['i1', 'alsace'],
      ['i2', 'alsace'],
      ['i3', 'drome'],
    ] as const)
      introduce(log, id, territory);
    log.record('introduction-i2', 'IntroducedOrganisationsMet', { metOn: '2014-04-10' });
    log.record('introduction-i2', 'IntroductionClosedWithoutFollowUp', { reason: 'pas de projet commun', closedOn: '2014-06-10' });
    log.record('introduction-i3', 'IntroductionClosedWithoutFollowUp', { reason: 'sans réponse', closedOn: '2014-06-10' });
    // One model folds each stream; the derived funnels add up across streams.
    const totals = new Map<string, unknown>();
    for (const stream of ['introduction-i1', 'introduction-i2', 'introduction-i3']) {
      const events = log.events.filter((e) => e.stream === stream);
      let doc: unknown;
      for (const event of events) {
        const before = doc;
        doc = introductionCards.evolve(before, event);
        for (const d of introductionCards.derived?.(event, { before, after: doc }) ?? [])
          totals.set(`${d.collection}/${d.id}`, d.update(totals.get(`${d.collection}/${d.id}`)));
      }
      models.set(stream, doc);
    }
    expect(totals.get('funnel/network')).toEqual({ scope: 'network', introduced: 3, met: 1, ledToPartnership: 0, partnerships: 0, noFollowUp: 2 });
    expect(totals.get('funnel/territory:alsace')).toEqual({
      scope: 'territory:alsace',
      introduced: 2,
      met: 1,
      ledToPartnership: 0,
      partnerships: 0,
      noFollowUp: 1,
    });
    expect(totals.get('funnel/territory:drome')).toEqual({
      scope: 'territory:drome',
      introduced: 1,
      met: 0,
      ledToPartnership: 0,
      partnerships: 0,
      noFollowUp: 1,
    });
    // An event that changes nothing (a second meeting refused by the rules never exists; an unknown one) moves no funnel.
    const unknown = log.record('introduction-i1', 'IntroductionTeleported', {});
    expect(introductionCards.derived?.(unknown, { before: models.get('introduction-i1'), after: models.get('introduction-i1') })).toEqual([]);
  });
});
