/**
 * The introduction funnel event by event: what each step moves, on the
 * network's funnel and the territory's, for mises en relation made at the Labo
 * régional des partenariats en Alsace speed dating and by Coordin'Actions in
 * Île-de-France; and the events that must move nothing.
 */
import type { RecordedEvent } from '@catalyse/event-store';
import type { DerivedChange } from '../read-model';
import { EventLog } from '../testing';
import { type IntroductionCard, introductionCards } from './introduction-card';
import { funnelId, type IntroductionFunnel } from './introduction-funnel';

type Counts = Omit<IntroductionFunnel, 'scope'>;
const ZERO: Counts = { introduced: 0, met: 0, ledToPartnership: 0, partnerships: 0, noFollowUp: 0 };

/** Folds events as the projector does (one card per stream, derived funnels shared), keeping what each event moved. */
class Funnels {
  readonly cards = new Map<string, IntroductionCard | undefined>();
  readonly docs = new Map<string, IntroductionFunnel>();
  last: readonly DerivedChange[] = [];

  apply(event: RecordedEvent): void {
    const before = this.cards.get(event.stream);
    const after = introductionCards.evolve(before, event) as IntroductionCard | undefined;
    this.cards.set(event.stream, after);
    this.last = introductionCards.derived?.(event, { before, after }) ?? [];
    for (const d of this.last) this.docs.set(d.id, d.update(this.docs.get(d.id)) as IntroductionFunnel);
  }

  counts(scope: string): Counts {
    const { scope: _scope, ...counts } = this.docs.get(scope) ?? { scope, ...ZERO };
    return counts;
  }
}

const alsaceOrgs = [
  { orgId: 'envie-strasbourg', name: 'Envie Strasbourg', sphere: 'association' },
  { orgId: 'lyonnaise-des-eaux', name: 'La Lyonnaise des Eaux', sphere: 'entreprise' },
];
const idfOrgs = [
  { orgId: 'coordinactions', name: 'Coordin’Actions', sphere: 'association' },
  { orgId: 'bailleur-93', name: 'Bailleur social de Seine-Saint-Denis', sphere: 'entreprise' },
  { orgId: 'ville-saint-denis', name: 'Ville de Saint-Denis', sphere: 'collectivite' },
];

function introduce(log: EventLog, id: string, territoryId: string, organisations: unknown[], extra: Record<string, unknown> = {}): RecordedEvent {
  return log.record(`introduction-${id}`, 'OrganisationsIntroduced', {
    introductionId: id,
    catalyseurId: territoryId === 'alsace' ? 'cat-alsace' : 'cat-idf',
    territoryId,
    organisations,
    purpose: 'aller au-delà du mécénat financier',
    introducedOn: '2014-03-20',
    ...extra,
  });
}

describe('introduction funnel: each step moves what it should, once', () => {
  it('introduced → met → partnership → a second partnership: each step moves one count, on the network and the territory', () => {
    const log = new EventLog();
    const f = new Funnels();
    f.apply(introduce(log, 'chantier-enrobe', 'alsace', alsaceOrgs, { gatheringId: 'speed-dating-labo-alsace-2014' }));
    expect(f.last.map((d) => [d.collection, d.id])).toEqual([
      ['funnel', 'network'],
      ['funnel', 'territory:alsace'],
    ]);
    expect(f.counts('network')).toEqual({ ...ZERO, introduced: 1 });
    f.apply(log.record('introduction-chantier-enrobe', 'IntroducedOrganisationsMet', { metOn: '2014-04-03', notes: 'machine de recyclage de l’enrobé' }));
    expect(f.counts('territory:alsace')).toEqual({ ...ZERO, introduced: 1, met: 1 });
    f.apply(
      log.record('introduction-chantier-enrobe', 'IntroductionLedToPartnership', { partnershipId: 'lyonnaise-chantier-insertion', proposedOn: '2014-05-12' }),
    );
    expect(f.counts('territory:alsace')).toEqual({ ...ZERO, introduced: 1, met: 1, ledToPartnership: 1, partnerships: 1 });
    f.apply(
      log.record('introduction-chantier-enrobe', 'IntroductionLedToPartnership', { partnershipId: 'lyonnaise-essaimage-national', proposedOn: '2015-02-02' }),
    );
    expect(f.counts('territory:alsace')).toEqual({ ...ZERO, introduced: 1, met: 1, ledToPartnership: 1, partnerships: 2 });
    expect(f.counts('network')).toEqual(f.counts('territory:alsace'));
    expect(f.cards.get('introduction-chantier-enrobe')).toMatchObject({
      status: 'partnership_proposed',
      partnershipIds: ['lyonnaise-chantier-insertion', 'lyonnaise-essaimage-national'],
      metOn: '2014-04-03',
    });
  });

  it('closed without follow-up after a meeting: met stays counted, noFollowUp moves; before a meeting: only noFollowUp', () => {
    const log = new EventLog();
    const f = new Funnels();
    f.apply(introduce(log, 'idf-logement', 'ile-de-france', idfOrgs));
    f.apply(introduce(log, 'idf-emploi', 'ile-de-france', idfOrgs.slice(0, 2)));
    f.apply(log.record('introduction-idf-logement', 'IntroducedOrganisationsMet', { metOn: '2014-02-10' }));
    f.apply(
      log.record('introduction-idf-logement', 'IntroductionClosedWithoutFollowUp', { reason: 'pas de réserve foncière disponible', closedOn: '2014-06-01' }),
    );
    expect(f.counts('territory:ile-de-france')).toEqual({ ...ZERO, introduced: 2, met: 1, noFollowUp: 1 });
    f.apply(log.record('introduction-idf-emploi', 'IntroductionClosedWithoutFollowUp', { reason: 'sans réponse de l’entreprise', closedOn: '2014-06-01' }));
    expect(f.counts('territory:ile-de-france')).toEqual({ ...ZERO, introduced: 2, met: 1, noFollowUp: 2 });
    expect(f.counts('territory:alsace')).toEqual(ZERO);
    expect(introductionCards.tags(f.cards.get('introduction-idf-emploi'))).toEqual({
      status: 'no_follow_up',
      territory: 'ile-de-france',
      catalyseur: 'cat-idf',
      org: ['coordinactions', 'bailleur-93'],
    });
  });

  it('events the rules never let through move nothing: a partnership before a meeting, a second meeting, anything after closing, unknown types', () => {
    const log = new EventLog();
    const f = new Funnels();
    f.apply(introduce(log, 'i1', 'alsace', alsaceOrgs));
    const before = new Map(f.docs);
    const ignored = [
      log.record('introduction-i1', 'IntroductionLedToPartnership', { partnershipId: 'p-too-early', proposedOn: '2014-04-01' }),
      log.record('introduction-i1', 'IntroductionTeleported', { to: 'Mars' }),
    ];
    for (const event of ignored) {
      f.apply(event);
      expect(f.last).toEqual([]);
    }
    f.apply(log.record('introduction-i1', 'IntroducedOrganisationsMet', { metOn: '2014-04-03' }));
    f.apply(log.record('introduction-i1', 'IntroducedOrganisationsMet', { metOn: '2014-04-09' }));
    expect(f.last).toEqual([]);
    f.apply(log.record('introduction-i1', 'IntroductionClosedWithoutFollowUp', { reason: 'pas de projet commun', closedOn: '2014-05-01' }));
    f.apply(log.record('introduction-i1', 'IntroductionLedToPartnership', { partnershipId: 'p-after-closing', proposedOn: '2014-06-01' }));
    expect(f.last).toEqual([]);
    expect(f.counts('network')).toEqual({ ...ZERO, introduced: 1, met: 1, noFollowUp: 1 });
    expect(before.get('network')).toEqual({ scope: 'network', ...ZERO, introduced: 1 });
    expect(f.cards.get('introduction-i1')).toMatchObject({ status: 'no_follow_up', metOn: '2014-04-03', partnershipIds: [] });
  });

  it('feeds: a summary of every event in the territory’s feed, in ops and in the rooms of the organisations introduced', () => {
    const log = new EventLog();
    const first = introduce(log, 'chantier-enrobe', 'alsace', alsaceOrgs, { gatheringId: 'speed-dating-labo-alsace-2014' });
    const card = introductionCards.evolve(undefined, first);
    const entries = introductionCards.feeds(first, { before: undefined, after: card });
    // And in the rooms of both organisations' pages.
    expect(entries.map((e) => e.room)).toEqual(['territory:alsace', 'ops', 'organisation:envie-strasbourg', 'organisation:lyonnaise-des-eaux']);
    expect(entries[3]?.data).toEqual(entries[0]?.data);
    expect(entries[0]?.data).toMatchObject({
      introductionId: 'chantier-enrobe',
      status: 'introduced',
      gatheringId: 'speed-dating-labo-alsace-2014',
      organisations: alsaceOrgs,
    });
    const met = log.record('introduction-chantier-enrobe', 'IntroducedOrganisationsMet', { metOn: '2014-04-03' });
    const after = introductionCards.evolve(card, met);
    expect(introductionCards.feeds(met, { before: card, after }).map((e) => [e.room, e.kind, e.data])).toEqual([
      ['territory:alsace', 'IntroducedOrganisationsMet', { introductionId: 'chantier-enrobe', metOn: '2014-04-03', status: 'met' }],
      ['ops', 'IntroducedOrganisationsMet', { introductionId: 'chantier-enrobe', metOn: '2014-04-03', status: 'met' }],
      ['organisation:envie-strasbourg', 'IntroducedOrganisationsMet', { introductionId: 'chantier-enrobe', metOn: '2014-04-03', status: 'met' }],
      ['organisation:lyonnaise-des-eaux', 'IntroducedOrganisationsMet', { introductionId: 'chantier-enrobe', metOn: '2014-04-03', status: 'met' }],
    ]);
  });

  it('never throws, and never counts twice: malformed events, an introduction whose event names no territory', () => {
    const log = new EventLog();
    const f = new Funnels();
    for (const data of [null, 'x', { organisations: 'x' }, {}]) f.apply(log.record('introduction-bad', 'OrganisationsIntroduced', data));
    expect(f.docs.size).toBe(0);
    // Written by hand without a territory: it counts in the network's funnel, once, and reaches ops only.
    const event = introduce(log, 'no-territory', '', alsaceOrgs);
    f.apply(event);
    expect(f.last.map((d) => d.id)).toEqual(['network']);
    expect(f.counts('network')).toEqual({ ...ZERO, introduced: 1 });
    const card = f.cards.get('introduction-no-territory');
    expect(introductionCards.feeds(event, { before: undefined, after: card }).map((e) => e.room)).toEqual([
      'ops',
      'organisation:envie-strasbourg',
      'organisation:lyonnaise-des-eaux',
    ]);
    expect(funnelId(undefined)).toBe('network');
    expect(funnelId('alsace')).toBe('territory:alsace');
  });
});
