/**
 * The observatory's network sections over the demo of the source documents:
 * loaded through the users' command path into a real SQLite event store,
 * folded by the projector into a real SQLite projection store, answered by the
 * observatory. (Here rather than in `libs/observatory`: the observatory's
 * specs may not depend on the demo, which depends on the observatory.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandHandler } from '@catalyse/commands';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { type Cell, Observatory, OBSERVATORY_SECTIONS, type ObservatoryAnswer, type ObservatoryQuery, type Table } from '@catalyse/observatory';
import { loadScript } from '@catalyse/operations';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { Projector } from '@catalyse/projector';
import { demoScript } from './demo';

jest.setTimeout(180_000);

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A table's rows as `key → the chosen columns`. */
const rowsBy = (table: Table, key: string, columns: readonly string[]): Record<string, Cell[]> =>
  Object.fromEntries(table.rows.map((row) => [String(row[key]), columns.map((c) => row[c] ?? null)]));

describe('the network sections over the demo network (SQLite, projector)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteProjectionStore;
  let notifier: InProcessFeedNotifier;
  let projector: Projector;
  let observatory: Observatory;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-network-observatory-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db') });
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db') });
    notifier = new InProcessFeedNotifier();
    const loaded = await loadScript(events, new CommandHandler(events), demoScript().plan(), { source: 'demo' });
    expect(loaded.diverged).toEqual([]);
    projector = new Projector(events, store, notifier, { logger: silent });
    await projector.start();
    expect(await projector.waitForPosition(await events.headPosition(), 120_000)).toBe(true);
    observatory = new Observatory(store, events, OBSERVATORY_SECTIONS, { timeZone: 'Europe/Paris', now: () => new Date('2030-01-01T09:00:00.000Z') });
  });

  afterAll(async () => {
    await projector?.stop();
    await notifier?.close();
    await events?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const answer = async (name: string, query: ObservatoryQuery = {}): Promise<ObservatoryAnswer> => {
    const section = observatory.section(name);
    if (section === undefined) throw new Error(`no section ${name}`);
    return observatory.answer(section, query);
  };
  const table = (a: ObservatoryAnswer, name: string): Table => {
    const found = a.tables.find((t) => t.name === name);
    if (found === undefined) throw new Error(`no table ${name}`);
    return found;
  };

  it('the 350 catalyseurs, by sphere in the network’s proportions, joined from 2014 to 2018 (the four of the earlier stories before)', async () => {
    const a = await answer('catalyseurs');
    expect(a.subjects).toBe(350);
    expect(rowsBy(table(a, 'by_status'), 'status', ['count'])).toEqual({ member: [350], left: [0] });
    expect(rowsBy(table(a, 'by_sphere'), 'sphere', ['count', 'share'])).toEqual({
      association: [105, 30],
      collectivite: [105, 30],
      entreprise: [70, 20],
      academique: [35, 10],
      fondation: [35, 10],
    });
    expect(table(a, 'by_region').rows.reduce((sum, r) => sum + Number(r['count']), 0)).toBe(350);
    expect(rowsBy(table(a, 'by_region'), 'region', ['count'])).not.toHaveProperty('non renseignée');
    // Every catalyseur has one to four skills.
    const skills = table(a, 'by_skill').rows.reduce((sum, r) => sum + Number(r['count']), 0);
    expect(skills).toBeGreaterThan(350);
    expect(table(a, 'joined_left_by_year').rows).toEqual([
      // The four who carry the documents' stories of before the network join when their story starts.
      { year: '2009', joined: 1, left: 0, net: 1 },
      { year: '2012', joined: 2, left: 0, net: 2 },
      { year: '2013', joined: 1, left: 0, net: 1 },
      { year: '2014', joined: 75, left: 0, net: 75 },
      { year: '2015', joined: 80, left: 0, net: 80 },
      { year: '2016', joined: 80, left: 0, net: 80 },
      { year: '2017', joined: 80, left: 0, net: 80 },
      { year: '2018', joined: 31, left: 0, net: 31 },
    ]);
    expect((await answer('catalyseurs', { asOf: '2016-01-01' })).subjects).toBe(159);
  });

  it('names the territories as their profiles do, beside their ids (the console and ops text show the names)', async () => {
    const catalyseurs = rowsBy(table(await answer('catalyseurs'), 'by_territory'), 'territory', ['label']);
    expect(catalyseurs).toMatchObject({ 'petite-couronne': ['Petite couronne parisienne'], 'poitou-charentes': ['Région Poitou-Charentes'] });
    expect(Object.entries(catalyseurs).filter(([id, [label]]) => label === id)).toEqual([]);
    expect(rowsBy(table(await answer('gatherings'), 'held_by_territory'), 'territory', ['label'])).toEqual({ alsace: ['Alsace'], reseau: ['Tout le réseau'] });
    const pilots = table(await answer('parcours'), 'pilots').rows;
    expect(pilots).toHaveLength(12);
    expect(pilots.filter((row) => row['label'] === row['territory'])).toEqual([]);
  });

  it('the gatherings: the Labo’s 10 events a year (4 speed datings, 4 conférences, 32 ateliers), the 2018 rencontre, 12 webinaires of the network and 2 of organisers outside it', async () => {
    const a = await answer('gatherings');
    expect(a.subjects).toBe(55);
    expect(rowsBy(table(a, 'by_status'), 'status', ['count'])).toEqual({ scheduled: [0], held: [55], cancelled: [0] });
    expect(rowsBy(table(a, 'held_by_kind'), 'kind', ['held', 'registered', 'present', 'attendance_rate', 'pairs'])).toEqual({
      rencontre_annuelle: [1, 116, 105, 90.5, 0],
      webinaire: [14, 391, 294, 75.2, 0],
      atelier: [32, 392, 386, 98.5, 0],
      conference: [4, 49, 49, 100, 0],
      speed_dating: [4, 80, 80, 100, 40],
    });
    expect(table(a, 'attendance_by_sphere').rows.reduce((sum, r) => sum + Number(r['count']), 0)).toBe(914);
    expect(table(a, 'held_by_year').rows).toEqual([
      { year: '2013', held: 10, present: 130 },
      { year: '2014', held: 10, present: 128 },
      { year: '2015', held: 10, present: 128 },
      { year: '2016', held: 10, present: 129 },
      { year: '2018', held: 15, present: 399 },
    ]);
    const alsace = await answer('gatherings', { territory: 'alsace' });
    expect(rowsBy(table(alsace, 'attendance_by_sphere'), 'sphere', ['count', 'share'])).toEqual({ association: [330, 64.1], entreprise: [185, 35.9] });
  });

  it('the Labo régional des partenariats en Alsace: 100 introductions, 95 meetings, 70 partnerships', async () => {
    const a = await answer('introductions', { territory: 'alsace' });
    expect(a.subjects).toBe(100);
    expect(table(a, 'by_territory').rows).toEqual([
      {
        territory: 'alsace',
        label: 'Alsace',
        region: 'Grand Est',
        introduced: 100,
        met: 95,
        led_to_partnership: 70,
        partnerships: 70,
        no_follow_up: 30,
        met_rate: 95,
        partnership_rate: 70,
      },
    ]);
    expect(rowsBy(table(a, 'funnel'), 'stage', ['count', 'share'])).toEqual({
      introduced: [100, 100],
      met: [95, 95],
      led_to_partnership: [70, 70],
      no_follow_up: [30, 30],
      open: [0, 0],
    });
    expect(rowsBy(table(a, 'by_gathering'), 'gathering', ['introduced', 'met', 'led_to_partnership'])).toEqual({
      'speed-dating-labo-alsace-2013': [25, 24, 18],
      'speed-dating-labo-alsace-2014': [25, 24, 18],
      'speed-dating-labo-alsace-2015': [25, 24, 17],
      'speed-dating-labo-alsace-2016': [25, 23, 17],
    });
    expect(table(a, 'by_catalyseur').rows).toHaveLength(1);
    expect(rowsBy(table(a, 'delays'), 'step', ['count', 'median'])).toMatchObject({ met: [95, 21], partnership: [70, expect.any(Number)] });
    expect((await answer('introductions', { region: 'grand-est' })).subjects).toBe(100);
  });

  it('Charenton-Saint-Maurice: 142 dirigeants, 3 groups of 39, 9 meetings, a restitution of 118, 12 follow-ups, 7 actions evaluated, essaimage', async () => {
    const a = await answer('experimentations', { territory: 'charenton-saint-maurice' });
    expect(table(a, 'experimentations').rows).toEqual([
      {
        experimentation: 'agir-ensemble-charenton',
        label: 'Agir ensemble à Charenton-Saint-Maurice',
        territory: 'Charenton-Saint-Maurice',
        region: 'Île-de-France',
        launched: '2012-01-16',
        category: 'experimentation_collective',
        category_label: 'Expérimentation collective',
        stage: 'evaluation_resultats',
        stage_label: 'Évaluation des résultats',
        status: 'concluded',
        status_label: 'Conclue',
        dirigeants: 142,
        volunteers: 40,
        groups: 3,
        participants: 39,
        meetings: 9,
        restitution: 118,
        follow_ups: 12,
        actions: 7,
        evaluated: 7,
        essaimage: 'essaimer',
        essaimage_label: 'Essaimer',
      },
    ]);
    expect(rowsBy(table(a, 'dirigeants_by_sphere'), 'sphere', ['count', 'share'])).toEqual({
      association: [71, 50],
      entreprise: [43, 30.3],
      collectivite: [28, 19.7],
    });
    // The restitution's 40 % associations, 40 % entreprises, 20 % from outside the territory, rounded to people.
    expect(rowsBy(table(a, 'restitution_by_sphere'), 'sphere', ['count', 'share'])).toEqual({
      association: [47, 39.8],
      entreprise: [47, 39.8],
      hors_territoire: [24, 20.3],
    });
    expect(rowsBy(table(a, 'activity_by_year'), 'year', ['restitutions', 'follow_ups'])).toEqual({
      '2012': [0, 0],
      '2013': [1, 3],
      '2014': [0, 9],
      '2016': [0, 0],
    });
    expect(rowsBy(table(a, 'participants_by_sphere'), 'sphere', ['count'])).toEqual({
      association: [16],
      entreprise: [11],
      institution: [7],
      collectivite: [5],
    });
    expect(rowsBy(table(a, 'meetings_by_step'), 'step', ['count'])).toEqual({ etat_des_lieux: [3], propositions: [3], plan_action: [3] });
    expect(rowsBy(table(a, 'actions_by_outcome'), 'outcome', ['count'])).toEqual({ concluante: [6], mitigee: [1], non_concluante: [0], non_evaluee: [0] });
    // The three états des lieux of 10, 12 and 14 December 2012: all three held by 2013-01-01.
    const early = await answer('experimentations', { territory: 'charenton-saint-maurice', asOf: '2013-01-01' });
    expect(rowsBy(table(early, 'experimentations'), 'experimentation', ['stage', 'meetings', 'restitution', 'follow_ups', 'actions'])).toEqual({
      'agir-ensemble-charenton': ['co_construction', 3, null, 0, 0],
    });
  });

  it('the experimentations of the network: Charenton and Silver Geek, both spread', async () => {
    const a = await answer('experimentations');
    expect(a.subjects).toBe(2);
    expect(rowsBy(table(a, 'experimentations'), 'experimentation', ['dirigeants', 'groups', 'participants', 'meetings', 'actions'])).toEqual({
      'agir-ensemble-charenton': [142, 3, 39, 9, 7],
      'silver-geek': [20, 3, 18, 9, 1],
    });
    expect(rowsBy(table(a, 'essaimage'), 'decision', ['count', 'share'])).toEqual({ essaimer: [2, 100], ne_pas_essaimer: [0, 0], non_decide: [0, 0] });
    expect(rowsBy(table(a, 'by_category'), 'category', ['count'])).toEqual({
      impulsion_acteurs: [0],
      experimentation_collective: [1],
      co_innovation: [1],
      non_renseignee: [0],
    });
    expect(rowsBy(table(a, 'experimentations'), 'experimentation', ['restitution', 'follow_ups'])).toEqual({
      'agir-ensemble-charenton': [118, 12],
      'silver-geek': [null, 0],
    });
  });

  it('the parcours d’expérience: 12 pilot territories, 6 sessions, 9 at the last step', async () => {
    const a = await answer('parcours');
    expect(table(a, 'parcours').rows).toEqual([
      {
        parcours: 'co-construction-territoriale-2018',
        label: 'Parcours d’expérience « Co-construction territoriale »',
        status: 'completed',
        status_label: 'Terminé',
        pilots: 12,
        withdrawn: 0,
        sessions: 6,
        presence_rate: 83.3,
        completed: '2018-12-20',
      },
    ]);
    expect(rowsBy(table(a, 'progress_by_step'), 'step', ['current', 'reached'])).toEqual({
      solutions: [0, 12],
      chaine_de_valeur: [0, 12],
      modele_economique: [3, 12],
      dispositif: [9, 9],
      non_commencee: [0, null],
    });
    expect(rowsBy(table(a, 'pilots_by_region'), 'region', ['count'])).toMatchObject({
      'Auvergne-Rhône-Alpes': [3],
      'Nouvelle-Aquitaine': [2],
      'Grand Est': [1],
    });
    const midway = await answer('parcours', { asOf: '2018-07-31' });
    expect(rowsBy(table(midway, 'parcours'), 'parcours', ['status', 'sessions'])).toEqual({ 'co-construction-territoriale-2018': ['started', 3] });
  });
});
