import { fold, type IntroductionEvent, introductionDecider, type TerritoryEvent } from '@catalyse/domain';
import { renderHtml } from '../render/html';
import { history } from '../testing/events';
import { territoryDocument } from './territory-document';
import { buildTerritoryReport } from './territory-report';

const territory = history([
  {
    type: 'TerritoryRegistered',
    data: {
      territoryId: 'charenton',
      name: 'Charenton-Saint-Maurice',
      typology: 'urbain',
      level: 'local',
      region: 'Île-de-France',
      registeredAt: '2012-01-01T09:00:00Z',
    },
    at: '2012-01-01T09:00:00.000Z',
  },
  { type: 'FragilityDomainAdded', data: { domain: 'accessibilite', label: 'Handicap' } },
  {
    type: 'FragilityDiagnosticRecorded',
    data: { diagnosedOn: '2012-06-01', ratings: [{ domain: 'emploi', sphere: 'association', priority: 'moyenne' }] },
    at: '2012-06-01T09:00:00.000Z',
  },
  {
    type: 'FragilityDiagnosticRecorded',
    data: {
      diagnosedOn: '2016-03-01',
      source: 'questionnaire aux acteurs',
      ratings: [
        { domain: 'emploi', sphere: 'association', priority: 'haute' },
        { domain: 'emploi', sphere: 'entreprise', priority: 'haute' },
        { domain: 'accessibilite', sphere: 'association', priority: 'haute', notes: '<b>accès</b>' },
        { domain: 'logement', sphere: 'collectivite', priority: 'basse' },
      ],
    },
    at: '2016-03-01T09:00:00.000Z',
  },
  { type: 'TerritoryActorRegistered', data: { orgId: 'mairie', name: 'Mairie', sphere: 'collectivite' } },
] satisfies (TerritoryEvent & { at?: string })[]);

const introduction = (id: string, ...more: IntroductionEvent[]) =>
  fold(introductionDecider, [
    {
      type: 'OrganisationsIntroduced',
      data: {
        introductionId: id,
        catalyseurId: 'cat-1',
        territoryId: 'charenton',
        organisations: [
          { orgId: 'a', name: 'A', sphere: 'association' },
          { orgId: 'b', name: 'B', sphere: 'entreprise' },
        ],
        purpose: 'se connaître',
        introducedOn: '2016-04-01',
      },
    },
    ...more,
  ]);

describe('buildTerritoryReport', () => {
  const report = buildTerritoryReport({
    territory,
    partnerships: [],
    experimentations: [],
    gatherings: [],
    introductions: [
      introduction('i1'),
      introduction('i2', { type: 'IntroducedOrganisationsMet', data: { metOn: '2016-05-01' } }),
      introduction(
        'i3',
        { type: 'IntroducedOrganisationsMet', data: { metOn: '2016-05-01' } },
        { type: 'IntroductionLedToPartnership', data: { partnershipId: 'p1', proposedOn: '2016-06-01' } },
      ),
      introduction('i4', { type: 'IntroductionClosedWithoutFollowUp', data: { reason: 'pas de besoin', closedOn: '2016-06-01' } }),
    ],
  });

  it('ranks the current diagnostic’s domains by high priorities, with the territory’s own labels and the standard domains’ French names', () => {
    expect(report?.priorities).toEqual([
      { domain: 'emploi', label: 'Emploi', haute: 2, moyenne: 0, basse: 0 },
      { domain: 'accessibilite', label: 'Handicap', haute: 1, moyenne: 0, basse: 0 },
      { domain: 'logement', label: 'Logement', haute: 0, moyenne: 0, basse: 1 },
    ]);
    expect(report?.diagnostics).toEqual([
      { diagnosedOn: '2012-06-01', ratings: 1 },
      { diagnosedOn: '2016-03-01', source: 'questionnaire aux acteurs', ratings: 4 },
    ]);
    expect(report?.actors).toEqual([{ name: 'Mairie', sphere: 'collectivite' }]);
  });

  it('counts the introductions funnel: introduced, met, partnership proposed, no follow-up, conversion', () => {
    expect(report?.funnel).toEqual({ introduced: 4, met: 2, partnershipProposed: 1, noFollowUp: 1, conversion: 25 });
  });

  it('is undefined for a territory not registered, and reads in French with user text escaped', () => {
    expect(buildTerritoryReport({ territory: [], partnerships: [], experimentations: [], gatherings: [], introductions: [] })).toBeUndefined();
    if (!report) throw new Error('no report');
    const html = renderHtml(territoryDocument(report, { generatedAt: '2016-07-01T08:00:00.000Z', timeZone: 'Europe/Paris' }));
    expect(html).toContain('Rapport du territoire « Charenton-Saint-Maurice »');
    expect(html).toContain('<td>Handicap</td><td>association</td><td>haute</td><td>&lt;b&gt;accès&lt;/b&gt;</td>');
    expect(html).toContain('Taux de transformation');
    expect(html).toContain('25 %');
  });
});
