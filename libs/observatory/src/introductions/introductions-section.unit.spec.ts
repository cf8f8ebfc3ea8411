import { introductionObservations } from '@catalyse/projections';
import { EventLog } from '@catalyse/projections/testing';
import type { ObservatoryQuery } from '../core/section';
import { answerOf, at, docsOf, rowsBy, tableOf } from '../network/testing/network-answers';
import { introductionsSection } from './introductions-section';

// Ardèche's profile gives no name: its tables show its id.
const PROFILES = [
  { territoryId: 'alsace', name: 'Labo régional Alsace', region: 'Grand Est' },
  { territoryId: 'ardeche', region: 'Auvergne-Rhône-Alpes' },
];
const ORGANISATIONS = [
  { orgId: 'emmaus', name: 'Emmaüs Mundo', sphere: 'association' },
  { orgId: 'soprema', name: 'Soprema', sphere: 'entreprise' },
];

/**
 * Five introductions: three at the Alsace speed dating of 2014 (one led to two
 * partnerships, one met and closed, one closed without meeting), two in
 * Ardèche (one met — recorded three months late — and led to a partnership,
 * one still open).
 */
function history(): EventLog {
  const log = new EventLog();
  const introduce = (id: string, territoryId: string, catalyseurId: string, introducedOn: string, gatheringId?: string, accompanimentId?: string) =>
    log.record(
      `introduction-${id}`,
      'OrganisationsIntroduced',
      {
        introductionId: id,
        catalyseurId,
        territoryId,
        organisations: ORGANISATIONS,
        purpose: 'recycler l’enrobé',
        introducedOn,
        ...(gatheringId ? { gatheringId } : {}),
        ...(accompanimentId ? { accompanimentId } : {}),
      },
      at(introducedOn),
    );
  const met = (id: string, metOn: string, recordedOn = metOn) =>
    log.record(`introduction-${id}`, 'IntroducedOrganisationsMet', { metOn, notes: 'bon contact' }, at(recordedOn));
  const partnership = (id: string, partnershipId: string, proposedOn: string) =>
    log.record(`introduction-${id}`, 'IntroductionLedToPartnership', { partnershipId, proposedOn }, at(proposedOn));
  const close = (id: string, closedOn: string) =>
    log.record(`introduction-${id}`, 'IntroductionClosedWithoutFollowUp', { reason: 'pas de projet commun', closedOn }, at(closedOn));
  // i1 came from the accompaniment of one of its organisations.
  for (const id of ['i1', 'i2', 'i3']) introduce(id, 'alsace', 'c1', '2014-03-20', 'speed-dating-2014', id === 'i1' ? 'emmaus-2014' : undefined);
  met('i1', '2014-04-10');
  met('i2', '2014-04-15');
  partnership('i1', 'p1', '2014-06-01');
  close('i3', '2014-06-20');
  close('i2', '2014-07-01');
  partnership('i1', 'p2', '2015-02-01');
  introduce('i4', 'ardeche', 'c2', '2015-05-01');
  met('i4', '2015-06-01', '2015-09-01'); // met on 1 June, recorded on 1 September
  partnership('i4', 'p3', '2015-10-01');
  introduce('i5', 'ardeche', 'c2', '2016-02-01');
  return log;
}

const answer = (query: ObservatoryQuery = {}) => answerOf(introductionsSection, docsOf(introductionObservations, history().events), query, PROFILES);
const FUNNEL = ['introduced', 'met', 'led_to_partnership', 'partnerships', 'no_follow_up', 'met_rate', 'partnership_rate'];

describe('the introductions section', () => {
  it('keeps no organisation name, purpose, notes or reason', () => {
    expect(JSON.stringify(docsOf(introductionObservations, history().events))).not.toMatch(/Emmaüs|Soprema|enrobé|contact|projet commun/);
  });

  it('the funnel: introduced → met → partnership, with its rates, for the network and by territory, gathering and catalyseur', () => {
    const a = answer();
    expect(a.subjects).toBe(5);
    expect(rowsBy(tableOf(a, 'funnel'), 'stage', ['count', 'share'])).toEqual({
      introduced: [5, 100],
      met: [3, 60],
      led_to_partnership: [2, 40],
      no_follow_up: [2, 40],
      open: [1, 20],
    });
    expect(tableOf(a, 'by_territory').rows).toEqual([
      {
        territory: 'alsace',
        label: 'Labo régional Alsace',
        region: 'Grand Est',
        introduced: 3,
        met: 2,
        led_to_partnership: 1,
        partnerships: 2,
        no_follow_up: 2,
        met_rate: 66.7,
        partnership_rate: 33.3,
      },
      {
        territory: 'ardeche',
        label: 'ardeche',
        region: 'Auvergne-Rhône-Alpes',
        introduced: 2,
        met: 1,
        led_to_partnership: 1,
        partnerships: 1,
        no_follow_up: 0,
        met_rate: 50,
        partnership_rate: 50,
      },
    ]);
    expect(rowsBy(tableOf(a, 'by_gathering'), 'gathering', FUNNEL)).toEqual({
      'speed-dating-2014': [3, 2, 1, 2, 2, 66.7, 33.3],
      hors_rencontre: [2, 1, 1, 1, 0, 50, 50],
    });
    expect(rowsBy(tableOf(a, 'by_catalyseur'), 'catalyseur', ['introduced', 'partnership_rate'])).toEqual({ c1: [3, 33.3], c2: [2, 50] });
    // The gatherings by their titles (a gathering's title is no personal data), the id without one.
    const titled = answerOf(introductionsSection, docsOf(introductionObservations, history().events), {}, PROFILES, '2030-01-01', {
      gathering: new Map([['speed-dating-2014', 'Speed dating du labo Alsace']]),
    });
    expect(tableOf(titled, 'by_gathering').columns.slice(0, 2)).toEqual([
      { key: 'gathering', label: 'Rencontre' },
      { key: 'label', label: 'Libellé' },
    ]);
    expect(rowsBy(tableOf(titled, 'by_gathering'), 'gathering', ['label'])).toEqual({
      'speed-dating-2014': ['Speed dating du labo Alsace'],
      hors_rencontre: ['Hors rencontre'],
    });
    // The accompaniments' funnel goes on: the introduction that came from one, and its two partnerships.
    expect(rowsBy(tableOf(a, 'by_origin'), 'origin', FUNNEL)).toEqual({
      sans_accompagnement: [4, 2, 1, 1, 2, 50, 25],
      accompagnement: [1, 1, 1, 2, 0, 100, 100],
    });
    expect(rowsBy(tableOf(a, 'by_origin'), 'origin', ['label'])).toEqual({
      sans_accompagnement: ['Sans accompagnement préalable'],
      accompagnement: ['Après un accompagnement'],
    });
    expect(tableOf(a, 'by_year').rows).toEqual([
      { year: '2014', introduced: 3, met: 2, partnerships: 1, no_follow_up: 2 },
      { year: '2015', introduced: 1, met: 1, partnerships: 2, no_follow_up: 0 },
      { year: '2016', introduced: 1, met: 0, partnerships: 0, no_follow_up: 0 },
    ]);
    expect(rowsBy(tableOf(a, 'delays'), 'step', ['count', 'mean', 'median'])).toEqual({ met: [3, 26, 26], partnership: [2, 113, 113] });
  });

  it('names each territory in French beside its id, the id when its profile gives no name', () => {
    const byTerritory = tableOf(answer(), 'by_territory');
    expect(byTerritory.columns.map((c) => c.key)).toEqual(['territory', 'label', 'region', ...FUNNEL]);
    expect(rowsBy(byTerritory, 'territory', ['label'])).toEqual({ alsace: ['Labo régional Alsace'], ardeche: ['ardeche'] });
    const named = answerOf(introductionsSection, docsOf(introductionObservations, history().events), {}, [
      { territoryId: 'alsace', name: 'Labo régional Alsace', region: 'Grand Est' },
      { territoryId: 'ardeche', name: 'Ardèche', region: 'Auvergne-Rhône-Alpes' },
    ]);
    expect(rowsBy(tableOf(named, 'by_territory'), 'territory', ['label', 'region'])).toEqual({
      alsace: ['Labo régional Alsace', 'Grand Est'],
      ardeche: ['Ardèche', 'Auvergne-Rhône-Alpes'],
    });
  });

  it('as of a day: later introductions and steps are not counted', () => {
    const a = answer({ asOf: '2014-12-31' });
    expect(a.subjects).toBe(3);
    expect(rowsBy(tableOf(a, 'by_territory'), 'territory', FUNNEL)).toEqual({ alsace: [3, 2, 1, 1, 2, 66.7, 33.3] });
  });

  it('over a period: the introductions still at work in it, and its flows', () => {
    const a = answer({ from: '2015-01-01', to: '2015-12-31' });
    expect(a.subjects).toBe(2); // i1 (its second partnership), i4; i5 comes later, i2 and i3 were closed in 2014
    expect(rowsBy(tableOf(a, 'funnel'), 'stage', ['count'])).toEqual({ introduced: [2], met: [2], led_to_partnership: [2], no_follow_up: [0], open: [0] });
    expect(tableOf(a, 'by_year').rows).toEqual([{ year: '2015', introduced: 1, met: 1, partnerships: 2, no_follow_up: 0 }]);
  });

  it('a meeting recorded late counts on its day on the happened clock, from its recording on the recorded clock', () => {
    const happened = answer({ asOf: '2015-06-30' });
    expect(rowsBy(tableOf(happened, 'by_territory'), 'territory', ['introduced', 'met'])).toMatchObject({ ardeche: [1, 1] });
    const recorded = answer({ asOf: '2015-06-30', clock: 'recorded' });
    expect(rowsBy(tableOf(recorded, 'by_territory'), 'territory', ['introduced', 'met'])).toMatchObject({ ardeche: [1, 0] });
  });

  it('filters by territory and by region', () => {
    expect(rowsBy(tableOf(answer({ territory: 'ardeche' }), 'funnel'), 'stage', ['count'])).toMatchObject({ introduced: [2], met: [1], open: [1] });
    expect(answer({ region: 'grand-est' }).subjects).toBe(3);
  });
});
