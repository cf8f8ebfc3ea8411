import { DIRECTIONS, GATHERING_STATUSES, say } from '../document/french';
import {
  type CatalyseurEvent,
  catalyseurDecider,
  fold,
  type GatheringEvent,
  gatheringDecider,
  type IntroductionEvent,
  introductionDecider,
  type ParcoursEvent,
  parcoursDecider,
  type TerritoryEvent,
} from '@catalyse/domain';
import { renderCsv } from '../render/csv';
import { renderHtml } from '../render/html';
import { history } from '../testing/events';
import { gapText, territoryDocument } from './territory-document';
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
  { type: 'TerritoryActorRegistered', data: { orgId: 'flda', name: 'Fondation Loire-Drôme-Ardèche', sphere: 'fondation' } },
  {
    type: 'KeyFiguresRecorded',
    data: {
      recordedOn: '2016-06-01',
      source: 'Comisis 2016',
      figures: [
        { key: 'population', label: 'Population', value: 2_500_000, unit: 'habitants', shareOfFrance: 4 },
        { key: 'terres_agricoles', label: 'Terrains agricoles cultivés', value: 7, unit: '% de la France', shareOfFrance: 7 },
        { key: 'pib', label: 'PIB régional', value: 67, unit: 'Md€', shareOfFrance: 3, year: 2012 },
      ],
    },
  },
  {
    type: 'FragilityIndicatorsRecorded',
    data: {
      measuredOn: '2016-06-01',
      indicators: [
        { domain: 'vieillissement', name: 'Part des 75 ans et plus', value: 10.8, nationalAverage: 9.3, unit: '%' },
        { domain: 'accessibilite', name: 'Taux de chômage', value: 9.4, nationalAverage: 10, unit: '%' },
      ],
    },
  },
  {
    type: 'TerritoryActionRecorded',
    data: { actionId: 'maison', title: 'La Maison de Lionel', domains: ['sante', 'accessibilite'], actorIds: ['flda', 'mairie'], startedOn: '2010-01-04' },
  },
  { type: 'TerritoryActorRemoved', data: { orgId: 'mairie' } },
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
    expect(report?.actors).toEqual([{ name: 'Fondation Loire-Drôme-Ardèche', sphere: 'fondation' }]);
  });

  it('keeps what the territory’s stream records: key figures, indicators against the national average, actions with their needs and actors', () => {
    expect(report?.keyFigures).toEqual({
      recordedOn: '2016-06-01',
      source: 'Comisis 2016',
      figures: [
        { key: 'population', label: 'Population', value: 2_500_000, unit: 'habitants', shareOfFrance: 4 },
        { key: 'terres_agricoles', label: 'Terrains agricoles cultivés', value: 7, unit: '% de la France', shareOfFrance: 7 },
        { key: 'pib', label: 'PIB régional', value: 67, unit: 'Md€', shareOfFrance: 3, year: 2012 },
      ],
    });
    expect(report?.indicators?.indicators).toEqual([
      {
        domain: 'vieillissement',
        label: 'Vieillissement',
        name: 'Part des 75 ans et plus',
        value: 10.8,
        nationalAverage: 9.3,
        unit: '%',
        gap: 1.5,
        comparedToNational: 'above',
      },
      {
        domain: 'accessibilite',
        label: 'Handicap',
        name: 'Taux de chômage',
        value: 9.4,
        nationalAverage: 10,
        unit: '%',
        gap: -0.6,
        comparedToNational: 'below',
      },
    ]);
    // The mairie removed since: the action still names it.
    expect(report?.actions).toEqual([
      {
        actionId: 'maison',
        title: 'La Maison de Lionel',
        startedOn: '2010-01-04',
        needs: [
          { domain: 'sante', label: 'Santé' },
          { domain: 'accessibilite', label: 'Handicap' },
        ],
        actors: [
          { orgId: 'flda', name: 'Fondation Loire-Drôme-Ardèche' },
          { orgId: 'mairie', name: 'Mairie' },
        ],
      },
    ]);
  });

  it('reads them in French in every format: numbers, dates, shares, gaps', () => {
    if (!report) throw new Error('no report');
    const document = territoryDocument(report, { generatedAt: '2016-07-01T08:00:00.000Z', timeZone: 'Europe/Paris' });
    const html = renderHtml(document);
    expect(html).toContain('<h2>Chiffres clés</h2>');
    expect(html).toContain('<td>Population</td><td class="n">2 500 000</td><td>habitants</td><td>4 % de la France</td>');
    // The share already said by the value is not said twice.
    expect(html).toContain('<td>Terrains agricoles cultivés</td><td class="n">7</td><td>% de la France</td><td></td>');
    expect(html).toContain('<td>PIB régional (2012)</td>');
    expect(html).toContain(
      '<td>Part des 75 ans et plus</td><td>Vieillissement</td><td class="n">10,8</td><td class="n">9,3</td><td>%</td><td>1,5 point de plus</td><td>au-dessus de la moyenne</td>',
    );
    expect(html).toContain('<td>0,6 point de moins</td><td>en dessous de la moyenne</td>');
    expect(html).toContain('<td>La Maison de Lionel</td><td>4 janvier 2010</td><td>Santé, Handicap</td><td>Fondation Loire-Drôme-Ardèche, Mairie</td>');
    expect(html).toContain('Relevés le');
    const csv = renderCsv(document);
    expect(csv).toContain(
      'Chiffres clés\r\nRubrique;Valeur\r\nRelevés le;1er juin 2016\r\nSource;Comisis 2016\r\n\r\nChiffre;Valeur;Unité;Part de la France\r\nPopulation;2500000;habitants;4 % de la France\r\n',
    );
    // A gap in words: no cell of ours starts like a formula, so none is shown behind the guard's apostrophe (« '+1,5 point »).
    expect(csv).toContain('Part des 75 ans et plus;Vieillissement;10,8;9,3;%;1,5 point de plus;au-dessus de la moyenne');
    expect(csv).not.toMatch(/;'[-+=@]/);
    expect(csv.match(/\r\nChiffres clés\r\n/g)).toHaveLength(1);
    expect(csv).toContain('La Maison de Lionel;4 janvier 2010;Santé, Handicap;Fondation Loire-Drôme-Ardèche, Mairie');
  });

  it('says so when the stream records no key figure, indicator nor action', () => {
    const bare = buildTerritoryReport({ territory: territory.slice(0, 1), partnerships: [], experimentations: [], gatherings: [], introductions: [] });
    if (!bare) throw new Error('no report');
    expect(bare.keyFigures).toBeUndefined();
    expect(bare.indicators).toBeUndefined();
    expect(bare.actions).toEqual([]);
    const html = renderHtml(territoryDocument(bare, { generatedAt: '2016-07-01T08:00:00.000Z', timeZone: 'Europe/Paris' }));
    expect(html).toContain('Aucun chiffre clé enregistré');
    expect(html).toContain('Aucun indicateur enregistré');
    expect(html).toContain('Aucune action enregistrée');
  });

  it('counts the introductions funnel: introduced, met, partnership proposed, still open, no follow-up, conversion', () => {
    expect(report?.funnel).toEqual({ introduced: 4, met: 2, partnershipProposed: 1, noFollowUp: 1, open: 2, conversion: 25 });
    // Every introduction ends one way or is still open: the outcomes add up to the introductions.
    const { funnel } = report ?? { funnel: undefined };
    expect(funnel && funnel.partnershipProposed + funnel.open + funnel.noFollowUp).toBe(funnel?.introduced);
  });

  it('words the funnel as introductions (pairs of organisations), with the open ones, in the document and the CSV', () => {
    if (!report) throw new Error('no report');
    const document = territoryDocument(report, { generatedAt: '2016-07-01T08:00:00.000Z', timeZone: 'Europe/Paris' });
    const section = document.sections.find((s) => s.title.startsWith('Mises en relation'));
    expect(section?.facts?.slice(0, 5)).toEqual([
      { label: 'Mises en relation', value: 4 },
      { label: 'dont suivies d’une rencontre', value: 2 },
      { label: 'dont ayant abouti à un partenariat proposé', value: 1 },
      { label: 'dont en cours', value: 2 },
      { label: 'dont sans suite', value: 1 },
    ]);
    expect(JSON.stringify(document)).not.toContain('Organisations mises en relation');
    // On the page, the outcomes stay in the cell of « Mises en relation ».
    expect(renderHtml(document)).toContain(
      '<dl><div><dt>Mises en relation</dt><dd>4</dd></div><div class="sub"><dt>dont suivies d’une rencontre</dt><dd>2</dd></div>',
    );
    const csv = renderCsv(document);
    expect(csv).toContain('\r\ndont en cours;2\r\n');
    expect(csv).toContain('\r\ndont sans suite;1\r\n');
  });

  it('names each gathering’s kind in French: a conférence is « conférence », not an atelier', () => {
    const gathering = (gatheringId: string, kind: string, theme: string, date: string) =>
      fold(gatheringDecider, [
        {
          type: 'GatheringScheduled',
          data: { gatheringId, kind, theme, date, place: 'Charenton', organisedBy: 'op', scheduledAt: '2016-01-04' },
        } as GatheringEvent,
      ]);
    const withGatherings = buildTerritoryReport({
      territory,
      partnerships: [],
      experimentations: [],
      gatherings: [
        gathering('belles-histoires', 'conference', 'Belles histoires de partenariats', '2016-03-10'),
        gathering('strategie', 'atelier', 'La stratégie de partenariat', '2016-04-14'),
      ],
      introductions: [],
    });
    if (!withGatherings) throw new Error('no report');
    const csv = renderCsv(territoryDocument(withGatherings, { generatedAt: '2016-07-01T08:00:00.000Z', timeZone: 'Europe/Paris' }));
    expect(csv).toContain('\r\nBelles histoires de partenariats;conférence;10 mars 2016;prévue;0;0\r\n');
    expect(csv).toContain('\r\nLa stratégie de partenariat;atelier;14 avril 2016;prévue;0;0\r\n');
  });

  it('says a gathering’s state in the feminine: « tenue », « prévue », « annulée »', () => {
    expect(say(GATHERING_STATUSES, 'held')).toBe('tenue');
    expect(say(GATHERING_STATUSES, 'scheduled')).toBe('prévue');
    expect(say(GATHERING_STATUSES, 'cancelled')).toBe('annulée');
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

describe('the territory’s catalyseurs and its place in the parcours d’expérience', () => {
  const joined = (catalyseurId: string, name: string, territory: string, joinedAt: string, ...more: CatalyseurEvent[]) =>
    fold(catalyseurDecider, [
      {
        type: 'CatalyseurJoined',
        data: { catalyseurId, name, sphere: 'association', territory, skills: ['mise_en_relation', 'dialogue_territorial'], joinedAt },
      },
      ...more,
    ] satisfies CatalyseurEvent[]);
  const parcours = (parcoursId: string, ...more: ParcoursEvent[]) =>
    fold(parcoursDecider, [
      {
        type: 'ParcoursOpened',
        data: { parcoursId, title: `Parcours ${parcoursId}`, startMonth: '2016-09', durationMonths: 9, endMonth: '2017-05', openedOn: '2016-06-01' },
      },
      ...more,
    ] satisfies ParcoursEvent[]);
  const enrolled = (territoryId: string): ParcoursEvent => ({
    type: 'PilotTerritoryEnrolled',
    data: { territoryId, name: territoryId, enrolledOn: '2016-07-01' },
  });
  const report = buildTerritoryReport({
    territory,
    partnerships: [],
    experimentations: [],
    gatherings: [],
    introductions: [],
    catalyseurs: [
      joined('cat-2', 'Bruno', 'charenton', '2016-02-01', { type: 'CatalyseurLeft', data: { leftAt: '2016-11-30T10:00:00.000Z' } }),
      joined('cat-1', 'Alice', 'charenton', '2015-01-10'),
      // Found by the current tag, but on another territory by the cut: left out.
      joined('cat-3', 'Chloé', 'ardeche', '2015-01-10'),
    ],
    parcours: [
      parcours(
        'p1',
        enrolled('charenton'),
        enrolled('ardeche'),
        { type: 'ParcoursStarted', data: { startedOn: '2016-09-01', territoryIds: ['charenton', 'ardeche'] } },
        { type: 'ParcoursSessionHeld', data: { sessionNumber: 1, heldOn: '2016-09-15', theme: 'Les solutions', territoriesPresent: ['charenton', 'ardeche'] } },
        { type: 'ParcoursSessionHeld', data: { sessionNumber: 2, heldOn: '2016-10-15', theme: 'La chaîne de valeur', territoriesPresent: ['ardeche'] } },
        { type: 'PilotProgressRecorded', data: { territoryId: 'charenton', step: 'chaine_de_valeur', note: 'cartographie', recordedOn: '2016-10-20' } },
      ),
      parcours('p2', enrolled('charenton'), {
        type: 'PilotTerritoryWithdrawn',
        data: { territoryId: 'charenton', reason: 'élections', withdrawnOn: '2016-08-01' },
      }),
      // A parcours the territory is not a pilot of.
      parcours('p3', enrolled('ardeche')),
    ],
  });

  it('lists the territory’s catalyseurs by the cut (members first) and its place in each parcours that enrolled it', () => {
    expect(report?.catalyseurs.map((c) => [c.name, c.status, c.joinedAt, c.leftAt])).toEqual([
      ['Alice', 'member', '2015-01-10', undefined],
      ['Bruno', 'left', '2016-02-01', '2016-11-30T10:00:00.000Z'],
    ]);
    expect(report?.parcours).toEqual([
      {
        id: 'p1',
        title: 'Parcours p1',
        status: 'started',
        enrolledOn: '2016-07-01',
        pilot: 'enrolled',
        step: 'chaine_de_valeur',
        sessionsAttended: 1,
        sessionsHeld: 2,
      },
      {
        id: 'p2',
        title: 'Parcours p2',
        status: 'open',
        enrolledOn: '2016-07-01',
        pilot: 'withdrawn',
        withdrawnOn: '2016-08-01',
        sessionsAttended: 0,
        sessionsHeld: 0,
      },
    ]);
  });

  it('says them in French in the document, its HTML and its CSV', () => {
    if (!report) throw new Error('no report');
    const document = territoryDocument(report, { generatedAt: '2016-12-01T08:00:00.000Z', timeZone: 'Europe/Paris' });
    expect(document.facts[0]).toEqual({ label: 'Catalyseurs', value: 1 });
    const html = renderHtml(document);
    expect(html).toContain('<h2>Catalyseurs territoriaux</h2>');
    expect(html).toContain(
      '<td>Alice</td><td>cat-1</td><td>association</td><td>mise en relation, dialogue territorial</td><td>10 janvier 2015</td><td>membre</td>',
    );
    expect(html).toContain(
      '<td>Bruno</td><td>cat-2</td><td>association</td><td>mise en relation, dialogue territorial</td><td>1er février 2016</td><td>a quitté le réseau le 30 novembre 2016</td>',
    );
    const csv = renderCsv(document);
    expect(csv).toContain(
      '\r\nParcours d’expérience\r\nParcours;État du parcours;Inscrit le;Le territoire;Étape de la méthode;Séances suivies;Séances tenues;Issue\r\n' +
        'Parcours p1;en cours;1er juillet 2016;territoire pilote;la chaîne de valeur;1;2;\r\n' +
        'Parcours p2;inscriptions ouvertes;1er juillet 2016;retiré le 1er août 2016;pas encore commencée;0;0;\r\n',
    );
    const bare = buildTerritoryReport({ territory, partnerships: [], experimentations: [], gatherings: [], introductions: [] });
    if (!bare) throw new Error('no report');
    const empty = renderHtml(territoryDocument(bare, { generatedAt: '2016-12-01T08:00:00.000Z', timeZone: 'Europe/Paris' }));
    expect(empty).toContain('Aucun catalyseur sur ce territoire');
    expect(empty).toContain('Pilote d’aucun parcours d’expérience');
  });
});

describe('the gap to the national average, in words', () => {
  it('says more or less rather than a sign a spreadsheet would take for a formula', () => {
    expect(gapText(1.5, '%')).toBe('1,5 point de plus');
    expect(gapText(-0.6, '%')).toBe('0,6 point de moins');
    expect(gapText(-2.5, '%')).toBe('2,5 points de moins');
    expect(gapText(3, '€')).toBe('3 € de plus');
    expect(gapText(-3, undefined)).toBe('3 de moins');
    expect(gapText(0, '%')).toBe('0 point');
  });
});

describe('the words of an indicator’s target', () => {
  it('are the console’s: « à atteindre ou dépasser », « à ne pas dépasser »', () => {
    expect(say(DIRECTIONS, 'increase')).toBe('à atteindre ou dépasser');
    expect(say(DIRECTIONS, 'decrease')).toBe('à ne pas dépasser');
  });
});
