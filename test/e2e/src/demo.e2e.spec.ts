/**
 * The demo of the source documents: `npm run ops -- demo` loads the
 * network through the users' commands; a second run writes nothing; the
 * all-in-one then serves read models that show the documents' figures.
 */
import { expectStatus, HttpClient, mintToken, type RunningService, runOps, startService, tempDataDir } from '@catalyse/testing';

jest.setTimeout(180_000);

interface Page<T> {
  readonly items: readonly T[];
}

interface LoadReport {
  readonly streams: number;
  readonly commands: number;
  readonly applied: number;
  readonly alreadyDone: number;
  readonly diverged: readonly unknown[];
}

describe('the demo network', () => {
  const data = tempDataDir();
  let service: RunningService | undefined;

  afterAll(async () => {
    await service?.stop();
    data.remove();
  });

  it('loads through the commands once over two runs, and the read models show the documents’ figures', async () => {
    const env = { DATA_DIR: data.dir };
    const first = await runOps(['demo', '--format', 'json'], env);
    expect(first.code).toBe(0);
    const loaded = JSON.parse(first.stdout) as LoadReport;
    expect(loaded).toMatchObject({ diverged: [], alreadyDone: 0 });
    expect(loaded.applied).toBe(loaded.commands);
    expect(loaded.commands).toBeGreaterThan(2000);

    const second = await runOps(['demo', '--format', 'json'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ ...loaded, applied: 0, alreadyDone: loaded.commands });
    const verified = await runOps(['verify', '--format', 'json'], env);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ problems: [], unreadable: [] });
    const inFrench = await runOps(['verify'], env);
    expect(inFrench.code).toBe(0);
    expect(inFrench.stdout).toMatch(/^ +partnership ImpactAssessed +version actuelle 2 ; v2 : \d+$/m);
    expect(inFrench.stdout).toContain('Résultat : le journal est sain.');

    service = await startService('all-in-one', { dataDir: data.dir });
    const token = await mintToken(data.dir, { sub: 'catalyseur-001', role: 'catalyseur' });
    const http = new HttpClient(service.url, token);
    // The projector catches up with the whole log after the start.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const health = await http.get<{ details?: { projector?: { lag?: string } } }>('/api/health');
      if (health.status === 200 && health.body.details?.projector?.lag === '0') break;
      if (Date.now() > deadline) throw new Error(`the projector did not catch up: ${JSON.stringify(health.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const all = async <T>(path: string): Promise<T[]> => {
      const items: T[] = [];
      for (let offset = 0; ; offset += 200) {
        const page = expectStatus(await http.get<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}limit=200&offset=${offset}`), 200);
        items.push(...page.items);
        if (page.items.length < 200) return items;
      }
    };

    // 350 catalyseurs territoriaux (003), over several regions.
    const catalyseurs = await all<{ territory: string }>('/api/catalyseurs');
    expect(catalyseurs).toHaveLength(350);
    expect(new Set(catalyseurs.map((c) => c.territory)).size).toBeGreaterThanOrEqual(15);

    // The Labo régional des partenariats en Alsace (001): 70 partnerships created at its initiative (63 of which it
    // accompanied: README, "how the documents' conflicts were decided"), 10 collective events a year, 150 entreprises
    // and 300 associations involved in all.
    const alsace = await all<{ id: string; phase: string; catalyseurs: string[] }>('/api/partnerships?territory=alsace');
    expect(alsace).toHaveLength(70);
    expect(alsace.filter((p) => p.catalyseurs.length > 0)).toHaveLength(63);
    expect(new Set(alsace.map((p) => p.phase))).toEqual(new Set(['cadrage', 'pilotage', 'evaluation', 'closed']));
    const lyonnaise = expectStatus(
      await http.get<{ partners: { name: string }[]; modes: string[] }>('/api/partnerships/lyonnaise-des-eaux-chantier-insertion'),
      200,
    );
    expect(lyonnaise.partners.map((p) => p.name)).toEqual(['Chantier d’insertion local', 'Lyonnaise des Eaux']);
    const laboEvents = await all<{ date: string; status: string; registrations: Record<string, { organisation: string; sphere: string }> }>(
      '/api/gatherings?territory=alsace',
    );
    const eventsByYear: Record<string, number> = {};
    for (const { date } of laboEvents) eventsByYear[date.slice(0, 4)] = (eventsByYear[date.slice(0, 4)] ?? 0) + 1;
    expect(eventsByYear).toEqual({ '2013': 10, '2014': 10, '2015': 10, '2016': 10 });
    const laboIntroductions = await all<{ organisations: { name: string; sphere: string }[] }>('/api/introductions?territory=alsace');
    const involved = new Map<string, string>();
    for (const g of laboEvents) for (const r of Object.values(g.registrations)) involved.set(r.organisation, r.sphere);
    for (const i of laboIntroductions) for (const o of i.organisations) involved.set(o.name, o.sphere);
    const involvedBySphere = (sphere: string): number => [...involved.values()].filter((s) => s === sphere).length;
    expect({ associations: involvedBySphere('association'), entreprises: involvedBySphere('entreprise') }).toEqual({ associations: 300, entreprises: 150 });
    // Each of them is an organisation of Alsace with its own page, registered under the id the demo names it by (and
    // two actors of the territory: Alsace Active, which created the Labo, and the Labo itself). The documents' example: its partnership, its introduction, its speed dating.
    const alsaceOrganisations = await all<{ organisationId: string; name: string; kind: string }>('/api/organisations?territory=alsace');
    expect(alsaceOrganisations.filter((o) => o.kind === 'entreprise')).toHaveLength(150);
    const registeredNames = new Set(alsaceOrganisations.map((o) => o.name));
    expect([...involved.keys()].filter((name) => !registeredNames.has(name))).toEqual([]);
    expect(alsaceOrganisations.filter((o) => !involved.has(o.name)).map((o) => o.organisationId)).toEqual(['alsace-active', 'labo-partenariats-alsace']);
    const lyonnaisePage = expectStatus(
      await http.get<{ partnerships: { id: string }[]; introductions: { introductionId: string }[]; gatherings: { kind: string; attended: number }[] }>(
        '/api/organisations/lyonnaise-des-eaux',
      ),
      200,
    );
    expect(lyonnaisePage.partnerships.map((p) => p.id)).toContain('lyonnaise-des-eaux-chantier-insertion');
    expect(lyonnaisePage.introductions.map((i) => i.introductionId)).toContain('labo-alsace-001');
    // « Préparer les partenaires »: before the 2013 speed dating, the Labo prepared the associations (7) of the
    // partnerships it would go on to accompany, each closed ready; each introduction names the accompaniment it came from.
    const preparations = await all<{ accompanimentId: string; organisationId: string }>('/api/accompaniments?status=closed&outcome=ready');
    expect(preparations.filter((a) => a.accompanimentId.startsWith('labo-alsace-preparation-'))).toHaveLength(7);
    const fromPreparation = await all<{ introductionId: string }>('/api/introductions?accompaniment=labo-alsace-preparation-chantier-insertion-enrobes');
    expect(fromPreparation.map((i) => i.introductionId)).toEqual(['labo-alsace-001']);

    // FLDA × Conseil général de l'Ardèche: 2010–2012, renewed for 2013–2015 (001).
    const flda = expectStatus(
      await http.get<{ cycle: number; phase: string; conclusions: { cycle: number; decision: string; concludedOn: string }[] }>(
        '/api/partnerships/flda-cg-ardeche',
      ),
      200,
    );
    expect(flda).toMatchObject({ cycle: 2, phase: 'pilotage', conclusions: [{ cycle: 1, decision: 'renouveler', concludedOn: '2012-12-14' }] });
    // Its four results (001), as the Ardèche's actions against its needs, carried by the FLDA and the Conseil général.
    const ardeche = expectStatus(
      await http.get<{ territory: { actions: { actionId: string; actorIds: string[] }[]; needs: { domain: string; actionIds: string[] }[] } }>(
        '/api/territories/ardeche',
      ),
      200,
    );
    expect(ardeche.territory.actions.map((a) => a.actionId)).toEqual(['gcsms-bassin-annonay', 'maison-de-lionel', 'appui-aux-aidants', 'guide-quatre-pages']);
    expect(new Set(ardeche.territory.actions.flatMap((a) => a.actorIds))).toEqual(new Set(['flda', 'cg-ardeche']));
    expect(ardeche.territory.needs.find((n) => n.domain === 'autonomie')?.actionIds).toHaveLength(3);
    // As of the end of 2011, it was still in its first pilotage.
    const asOf2011 = expectStatus(await http.get<{ cycle: number; phase: string }>('/api/partnerships/flda-cg-ardeche?asOf=2011-12-31T23:59:59Z'), 200);
    expect(asOf2011).toMatchObject({ cycle: 1, phase: 'pilotage' });

    // Charenton-Saint-Maurice (001), an expérimentation collective in four stages: the invitation au dialogue (142
    // dirigeants), 3 groups of 3 meetings each, the restitution of 5 June 2013 (118 dirigeants: 40 % associations, 40 %
    // entreprises, 20 % from outside the territory) where 7 actions were presented, the mise en œuvre from 6 June 2013
    // with the follow-up of the groups; then evaluation and essaimage.
    const charenton = expectStatus(
      await http.get<{
        status: string;
        category: string;
        invitation: { dirigeants: number };
        restitution: { heldOn: string; dirigeants: number };
        restitutionShares: { bySphere: Record<string, number>; fromOutside: number };
        stageDates: Record<string, string>;
        groups: { theme: string }[];
        meetingsHeld: number;
        followUpsHeld: number;
        actionsAdopted: number;
        actionsEvaluated: number;
      }>('/api/experimentations/agir-ensemble-charenton'),
      200,
    );
    expect(charenton).toMatchObject({ status: 'concluded', invitation: { dirigeants: 142 }, meetingsHeld: 9, actionsAdopted: 7, actionsEvaluated: 7 });
    expect(charenton).toMatchObject({
      category: 'experimentation_collective',
      restitution: { heldOn: '2013-06-05', dirigeants: 118 },
      restitutionShares: { bySphere: { association: 40, entreprise: 40 }, fromOutside: 20 },
      stageDates: { emergence_besoins: '2012-01-16', co_construction: '2012-12-03', restitution: '2013-06-05', mise_en_oeuvre: '2013-06-06' },
      followUpsHeld: 12,
    });
    expect(charenton.groups.map((g) => g.theme)).toEqual(['Insertion des jeunes', 'Handicap', 'Précarité']);
    // Silver Geek (000, 001), a co-innovation territoriale: about ten structures, 3 briques, 15 host places, 8 months of
    // mise en œuvre (no restitution), evaluated.
    const silverGeek = expectStatus(
      await http.get<{
        category: string;
        restitution?: unknown;
        stageDates: Record<string, string>;
        actions: { hostPlaces: number; durationMonths: number; components: string[]; carriers: unknown[]; results?: { outcome: string } }[];
      }>('/api/experimentations/silver-geek'),
      200,
    );
    expect(silverGeek.actions).toEqual([
      expect.objectContaining({
        hostPlaces: 15,
        durationMonths: 8,
        components: ['Prêt de matériel', 'Animation', 'Évaluation'],
        results: expect.objectContaining({ outcome: 'concluante' }),
      }),
    ]);
    expect(silverGeek).toMatchObject({ category: 'co_innovation', stageDates: { mise_en_oeuvre: '2014-09-01' } });
    expect(silverGeek.restitution).toBeUndefined();
    expect(silverGeek.actions[0]?.carriers).toHaveLength(10);

    // The parcours d'expérience (002): 12 pilot territories over 9 months.
    const parcours = expectStatus(
      await http.get<{ pilots: number; durationMonths: number; startMonth: string; endMonth: string; status: string }>(
        '/api/parcours/co-construction-territoriale-2018',
      ),
      200,
    );
    expect(parcours).toMatchObject({ pilots: 12, durationMonths: 9, startMonth: '2018-04', endMonth: '2018-12', status: 'completed' });

    // The network's monthly webinaires, on the third Thursday; the webinaires of organisers outside the network that
    // opened the parcours' journey (002: 3 April 2018, 12:00–14:00, the CNFPT's e-communauté; 5 April, 10:00–12:00,
    // Territoires Conseils); the 2018 rencontre of the network.
    const webinaires = await all<{ date: string; status: string; time?: string; endTime?: string; organiser?: { name: string; inNetwork: boolean } }>(
      '/api/gatherings?kind=webinaire',
    );
    expect(webinaires).toHaveLength(14);
    const network = webinaires.filter((w) => w.organiser === undefined);
    expect(network).toHaveLength(12);
    for (const { date } of network) {
      const day = new Date(`${date}T12:00:00Z`);
      expect({ date, weekday: day.getUTCDay(), third: day.getUTCDate() >= 15 && day.getUTCDate() <= 21 }).toEqual({ date, weekday: 4, third: true });
    }
    expect(
      webinaires
        .filter((w) => w.organiser !== undefined)
        .map((w) => [w.date, w.time, w.endTime, w.organiser?.inNetwork])
        .sort(),
    ).toEqual([
      ['2018-04-03', '12:00', '14:00', false],
      ['2018-04-05', '10:00', '12:00', false],
    ]);
    const rencontre = expectStatus(
      await http.get<{ kind: string; date: string; attended: number; registered: number }>('/api/gatherings/rencontre-reseau-2018'),
      200,
    );
    expect(rencontre).toMatchObject({ kind: 'rencontre_annuelle', date: '2018-06-12' });
    expect(rencontre.attended).toBeGreaterThan(90);

    // The Labo's introductions: 100 made at its speed datings, 70 led to partnerships.
    const funnel = expectStatus(
      await http.get<{ introduced: number; met: number; ledToPartnership: number; partnerships: number }>('/api/introductions/funnel?territory=alsace'),
      200,
    );
    expect(funnel).toMatchObject({ introduced: 100, ledToPartnership: 70, partnerships: 70 });
    expect(funnel.met).toBeGreaterThanOrEqual(70);

    // The territory view of Alsace brings it all together; Centre-Val de Loire's diagnostic converges on ageing (004).
    const view = expectStatus(
      await http.get<{
        territory: { typology: string };
        partnerships: unknown[];
        gatherings: { kind: string }[];
        catalyseurs: unknown[];
        funnel: { introduced: number };
      }>('/api/territories/alsace'),
      200,
    );
    expect(view.territory.typology).toBe('transfrontalier');
    expect(view.partnerships).toHaveLength(70);
    expect(view.gatherings.filter((g) => g.kind === 'speed_dating')).toHaveLength(4);
    expect(view.catalyseurs.length).toBeGreaterThan(0);
    expect(view.funnel.introduced).toBe(100);
    const centre = expectStatus(
      await http.get<{
        territory: {
          highPriorities: string[];
          priorities: Record<string, Record<string, string>>;
          domains: unknown[];
          keyFigures: { figures: { key: string; value: number; shareOfFrance?: number }[] };
          indicatorsAgainstNational: { domain: string; comparedToNational: string }[];
        };
      }>('/api/territories/centre-val-de-loire'),
      200,
    );
    expect(centre.territory.priorities['vieillissement']).toEqual({ association: 'haute', entreprise: 'haute', collectivite: 'haute' });
    // The 16 domains of fragilité of the PHARE programme; the region's key figures (004); ageing above the national average.
    expect(centre.territory.domains).toHaveLength(16);
    expect(Object.fromEntries(centre.territory.keyFigures.figures.map((f) => [f.key, [f.value, f.shareOfFrance]]))).toMatchObject({
      population: [2_500_000, 4],
      superficie: [39_000, 7],
      communes: [1840, 5],
      departements: [6, undefined],
      pib: [67, 3],
      entreprises: [166_801, 3],
      associations: [47_000, 3],
    });
    expect(centre.territory.indicatorsAgainstNational.find((i) => i.domain === 'vieillissement')?.comparedToNational).toBe('above');

    await observatoryShowsTheDocumentsFigures(http, service.url, token);
  });
});

interface ObservatoryAnswer {
  readonly subjects: number;
  readonly tables: readonly { readonly name: string; readonly rows: readonly Record<string, unknown>[] }[];
}

/** The documents' figures, as the observatory counts them from the history (`/api/observatory`). */
async function observatoryShowsTheDocumentsFigures(http: HttpClient, url: string, token: string): Promise<void> {
  const answer = async (path: string): Promise<ObservatoryAnswer> => expectStatus(await http.get<ObservatoryAnswer>(`/api/observatory/${path}`), 200);
  const rows = (a: ObservatoryAnswer, table: string, key: string): Record<string, Record<string, unknown>> =>
    Object.fromEntries((a.tables.find((t) => t.name === table)?.rows ?? []).map((r) => [String(r[key]), r]));

  // 350 catalyseurs territoriaux (003).
  expect((await answer('catalyseurs')).subjects).toBe(350);
  // The Labo régional des partenariats en Alsace: 70 partnerships out of 100 introductions, 10 events a year (001).
  expect((await answer('partnerships?territory=alsace')).subjects).toBe(70);
  const funnel = rows(await answer('introductions?territory=alsace'), 'funnel', 'stage');
  expect({ introduced: funnel['introduced']?.['count'], partnerships: funnel['led_to_partnership']?.['count'] }).toEqual({ introduced: 100, partnerships: 70 });
  const laboYears = rows(await answer('gatherings?territory=alsace'), 'held_by_year', 'year');
  expect(Object.fromEntries(Object.entries(laboYears).map(([year, r]) => [year, r['held']]))).toEqual({ '2013': 10, '2014': 10, '2015': 10, '2016': 10 });
  // FLDA × Conseil général de l'Ardèche: its first cycle concluded "renouveler" on 2012-12-14 (001).
  const ardeche = await answer('partnerships?territory=ardeche&asOf=2013-01-01');
  expect(rows(ardeche, 'renewal', 'measure')['renewed']?.['value']).toBe(1);
  expect(rows(await answer('partnerships?territory=ardeche&asOf=2012-12-01'), 'renewal', 'measure')['renewed']?.['value']).toBe(0);
  // Charenton-Saint-Maurice: 142 dirigeants invited, 9 meetings, 118 dirigeants at the restitution, 7 actions; its
  // three états des lieux (10, 12 and 14 December 2012, written in time order) all held by 2013-01-01 (001).
  const charenton = rows(await answer('experimentations?territory=charenton-saint-maurice'), 'experimentations', 'experimentation')['agir-ensemble-charenton'];
  expect(charenton).toMatchObject({ category: 'experimentation_collective', dirigeants: 142, groups: 3, meetings: 9, restitution: 118, actions: 7 });
  const early = rows(await answer('experimentations?territory=charenton-saint-maurice&asOf=2013-01-01'), 'experimentations', 'experimentation');
  expect(early['agir-ensemble-charenton']).toMatchObject({ meetings: 3, restitution: null, actions: 0 });
  // The parcours d'expérience: 12 pilot territories over 9 months (002).
  expect(rows(await answer('parcours'), 'parcours', 'parcours')['co-construction-territoriale-2018']).toMatchObject({ pilots: 12, status: 'completed' });
  // Twelve monthly webinaires of the network and two of organisers outside it held (002).
  expect(rows(await answer('gatherings'), 'held_by_kind', 'kind')['webinaire']).toMatchObject({ held: 14 });

  // The same figures as CSV, for a French spreadsheet (`;` between cells, decimal commas).
  const csv = await fetch(`${url}/api/observatory/partnerships/by_region?territory=alsace`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
  });
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect((await csv.text()).replace(/^\uFEFF/, '').split('\r\n')).toEqual(['Région;Nombre;Part (%)', 'Grand Est;70;100', '']);
}
