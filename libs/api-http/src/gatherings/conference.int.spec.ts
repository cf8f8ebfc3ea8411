/**
 * A conférence over HTTP (real SQLite files, real projector, real HTTP): the Labo's « belles histoires » of 2014,
 * scheduled at a place, listed under its own kind (not with the ateliers), held and its sheet recorded; the OpenAPI
 * document offers the kind; one online, or of a kind the api does not know, is refused and changes nothing.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

interface Attendance {
  readonly gatheringId: string;
  readonly kind: string;
  readonly place?: string;
  readonly status: string;
  readonly registered: number;
  readonly attended: number;
}

const CONFERENCE = 'labo-alsace-evenement-2014-01';
const conference = {
  id: CONFERENCE,
  kind: 'conference',
  theme: 'Conférence « belles histoires » de partenariats associations – entreprises',
  date: '2014-01-15',
  time: '08:30',
  endTime: '10:30',
  place: 'Strasbourg, CCI Alsace Eurométropole',
  territoryId: 'alsace',
  // Recorded the day after it took place: scheduled a month before.
  scheduledAt: '2013-12-16',
};

describe('HTTP api: a conférence', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let catalyseur: string;

  beforeAll(async () => {
    api = await startApi({ now: '2014-01-16T08:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-alsace', role: 'catalyseur' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('is scheduled at a place, listed under its own kind, held and its attendance recorded', async () => {
    await send(catalyseur, '/api/gatherings', conference, { status: 201 });
    const atelier = await send(
      catalyseur,
      '/api/gatherings',
      {
        id: 'labo-alsace-evenement-2014-02',
        kind: 'atelier',
        theme: 'Atelier : la stratégie de partenariat des associations',
        date: '2014-02-19',
        place: 'Mulhouse',
      },
      { status: 201 },
    );
    await send(catalyseur, `/api/gatherings/${CONFERENCE}/register`, {
      participantId: 'alsace-active',
      name: 'Alsace Active',
      organisation: 'Alsace Active',
      sphere: 'association',
    });
    await send(catalyseur, `/api/gatherings/${CONFERENCE}/hold`, { heldOn: '2014-01-15' });
    const sheet = await send(catalyseur, `/api/gatherings/${CONFERENCE}/record-attendance`, { participantIds: ['alsace-active'] });
    await api.projected(Math.max(sheet.position, atelier.position));
    expect(await get<Attendance>(catalyseur, `/api/gatherings/${CONFERENCE}`)).toMatchObject({
      gatheringId: CONFERENCE,
      kind: 'conference',
      place: 'Strasbourg, CCI Alsace Eurométropole',
      status: 'held',
      registered: 1,
      attended: 1,
    });
    const ids = async (kind: string): Promise<string[]> =>
      (await get<{ items: Attendance[] }>(catalyseur, `/api/gatherings?kind=${kind}`)).items.map((g) => g.gatheringId);
    expect(await ids('conference')).toEqual([CONFERENCE]);
    expect(await ids('atelier')).toEqual(['labo-alsace-evenement-2014-02']);
  });

  it('is a kind the OpenAPI document offers, for scheduling and for the list', async () => {
    interface Doc {
      readonly paths: Record<string, { get?: { parameters?: { name: string; schema?: { enum?: string[] } }[] } }>;
      readonly components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }> };
    }
    const doc = (await api.request<Doc>('GET', '/api/docs-json')).body;
    const kinds = ['rencontre_annuelle', 'webinaire', 'atelier', 'conference', 'speed_dating'];
    expect(doc.components.schemas['ScheduleGatheringDto']?.properties?.['kind']?.enum).toEqual(kinds);
    expect(doc.paths['/api/gatherings']?.get?.parameters?.find((p) => p.name === 'kind')?.schema?.enum).toEqual(kinds);
  });

  it('refuses one online or of a kind the api does not know, and changes nothing', async () => {
    const head = (await events.headPosition()).toString();
    const online = await refused(
      catalyseur,
      'POST',
      '/api/gatherings',
      { ...conference, id: 'conference-en-ligne', place: undefined, link: 'https://visio.example.org/belles-histoires' },
      422,
      'RULE_VIOLATED',
    );
    expect(online.message).toBe('a conference takes place on site: it needs a place');
    const unknown = await refused(catalyseur, 'POST', '/api/gatherings', { ...conference, id: 'colloque', kind: 'colloque' }, 400, 'VALIDATION');
    expect(unknown.details).toEqual([{ field: 'kind', messages: ['kind must be one of: rencontre_annuelle, webinaire, atelier, conference, speed_dating'] }]);
    await refused(catalyseur, 'GET', '/api/gatherings?kind=colloque', undefined, 400, 'VALIDATION');
    expect((await events.headPosition()).toString()).toBe(head);
  });
});
