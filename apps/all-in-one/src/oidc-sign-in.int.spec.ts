/**
 * Sign-in through an OpenID Connect issuer: a real one (oidc-provider, started
 * in a child process on a free loopback port) issues access tokens as JWTs with
 * Catalyse's claims; the all-in-one, told only the issuer and the audience,
 * discovers its keys and accepts its tokens on HTTP routes and hub sockets, maps
 * their role and organisation, refuses what it must with 401, and follows a
 * rotation of the issuer's keys without being restarted.
 */
import type { INestApplication } from '@nestjs/common';
import { importJWK, SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { TokenService } from '@catalyse/auth';
import { Projector } from '@catalyse/projector';
import type { Ack, ErrorBody, JoinResult } from '@catalyse/protocol';
import { oidcTestKey, type OidcTestKey, type RunningOidcIssuer, startOidcIssuer } from '@catalyse/test-servers';
import { startAllInOne, type TestAllInOne } from './testing/start-all-in-one';

jest.setTimeout(60_000);

const AUDIENCE = 'urn:catalyse:api';
const OTHER_AUDIENCE = 'urn:elsewhere:api';
const FLDA = 'flda-ardeche-oidc';
const OTHER = 'silver-geek-oidc';

const CLIENTS = [
  { clientId: 'op-oidc', claims: { catalyse_role: 'operator' } },
  { clientId: 'cat-oidc', claims: { catalyse_role: ['offline_access', 'catalyseur'] } },
  { clientId: 'marie', claims: { catalyse_role: 'partner', catalyse_org: 'flda' } },
  { clientId: 'eve', claims: { catalyse_role: 'partner', catalyse_org: 'autre-asso' } },
  { clientId: 'paul', claims: { catalyse_role: 'partner' } },
  { clientId: 'visitor', claims: { catalyse_role: 'admin' } },
  { clientId: 'brief', claims: { catalyse_role: 'catalyseur' }, ttl: 1 },
];

const proposal = (id: string, partners: { orgId: string; name: string; sphere: string }[]) => ({
  id,
  title: `Partenariat ${id}`,
  territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
  partners,
  modes: ['mecenat'],
});

describe('sign-in through an OpenID Connect issuer', () => {
  let issuer: RunningOidcIssuer;
  let stranger: RunningOidcIssuer;
  let firstKey: OidcTestKey;
  let running: TestAllInOne | undefined;
  let app: INestApplication;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    firstKey = await oidcTestKey('key-1');
    issuer = await startOidcIssuer({ clients: CLIENTS, resources: [AUDIENCE, OTHER_AUDIENCE], keys: [firstKey], signingKid: 'key-1' });
    // Another issuer, with the same clients and audience: its tokens are not Catalyse's.
    stranger = await startOidcIssuer({ clients: CLIENTS, resources: [AUDIENCE], keys: [await oidcTestKey('key-1')], signingKid: 'key-1' });
    running = await startAllInOne({
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: AUDIENCE,
      // No tolerance, so that a token of one second expires at once; keys held one second, fetched again at once on an unknown kid.
      OIDC_CLOCK_TOLERANCE_SECONDS: '0',
      OIDC_JWKS_MAX_AGE_SECONDS: '1',
      OIDC_JWKS_COOLDOWN_SECONDS: '0',
    });
    app = running.app;
    url = running.url;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await running?.close();
    await issuer?.stop();
    await stranger?.stop();
  });

  const call = async (token: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${url}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const connect = async (token: string): Promise<Socket> => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };

  /** The refusal of a socket handshake, as the client sees it. */
  const handshakeRefusal = async (token: string): Promise<ErrorBody | undefined> => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', (error: Error & { data?: ErrorBody }) => resolve(error.data));
    });
  };

  const joinRoom = async (socket: Socket, room: string): Promise<Ack<JoinResult>> =>
    (await socket.timeout(10_000).emitWithAck('room:join', { room })) as Ack<JoinResult>;

  it('accepts its access tokens on HTTP routes and maps role and organisation: a partner sees its organisation only', async () => {
    const operator = await issuer.token('op-oidc');
    const proposed = await call(
      operator,
      '/partnerships',
      proposal(FLDA, [
        { orgId: 'flda', name: 'Fédération Léo Lagrange', sphere: 'association' },
        { orgId: 'cg-ardeche', name: "Conseil général de l'Ardèche", sphere: 'collectivite' },
      ]),
    );
    expect(proposed.status).toBe(201);
    const other = await call(
      operator,
      '/partnerships',
      proposal(OTHER, [
        { orgId: 'silver-geek', name: 'Silver Geek', sphere: 'association' },
        { orgId: 'fondation-x', name: 'Fondation X', sphere: 'fondation' },
      ]),
    );
    expect(other.status).toBe(201);
    expect(await app.get(Projector).waitForPosition(BigInt(other.body['position'] as number), 10_000)).toBe(true);

    const marie = await issuer.token('marie');
    const listed = await call(marie, '/partnerships');
    expect(listed.status).toBe(200);
    expect((listed.body['items'] as { id: string }[]).map((p) => p.id)).toEqual([FLDA]);
    expect((await call(marie, `/partnerships/${FLDA}`)).status).toBe(200);
    expect((await call(marie, `/partnerships/${OTHER}`)).status).toBe(403);
    expect((await call(marie, '/partnerships?org=silver-geek')).status).toBe(403);

    // A catalyseur whose issuer lists other roles beside Catalyse's sees every partnership.
    const catalyseur = await call(await issuer.token('cat-oidc'), '/partnerships');
    expect((catalyseur.body['items'] as { id: string }[]).map((p) => p.id).sort()).toEqual([FLDA, OTHER].sort());
    // Catalyse's own tokens (ops token) are still accepted beside the issuer's.
    const minted = app.get(TokenService).sign({ sub: 'marie', role: 'partner', org: 'flda' });
    expect((await call(minted, '/partnerships')).body['items']).toEqual(listed.body['items']);
  });

  it('accepts them on hub sockets, with the same rules', async () => {
    const room = `partnership:${FLDA}`;
    const marie = await connect(await issuer.token('marie'));
    expect((await joinRoom(marie, room)).ok).toBe(true);
    const eve = await connect(await issuer.token('eve'));
    const refused = await joinRoom(eve, room);
    expect(refused.ok ? 'joined' : refused.error.code).toBe('FORBIDDEN');
    // A catalyseur follows the partnerships it accompanies (docs/adr/0025-who-accompanies-a-partnership.md): refused, then assigned.
    const catalyseur = await connect(await issuer.token('cat-oidc'));
    expect((await joinRoom(catalyseur, room)).ok).toBe(false);
    // A partnership is given to a catalyseur of the network only: cat-oidc joins first.
    const joined = await call(await issuer.token('cat-oidc'), '/catalyseurs', {
      name: 'Camille OIDC',
      sphere: 'association',
      territory: 'ardeche',
      skills: ['mise_en_relation'],
    });
    expect(joined.status).toBe(201);
    const assigned = await call(await issuer.token('op-oidc'), `/partnerships/${FLDA}/assign-catalyseur`, { catalyseurId: 'cat-oidc' });
    expect(assigned.status).toBe(200);
    expect(await app.get(Projector).waitForPosition(BigInt(assigned.body['position'] as number), 10_000)).toBe(true);
    expect((await joinRoom(catalyseur, room)).ok).toBe(true);
  });

  it('refuses with 401 a token for another audience, of another issuer, expired, under an unknown key, or whose claims name no principal', async () => {
    const refusals: Record<string, string> = {
      'another audience': await issuer.token('cat-oidc', OTHER_AUDIENCE),
      'another issuer': await stranger.token('op-oidc'),
      'an unknown key': await new SignJWT({ catalyse_role: 'operator' })
        .setProtectedHeader({ alg: 'RS256', kid: 'stranger' })
        .setIssuer(issuer.issuer)
        .setAudience(AUDIENCE)
        .setSubject('mallory')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(await importJWK(await oidcTestKey('stranger'), 'RS256')),
      // Signed with the issuer's own key, but dated an hour ahead (jose checks iat only against a maximum age).
      'a token issued in the future': await new SignJWT({ catalyse_role: 'operator' })
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
        .setIssuer(issuer.issuer)
        .setAudience(AUDIENCE)
        .setSubject('mallory')
        .setIssuedAt(Math.floor(Date.now() / 1000) + 3600)
        .setExpirationTime('2h')
        .sign(await importJWK(firstKey, 'RS256')),
      'a role that is not Catalyse’s': await issuer.token('visitor'),
      'a partner without organisation': await issuer.token('paul'),
    };
    const brief = await issuer.token('brief');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    refusals['an expired token'] = brief;

    const answers: Record<string, string> = {};
    for (const [what, token] of Object.entries(refusals)) {
      const http = await call(token, '/partnerships');
      const socket = await handshakeRefusal(token);
      answers[what] = `${http.status} ${String(http.body['code'])} ${String(http.body['message'])} | socket ${socket?.code}`;
    }
    expect(answers).toEqual({
      'another audience': expect.stringMatching(/^401 UNAUTHORIZED invalid token: unexpected "aud" claim value \(claim aud\) \| socket UNAUTHORIZED$/),
      'another issuer': expect.stringMatching(new RegExp(`^401 UNAUTHORIZED invalid token: issuer ${stranger.issuer} is not trusted \\| socket UNAUTHORIZED$`)),
      'an unknown key': expect.stringMatching(/^401 UNAUTHORIZED invalid token: no key of the issuer matches its key id \(kid\).* \| socket UNAUTHORIZED$/),
      'a token issued in the future': expect.stringMatching(/^401 UNAUTHORIZED invalid token: it is issued in the future \(iat\) \| socket UNAUTHORIZED$/),
      'a role that is not Catalyse’s': expect.stringMatching(
        /^401 UNAUTHORIZED invalid token: role admin \(claim catalyse_role\) is not a Catalyse role .* \| socket UNAUTHORIZED$/,
      ),
      'a partner without organisation': expect.stringMatching(
        /^401 UNAUTHORIZED invalid token: a partner must name its organisation \(claim catalyse_org\) \| socket UNAUTHORIZED$/,
      ),
      'an expired token': expect.stringMatching(/^401 UNAUTHORIZED invalid token: the token has expired \(exp\) \| socket UNAUTHORIZED$/),
    });
  });

  it('follows a rotation of the issuer’s keys without restart: the new key is accepted at once, the withdrawn one refused', async () => {
    const before = await issuer.token('cat-oidc');
    expect((await call(before, '/partnerships')).status).toBe(200);

    // The issuer publishes a new key and signs with it, the former one still published.
    const secondKey = await oidcTestKey('key-2');
    await issuer.rotate([secondKey, firstKey], 'key-2');
    const after = await issuer.token('cat-oidc');
    expect(JSON.parse(Buffer.from(after.split('.')[0] ?? '', 'base64url').toString('utf8'))).toMatchObject({ kid: 'key-2' });
    expect((await call(after, '/partnerships')).status).toBe(200);
    expect((await joinRoom(await connect(await issuer.token('marie')), `partnership:${FLDA}`)).ok).toBe(true);
    expect((await call(before, '/partnerships')).status).toBe(200);

    // The former key is withdrawn: once the keys held are older than OIDC_JWKS_MAX_AGE_SECONDS, its tokens are refused.
    await issuer.rotate([secondKey], 'key-2');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const withdrawn = await call(before, '/partnerships');
    expect([withdrawn.status, withdrawn.body['message']]).toEqual([
      401,
      'invalid token: no key of the issuer matches its key id (kid): unknown or withdrawn key',
    ]);
    expect((await handshakeRefusal(before))?.code).toBe('UNAUTHORIZED');
    expect((await call(after, '/partnerships')).status).toBe(200);
    expect(await handshakeRefusal(await issuer.token('cat-oidc'))).toBeUndefined();
  });
  it('answers 503 with Retry-After, not 401, while the issuer cannot be reached: a good token may be tried again', async () => {
    const token = await issuer.token('cat-oidc');
    expect((await call(token, '/partnerships')).status).toBe(200);
    await issuer.stop();
    // The keys held are older than OIDC_JWKS_MAX_AGE_SECONDS: they must be fetched again, from an issuer that is gone.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await fetch(`${url}/api/partnerships`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as ErrorBody;
    expect([response.status, body.code]).toEqual([503, 'UNAVAILABLE']);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await handshakeRefusal(token))?.code).toBe('UNAVAILABLE');
  });
});
