/**
 * A parcours d'expérience over HTTP (real SQLite files, real projector, real
 * HTTP): pilots enrolled, started, sessions, progress step by step, completed.
 * Every refusal is a 4xx with a code.
 */
import { type ApiHarness, startApi } from '../test-support/api-harness';

interface Accepted {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
}

describe('HTTP api: a parcours d’expérience', () => {
  let api: ApiHarness;
  let catalyseur: string;
  let operator: string;

  const send = async (token: string, path: string, body: unknown, status = 200): Promise<Accepted> => {
    const answer = await api.request<Accepted>('POST', path, { token, body });
    if (answer.status !== status) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const get = async <T>(token: string, path: string): Promise<T> => {
    const answer = await api.request<T>('GET', path, { token });
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const refused = async (token: string, method: string, path: string, body: unknown, status: number, code: string): Promise<Record<string, unknown>> => {
    const answer = await api.request(method, path, { token, body });
    expect({ path, status: answer.status, code: answer.body['code'] }).toEqual({ path, status, code });
    return answer.body;
  };

  beforeAll(async () => {
    api = await startApi({ now: '2018-04-03T08:00:00.000Z' });
    catalyseur = api.token({ sub: 'cat-alsace', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('a parcours d’expérience: pilots enrolled, started, sessions, progress step by step, completed', async () => {
    await send(operator, '/api/parcours', { id: 'pilotes-2018', title: 'Co-construction territoriale', startMonth: '2018-04', durationMonths: 9, openedOn: '2018-02-01' }, 201);
    for (const [territoryId, name] of [['pays-de-la-loire', 'Pays de la Loire'], ['alsace', 'Alsace']]) {
      await send(operator, '/api/parcours/pilotes-2018/enrol-territory', { territoryId, name, enrolledOn: '2018-03-01' });
    }
    await send(operator, '/api/parcours/pilotes-2018/start', {});
    await refused(operator, 'POST', '/api/parcours/pilotes-2018/enrol-territory', { territoryId: 'drome', name: 'Drôme' }, 422, 'RULE_VIOLATED');
    await send(operator, '/api/parcours/pilotes-2018/hold-session', { sessionNumber: 1, theme: 'Les solutions', territoriesPresent: ['pays-de-la-loire', 'alsace'] });
    await send(operator, '/api/parcours/pilotes-2018/record-progress', { territoryId: 'alsace', step: 'solutions', note: 'trois pistes' });
    await refused(operator, 'POST', '/api/parcours/pilotes-2018/record-progress', { territoryId: 'alsace', step: 'dispositif', note: 'trop vite' }, 422, 'RULE_VIOLATED');
    await refused(operator, 'POST', '/api/parcours/pilotes-2018/hold-session', { sessionNumber: 1, theme: 'x', territoriesPresent: [] }, 409, 'CONFLICT');
    await refused(operator, 'POST', '/api/parcours', { title: 'x', startMonth: '2018-13', durationMonths: 9 }, 400, 'VALIDATION');
    const last = await send(operator, '/api/parcours/pilotes-2018/complete', {
      completedOn: '2018-12-20',
      summary: 'un socle commun',
      outcomes: [
        { territoryId: 'pays-de-la-loire', outcome: 'feuille de route' },
        { territoryId: 'alsace', outcome: 'feuille de route' },
      ],
    });
    await api.projected(last.position);
    expect(await get(catalyseur, '/api/parcours/pilotes-2018')).toMatchObject({ status: 'completed', pilots: 2, sessionsHeld: 1, byStep: { solutions: 1 }, durationMonths: 9, endMonth: '2018-12' });
    expect((await get<{ items: unknown[] }>(catalyseur, '/api/parcours?territory=alsace')).items).toHaveLength(1);
  });
});
