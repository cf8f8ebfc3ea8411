/**
 * Read-your-writes of the api's single reads and read-model facts (real HTTP, the real projector): a read made before
 * the projector folded its client's write waits for it (`?minRevision=`; a feed whose subject only the read models
 * know of: feed-subjects.int.spec.ts), and a read asking for a revision nobody wrote is not held for the whole wait when the read side is there.
 */
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

interface TerritoryView {
  readonly territory: { readonly id: string; readonly name: string; readonly revision: number };
}

describe('read-your-writes of the api’s reads', () => {
  let api: ApiHarness;
  let operator: string;
  const { send } = httpSteps(() => api);

  beforeAll(async () => {
    api = await startApi();
    operator = api.token({ sub: 'op-1', role: 'operator' });
    const ardeche = await send(
      operator,
      '/api/territories',
      { id: 'ardeche', name: 'Ardèche', typology: 'rural', level: 'departemental', region: 'Auvergne-Rhône-Alpes' },
      201,
    );
    await api.projected(ardeche.position);
  });
  afterAll(() => api?.close());

  it('answers a document written before the request once the projector folded it, not a 404', async () => {
    await api.projector.stop();
    const drome = await send(
      operator,
      '/api/territories',
      { id: 'drome', name: 'Drôme', typology: 'rural', level: 'departemental', region: 'Auvergne-Rhône-Alpes' },
      201,
    );
    const early = await api.request<TerritoryView>('GET', '/api/territories/drome', { token: operator });
    expect(early.status).toBe(404);
    const waiting = api.request<TerritoryView>('GET', `/api/territories/drome?minRevision=${drome.revision}`, { token: operator });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await api.projector.start();
    const answer = await waiting;
    expect({ status: answer.status, name: answer.body.territory?.name }).toEqual({ status: 200, name: 'Drôme' });
  });

  it('answers what there is without waiting out the 2 s when the read side is at the log’s head', async () => {
    const started = Date.now();
    const answer = await api.request<TerritoryView>('GET', '/api/territories/ardeche?minRevision=999', { token: operator });
    expect({ status: answer.status, name: answer.body.territory?.name, revision: answer.body.territory?.revision }).toEqual({
      status: 200,
      name: 'Ardèche',
      revision: 0,
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
