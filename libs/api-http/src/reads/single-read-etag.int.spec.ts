/**
 * Read, then write with `If-Match` (real SQLite files, real projector, real
 * HTTP): the live single read of every aggregate kind answers `ETag:
 * "<revision>"` (its document's revision, not a hash of the body), and that
 * very ETag sent back as `If-Match` is accepted by a command of that kind; a
 * stale one is a 409 with `currentRevision`. The answer is `no-store`: the tag
 * names the revision, not the body.
 */
import { type Accepted, type ApiHarness, type ErrorBody, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Kind {
  readonly kind: string;
  readonly token: () => string;
  readonly create: Record<string, unknown>;
  /** A command of the kind: its path under the id, its body. */
  readonly command: readonly [string, Record<string, unknown>];
  /** The document's revision in the read's answer (the territory view holds it in `territory`). */
  readonly revisionOf?: (body: Record<string, unknown>) => unknown;
}

describe('ETag of single reads, sent back as If-Match (HTTP)', () => {
  let api: ApiHarness;
  let catalyseur: string;
  let operator: string;
  const { send } = httpSteps(() => api);

  const KINDS: readonly Kind[] = [
    {
      kind: 'partnerships',
      token: () => catalyseur,
      create: {
        id: 'p-etag',
        title: 'Partenariat',
        territory: { id: 'grand-lyon', name: 'Métropole de Lyon', scale: 'local' },
        partners: [
          { orgId: 'asso-a', name: 'Association', sphere: 'association' },
          { orgId: 'ent-a', name: 'Entreprise', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
        proposedAt: '2025-01-02',
      },
      command: ['plan-milestone', { title: 'Bilan', dueDate: '2025-04-15' }],
    },
    {
      kind: 'rooms',
      token: () => catalyseur,
      create: { id: 'r-etag', kind: 'theme', subject: 'numerique', title: 'Numérique', access: 'members' },
      command: ['add-member', { memberId: 'cat-2' }],
    },
    {
      kind: 'catalyseurs',
      token: () => operator,
      create: { id: 'c-etag', name: 'Claire', sphere: 'association', territory: 'grand-lyon', skills: ['mise_en_relation'] },
      command: ['update-profile', { territory: 'ardeche' }],
    },
    {
      kind: 'gatherings',
      token: () => catalyseur,
      create: { id: 'g-etag', kind: 'atelier', theme: 'Isolement', date: '2025-02-05', place: 'Orléans' },
      command: ['cancel', { reason: 'salle indisponible' }],
    },
    {
      kind: 'territories',
      token: () => catalyseur,
      create: { id: 't-etag', name: 'Ardèche', typology: 'rural', level: 'departemental' },
      command: ['register-actor', { orgId: 'departement-ardeche', name: 'Département', sphere: 'collectivite' }],
      revisionOf: (body) => (body['territory'] as Record<string, unknown> | undefined)?.['revision'],
    },
    {
      kind: 'introductions',
      token: () => catalyseur,
      create: {
        id: 'i-etag',
        territoryId: 'alsace',
        organisations: [
          { orgId: 'chantier-mulhouse', name: 'Chantier d’insertion', sphere: 'association' },
          { orgId: 'eaux', name: 'Les Eaux', sphere: 'entreprise' },
        ],
        purpose: 'recycler',
      },
      command: ['record-meeting', {}],
    },
    {
      kind: 'experimentations',
      token: () => catalyseur,
      create: {
        id: 'x-etag',
        title: 'Agir ensemble',
        territory: { id: 'charenton', name: 'Charenton', scale: 'local' },
        conveners: [{ orgId: 'mairie', name: 'Mairie', sphere: 'collectivite' }],
      },
      command: ['invite-dirigeants', { invitedOn: '2025-01-06', dirigeants: 12 }],
    },
    {
      kind: 'parcours',
      token: () => operator,
      create: { id: 'pa-etag', title: 'Parcours', startMonth: '2025-04', durationMonths: 9 },
      command: ['enrol-territory', { territoryId: 'alsace', name: 'Alsace' }],
    },
    {
      kind: 'organisations',
      token: () => catalyseur,
      create: { id: 'o-etag', name: 'Centre social', kind: 'association', size: 'tpe', territory: 'ardeche' },
      command: ['update-profile', { name: 'Centre social de Privas' }],
    },
    {
      kind: 'accompaniments',
      token: () => catalyseur,
      create: { id: 'a-etag', organisationId: 'o-etag', purpose: 'préparer', openedOn: '2025-01-02' },
      command: ['hold-session', { heldOn: '2025-01-03', topics: ['gouvernance'], summary: 'Premier tour.' }],
    },
  ];

  beforeAll(async () => {
    api = await startApi();
    catalyseur = api.token({ sub: 'cat-1', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await joinCatalyseurs(api, ['cat-1', 'cat-2']);
    let last: Accepted | undefined;
    for (const { kind, token, create } of KINDS) last = await send(token(), `/api/${kind}`, create, 201);
    await api.projected(last?.position);
  });
  afterAll(async () => {
    await api.close();
  });

  it('every kind: the live read answers ETag "<revision>", which a command of the kind accepts as If-Match; a stale one is 409', async () => {
    for (const { kind, token, create, command, revisionOf } of KINDS) {
      const id = String(create['id']);
      const read = await api.request('GET', `/api/${kind}/${id}`, { token: token() });
      const revision = (revisionOf ?? ((body) => body['revision']))(read.body);
      expect([kind, read.status, typeof revision, read.headers.get('etag')]).toEqual([kind, 200, 'number', `"${String(revision)}"`]);
      // The tag names the revision, not the body (joined lists, lateness): never revalidated into a stale 304.
      expect([kind, read.headers.get('cache-control')]).toEqual([kind, 'no-store']);

      const [name, body] = command;
      const etag = read.headers.get('etag') ?? '';
      const accepted = await send(token(), `/api/${kind}/${id}/${name}`, body, { headers: { 'if-match': etag } });
      expect([kind, accepted.revision]).toEqual([kind, Number(revision) + 1]);

      // The same ETag once more: the resource moved on, 409 with its current revision.
      const stale = await api.request<ErrorBody>('POST', `/api/${kind}/${id}/${name}`, { token: token(), body, headers: { 'if-match': etag } });
      expect([kind, stale.status, stale.body.code, stale.body.currentRevision]).toEqual([kind, 409, 'CONFLICT', String(accepted.revision)]);

      // Read again (your own write): the new revision.
      const again = await api.request('GET', `/api/${kind}/${id}?minRevision=${accepted.revision}`, { token: token() });
      expect([kind, again.headers.get('etag')]).toEqual([kind, `"${accepted.revision}"`]);
    }
  });
});
