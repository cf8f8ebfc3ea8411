import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, eraseAndWait, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

/**
 * The catalyseurs of an experimentation and the personal-data contract (README, docs/adr/0006-personal-data.md),
 * over HTTP (real SQLite files, real projector):
 * - a launch naming an erased catalyseur is refused `410 PERSON_ERASED`, one who never joined the network `404
 *   NOT_FOUND`, one who left `422`, as an assignment to a partnership is; nothing is written (the outside tester's
 *   repro: `["cat-3"]` erased and `["cat-2", "ghost-cat"]` were accepted, 201);
 * - the name of an erased catalyseur written by someone else in an experimentation's texts is removed in any case,
 *   Unicode form and spacing, from the board and from the log (the export), as it is when written as they spell it
 *   (the tester's repro: "Merci ZÉBULON MARTIN et zébulon martin" stayed as written).
 */
describe('an experimentation names catalyseurs of the network, and forgets an erased one’s name (real SQLite, real HTTP)', () => {
  const NAME = 'Zébulon Martin';
  let api: ApiHarness;
  let events: EventStore;
  const { send, get, refused } = httpSteps(() => api);
  let operator: string;
  let cat1: string;

  const LAUNCH = {
    title: 'Agir ensemble',
    territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
    conveners: [{ orgId: 'cc-charenton', name: 'Communauté de communes', sphere: 'collectivite' }],
  };

  const erase = (person: string): Promise<void> => eraseAndWait(api, operator, person);

  /** The log's events of a stream as the export reads them (NDJSON). */
  const exported = async (stream: string): Promise<string> => {
    const answer = await fetch(`${api.url}/api/exports/events?streamPrefix=${stream}`, { headers: { authorization: `Bearer ${operator}` } });
    expect(answer.status).toBe(200);
    return answer.text();
  };

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-1', role: 'operator' });
    cat1 = api.token({ sub: 'cat-1', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cat-1', 'cat-2', 'cat-4'], 'charenton-saint-maurice');
    await send(
      operator,
      '/api/catalyseurs',
      { id: 'cat-3', name: NAME, sphere: 'association', territory: 'charenton-saint-maurice', skills: ['mise_en_relation'] },
      201,
    );
    await send(operator, '/api/catalyseurs/cat-4/leave-network', {});
  });
  afterAll(async () => {
    await api.close();
  });

  it('removes the erased catalyseur’s name from the texts others wrote, in any case, form and spacing: board and log', async () => {
    // cat-1 writes cat-3's name as they please: capitals, small letters, decomposed, with a no-break space, two
    // spaces; never as cat-3 spells it (so the read models' rows holding it are found by the other spellings too).
    await send(
      cat1,
      '/api/experimentations',
      { id: 'x-texts', ...LAUNCH, title: `Atelier de Ze\u0301bulon\u00a0Martin`, objective: 'Merci ZÉBULON MARTIN et zébulon martin' },
      201,
    );
    const last = await send(cat1, '/api/experimentations/x-texts/abandon', { reason: 'Zébulon  Martin décide' });
    await api.projected(last.position);
    expect(await exported('experimentation-x-texts')).toContain('ZÉBULON MARTIN');
    expect(JSON.stringify(await get(operator, '/api/experimentations/x-texts'))).not.toContain(NAME);

    await erase('cat-3');

    const board = await get<{ title: string; objective: string }>(operator, '/api/experimentations/x-texts');
    expect({ title: board.title, objective: board.objective }).toEqual({ title: 'Atelier de [effacé]', objective: 'Merci [effacé] et [effacé]' });
    expect(JSON.stringify(board)).not.toMatch(/bulon/i);
    // The log itself was rewritten with the same function: the export reads as the board does, every spelling gone.
    const log = await exported('experimentation-x-texts');
    expect(log).toContain('Merci [effacé] et [effacé]');
    expect(log).toContain('[effacé] décide');
    expect(log.normalize('NFC')).not.toMatch(/bulon/i);
  });

  it('refuses a launch naming an erased catalyseur (410) or one who is not a member (404, 422), writing nothing', async () => {
    const head = await events.headPosition();
    const refusedLaunch = async (catalyseurs: string[], status: number, code: string, token = operator) =>
      refused(token, 'POST', '/api/experimentations', { id: 'x-refused', ...LAUNCH, catalyseurs }, status, code);

    const erased = await refusedLaunch(['cat-3'], 410, 'PERSON_ERASED');
    expect(erased.message).toBe('the personal data of cat-3 was erased: nothing more may be recorded about them');
    // The erasure is the answer, whatever else the list holds (checked first).
    await refusedLaunch(['ghost-cat', 'cat-3'], 410, 'PERSON_ERASED');
    await refusedLaunch(['cat-2', 'cat-3'], 410, 'PERSON_ERASED', cat1);
    // A catalyseur who never joined the network, as for an assignment.
    expect((await refusedLaunch(['cat-2', 'ghost-cat'], 404, 'NOT_FOUND')).message).toBe('catalyseur ghost-cat not found');
    await refusedLaunch(['ghost-cat'], 404, 'NOT_FOUND', cat1);
    // One who left.
    await refusedLaunch(['cat-4'], 422, 'RULE_VIOLATED');

    expect(await events.headPosition()).toBe(head);
    expect(await events.readStream('experimentation-x-refused')).toHaveLength(0);

    // Members of the network are named; a catalyseur naming nobody animates it.
    const accepted = await send(operator, '/api/experimentations', { id: 'x-ok', ...LAUNCH, catalyseurs: ['cat-2', 'cat-1'] }, 201);
    const own = await send(cat1, '/api/experimentations', { id: 'x-own', ...LAUNCH }, 201);
    await api.projected(Math.max(accepted.position, own.position));
    expect(await get(operator, '/api/experimentations/x-ok')).toMatchObject({ catalyseurs: ['cat-2', 'cat-1'] });
    expect(await get(operator, '/api/experimentations/x-own')).toMatchObject({ catalyseurs: ['cat-1'] });
  });
});
