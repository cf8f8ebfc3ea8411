import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

/**
 * « The person's fields read [effacé] at once in every answer » (docs/adr/0006-personal-data.md, amendment « at once
 * in the read models »). The outside tester's case: right after the 202 of an erasure, `GET /api/catalyseurs/{id}` and
 * the directory's lists still gave the name for 80–100 ms (the projector had not folded the erasure yet), while the
 * exports already read [effacé]. The 202 now comes once the read models lost the person's values.
 */
describe('an erasure’s 202 comes once the read models lost the person’s values (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  // A second api on the same files, as a second process opens them: its projector is standby, the first's folds the
  // erasure from the log (its subscription polls it), as when the api and the projector run apart.
  let other: ApiHarness;
  const { send } = httpSteps(() => api);
  let operator: string;
  const IDS = ['catalyseur-016', 'catalyseur-017', 'catalyseur-018'];
  const nameOf = (id: string): string => `Prénom${id.slice(-3)} Nom${id.slice(-3)}`;

  beforeAll(async () => {
    api = await startApi();
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await send(operator, '/api/territories', { id: 'gers', name: 'Gers', typology: 'rural', level: 'departemental', registeredAt: '2020-01-01' }, 201);
    let last = { position: 0 };
    for (const id of IDS) {
      last = await send(
        operator,
        '/api/catalyseurs',
        { id, name: nameOf(id), sphere: 'association', territory: 'gers', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
        201,
      );
    }
    await api.projected(last.position);
    other = await startApi({ dir: api.dir });
  });
  afterAll(async () => {
    await other?.close();
    await api?.close();
  });

  it('the card and the territory’s list read no former name in the first reads after each 202', async () => {
    const token = other.token({ sub: 'op-1', role: 'operator' });
    const list = async (): Promise<string> => JSON.stringify((await other.request('GET', '/api/catalyseurs?territory=gers', { token })).body);
    expect(await list()).toContain(nameOf(IDS[0] as string));
    const seen: { id: string; card: string; list: boolean }[] = [];
    for (const id of IDS) {
      const accepted = await other.request('POST', `/api/people/${id}/erase`, { token, body: { reason: 'objection' } });
      expect(accepted.status).toBe(202);
      // At once, in parallel as a client would: the card, the list, the card again.
      const [card, listed, again] = await Promise.all([
        other.request<{ name: string }>('GET', `/api/catalyseurs/${id}`, { token }),
        list(),
        other.request<{ name: string }>('GET', `/api/catalyseurs/${id}`, { token }),
      ]);
      seen.push({ id, card: card.body.name, list: listed.includes(nameOf(id)) });
      expect(again.body.name).toBe('[effacé]');
    }
    expect(seen).toEqual(IDS.map((id) => ({ id, card: '[effacé]', list: false })));
  });
});
