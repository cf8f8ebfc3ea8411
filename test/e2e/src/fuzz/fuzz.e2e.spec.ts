/**
 * A seeded fuzz of the all-in-one from outside, as an attacker would: 10,000
 * requests generated from the OpenAPI document (every route in turn; valid
 * bodies mutated: deep nesting, huge strings, wrong types, dates that do not
 * exist, prototype keys, unicode, nulls, extra fields, numbers as strings,
 * arrays for objects; random query parameters, path ids and headers; every
 * kind of caller), then 2,000 emits of every hub event over real socket.io
 * clients. Never a 5xx, never an `INTERNAL` ack, every ack answered; then the
 * process is healthy and serves, no event of the log was written by a
 * refusal, it stops cleanly and `ops verify` finds the log sound.
 *
 * The seed is printed; `FUZZ_SEED=<seed>` replays the same requests.
 */
import { TokenService } from '@catalyse/auth';
import { expectStatus, fldaArdecheProposal, HttpClient, type RunningService, runOps, startService, tempDataDir } from '@catalyse/testing';
import type { CallerName } from './http-requests';
import { routesOf, type OpenApiDocument, type World } from './openapi';
import { Prng } from './prng';
import { connectFuzzSocket, type FuzzSocket, runHub } from './run-hub';
import { runHttp } from './run-http';
import { exportedEvents, writtenByRefusals } from './stored-events';

jest.setTimeout(180_000);

const HTTP_REQUESTS = 10_000;
const HUB_EMITS = 2_000;
const SECRET = 'a-secret-for-the-fuzz-suite-0123456789abcdef';
const PARTNERSHIP = 'fz-partenariat';

/** Ids that exist once the world is made, ids the fuzz may create, and ids that never exist. */
const WORLD: World = {
  ids: [PARTNERSHIP, 'fz-salle', 'fz-agora', 'cat-fuzz', 'op-fuzz', 'marie', 'flda', 'cg-ardeche', 'ardeche', 'fz-a', 'fz-b', 'fz-c', 'inconnu'],
  roomKeys: [
    'room:fz-salle',
    'room:fz-agora',
    `partnership:${PARTNERSHIP}`,
    'territory:ardeche',
    'network',
    'ops',
    'gathering:fz-a',
    'experimentation:fz-b',
    'room:inconnu',
  ],
};

describe('fuzz: no input makes the all-in-one fail, and refusals store nothing', () => {
  const rng = Prng.fromEnv();
  const data = tempDataDir('catalyse-fuzz-');
  const tokens = new TokenService(SECRET);
  const TOKENS: Record<CallerName, string | undefined> = {
    operator: tokens.sign({ sub: 'op-fuzz', role: 'operator' }),
    catalyseur: tokens.sign({ sub: 'cat-fuzz', role: 'catalyseur' }),
    partner: tokens.sign({ sub: 'marie', role: 'partner', org: 'flda' }),
    'no token': undefined,
    'forged token': new TokenService('another-secret-of-at-least-thirty-two-chars').sign({ sub: 'op-fuzz', role: 'operator' }),
  };
  const correlationPrefix = `fz-${rng.seed}-`;
  let service: RunningService;
  const sockets: FuzzSocket[] = [];

  beforeAll(async () => {
    process.stdout.write(`fuzz seed ${rng.seed} (replay: FUZZ_SEED=${rng.seed} npx jest --selectProjects e2e --testPathPatterns fuzz)\n`);
    service = await startService('all-in-one', {
      dataDir: data.dir,
      env: { JWT_SECRET: SECRET, HTTP_RATE_LIMIT_PER_MINUTE: '10000000', HUB_POSTS_PER_SECOND: '100000' },
    });
    const operator = new HttpClient(service.url, TOKENS.operator);
    expectStatus(await operator.post('/api/partnerships', fldaArdecheProposal(PARTNERSHIP)), 201);
    // cat-fuzz accompanies it (docs/adr/0025-who-accompanies-a-partnership.md) (it joined the network first): its commands and its room reach the deciders.
    expectStatus(
      await new HttpClient(service.url, TOKENS.catalyseur).post('/api/catalyseurs', {
        name: 'Camille Fuzz',
        sphere: 'association',
        territory: 'ardeche',
        skills: ['mise_en_relation'],
      }),
      201,
    );
    expectStatus(await operator.post(`/api/partnerships/${PARTNERSHIP}/assign-catalyseur`, { catalyseurId: 'cat-fuzz' }), 200);
    expectStatus(await operator.post('/api/rooms', { id: 'fz-salle', kind: 'partnership', subject: PARTNERSHIP, title: 'COPIL', access: 'members' }), 201);
    expectStatus(await operator.post('/api/rooms/fz-salle/add-member', { memberId: 'cat-fuzz' }), 200);
    expectStatus(await operator.post('/api/rooms', { id: 'fz-agora', kind: 'network', title: 'Agora', access: 'open' }), 201);
  });

  afterAll(async () => {
    for (const { socket } of sockets) socket.disconnect();
    if (service?.process.exitCode === null) await service.kill();
    data.remove();
  });

  const httpRun = { statuses: [] as readonly number[] };
  const hubRun = { maybePosted: new Set<string>() as ReadonlySet<string>, refusedPosts: new Set<string>() as ReadonlySet<string> };

  it(`${HTTP_REQUESTS} requests over every route of the OpenAPI document: never a 5xx`, async () => {
    const document = expectStatus(await new HttpClient(service.url).get<OpenApiDocument>('/api/docs-json'), 200);
    const routes = routesOf(document);
    expect(routes.length).toBeGreaterThan(60);
    const started = Date.now();
    const outcome = await runHttp(rng, {
      baseUrl: service.url,
      document,
      routes,
      world: WORLD,
      tokens: TOKENS,
      count: HTTP_REQUESTS,
      concurrency: 6,
      correlationPrefix,
    });
    httpRun.statuses = outcome.statuses;
    process.stdout.write(
      `fuzz seed ${rng.seed}: ${HTTP_REQUESTS} requests in ${Date.now() - started} ms: ${JSON.stringify(outcome.byStatus)}; slowest: ${outcome.slowest.join(', ')}\n`,
    );
    expect(outcome.failures.slice(0, 20)).toEqual([]);
    // The mutations reach the validators, and some valid requests go through.
    expect(outcome.byStatus['400 VALIDATION']).toBeGreaterThan(HTTP_REQUESTS / 4);
    expect(Object.entries(outcome.byStatus).filter(([status]) => status.startsWith('2')).length).toBeGreaterThan(0);
  });

  it(`${HUB_EMITS} emits of every hub event: never an INTERNAL ack, every ack answered, no socket dropped`, async () => {
    const subs: [string, string | undefined][] = [
      ['op-fuzz', TOKENS.operator],
      ['cat-fuzz', TOKENS.catalyseur],
      ['marie', TOKENS.partner],
      ['cat-autre', tokens.sign({ sub: 'cat-autre', role: 'catalyseur' })],
    ];
    for (const [sub, token] of [...subs, ...subs]) sockets.push(await connectFuzzSocket(service.url, sub, token as string));
    const started = Date.now();
    const outcome = await runHub(rng, sockets, WORLD, HUB_EMITS);
    Object.assign(hubRun, outcome);
    process.stdout.write(`fuzz seed ${rng.seed}: ${HUB_EMITS} emits in ${Date.now() - started} ms: ${JSON.stringify(outcome.byCode)}\n`);
    expect(outcome.failures.slice(0, 20)).toEqual([]);
    expect(outcome.byCode['VALIDATION']).toBeGreaterThan(HUB_EMITS / 4);
    expect(outcome.byCode['ok']).toBeGreaterThan(0);
  });

  it('afterwards the process is alive, healthy and serving, and no refusal wrote an event', async () => {
    expect(service.process.exitCode).toBeNull();
    const health = await new HttpClient(service.url).get<{ status: string }>('/api/health');
    expect([health.status, health.body.status]).toEqual([200, 'ok']);
    const operator = new HttpClient(service.url, TOKENS.operator);
    expectStatus(await operator.post('/api/rooms', { kind: 'network', title: 'Après le fuzz', access: 'open' }), 201);
    const events = await exportedEvents(service.url, TOKENS.operator as string);
    expect(events.length).toBeGreaterThan(5);
    expect(writtenByRefusals(events, { correlationPrefix, statuses: httpRun.statuses }, hubRun).slice(0, 20)).toEqual([]);
  });

  it('stops cleanly, and ops verify finds the log sound', async () => {
    for (const { socket } of sockets.splice(0)) socket.disconnect();
    expect(await service.stop()).toBe(0);
    const verify = await runOps(['verify', '--format', 'json'], { DATA_DIR: data.dir, JWT_SECRET: SECRET });
    expect(verify.code).toBe(0);
    const report = JSON.parse(verify.stdout) as { events: number; unreadable: unknown[]; problems: unknown[] };
    expect(report.events).toBeGreaterThan(5);
    expect([report.unreadable, report.problems]).toEqual([[], []]);
  });
});
