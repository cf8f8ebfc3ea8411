import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { KeyStoreErasures, PERSONAL_DATA, type PersonalDataEventStore } from '@catalyse/personal-data';
import { FEED_NOTIFIER, type FeedNotifier, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { Projector } from '@catalyse/projector';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The 202 of an erasure waits for the projector to reach the erasure's own position, not the log's head (docs/adr/0006,
 * amendment « at once in the read models »). The reviewer's case: under write load the head kept moving ahead of the
 * projector, and a wait that read the head again every 2 s answered after its whole 10 s (and up to 12), long after
 * the read models had lost the values. Here the projector folds one event per batch and stops just past the
 * erasure's, while other writes go on: the head stays ahead of it for ever, the erasure's position is reached.
 */
describe('an erasure’s 202 waits for its own position, not for a head other writes keep moving (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  const { send } = httpSteps(() => api);
  let operator: string;
  const ID = 'catalyseur-031';
  const NAME = 'Prénom031 Nom031';

  beforeAll(async () => {
    api = await startApi();
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await send(operator, '/api/territories', { id: 'gers', name: 'Gers', typology: 'rural', level: 'departemental', registeredAt: '2020-01-01' }, 201);
    const last = await send(
      operator,
      '/api/catalyseurs',
      { id: ID, name: NAME, sphere: 'association', territory: 'gers', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
      201,
    );
    await api.projected(last.position);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers once the erasure is projected while writes keep the head ahead, the values gone', async () => {
    const events = api.app.get<EventStore>(EVENT_STORE);
    const personal = api.app.get<PersonalDataEventStore>(PERSONAL_DATA);
    // The api's projector gives way to one folding an event per batch, as the harness's module composes it otherwise.
    await api.projector.stop();
    const projector = new Projector(events, api.app.get<ProjectionStore>(PROJECTION_STORE), api.app.get<FeedNotifier>(FEED_NOTIFIER), {
      maxBatchSize: 1,
      erasures: new KeyStoreErasures(personal.inner, personal.keys, [], { log: personal }),
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const before = await events.headPosition();

    // Other writes all along the erasure: one territory after another until its 202 comes.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        written++;
        await send(
          operator,
          '/api/territories',
          { id: `autre-${written}`, name: `Autre ${written}`, typology: 'rural', level: 'departemental', registeredAt: '2020-01-01' },
          201,
        );
        await sleep(20);
      }
    })();

    const started = Date.now();
    const erasing = api.request<{ position: number }>('POST', `/api/people/${ID}/erase`, { token: operator, body: { reason: 'objection' } });
    let erasure: bigint | undefined;
    while (erasure === undefined) {
      erasure = (await events.readAll({ after: before })).find((event) => event.type === 'PersonalDataErased')?.position;
      if (erasure === undefined) await sleep(10);
    }
    // Past a first bounded wait on the head (2 s), so that the head is read again, now past the erasure.
    await sleep(2500);
    // Stopped on the batch after the erasure's (one event: the erasure's own batch ends a follow of the log, a stop
    // then is not taken), far behind the head the writes keep moving.
    let stoppedAt: bigint | undefined;
    projector.observe({
      batch: ({ checkpoint }) => {
        if (stoppedAt === undefined && checkpoint > (erasure as bigint)) {
          stoppedAt = checkpoint;
          void projector.stop();
        }
      },
    });
    await projector.start();

    const answer = await erasing;
    const elapsed = Date.now() - started;
    writing = false;
    await writer;
    await projector.stop();

    expect(answer.status).toBe(202);
    expect(BigInt(answer.body.position)).toBe(erasure);
    // Answered once the erasure was folded (about 2.5 s here), not after the 10 s the head's wait took.
    expect(elapsed).toBeLessThan(8000);
    // The head went on past what the projector folded: waiting for it would have waited the whole 10 s.
    expect(await events.headPosition()).toBeGreaterThan(stoppedAt ?? Number.MAX_SAFE_INTEGER);
    const card = await api.request<{ name: string }>('GET', `/api/catalyseurs/${ID}`, { token: operator });
    expect([card.status, card.body.name]).toEqual([200, '[effacé]']);
    const list = await api.request<{ items: { catalyseurId?: string; id?: string; name: string }[] }>('GET', '/api/catalyseurs?territory=gers', {
      token: operator,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.filter((item) => (item.catalyseurId ?? item.id) === ID).map((item) => item.name)).toEqual(['[effacé]']);
  }, 30_000);
});
