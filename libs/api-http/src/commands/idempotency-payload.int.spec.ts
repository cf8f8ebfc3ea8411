/**
 * An `Idempotency-Key` answers its own payload only (ADR 0005, amendment of 2026-12-05), through real HTTP over real
 * SQLite files: the same key with the same body (its properties in another order) is a retry, answered with the
 * first result; the same key, same command, with another body (another milestone's title, another name) is
 * `409 CONFLICT` and nothing is written, where it was answered `200 Idempotent-Replayed` and silently dropped. The
 * fingerprint kept in the metadata is keyed (HMAC under a key of the key store, one a month, destroyed with the months
 * past), not a plain hash of the body. Compared where the store answers, also for a key used hundreds of events back.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { canonicalJson, payloadFingerprint } from '@catalyse/commands';
import { SqliteKeyStore } from '@catalyse/key-store-sqlite';
import { type ApiHarness, joinCatalyseurs, startApi } from '../test-support/api-harness';
import { requestPayload } from './command-request';
import { fingerprintSubjectOf, PAYLOAD_FINGERPRINT_SUBJECT } from './payload-fingerprints';

interface Accepted {
  id: string;
  revision: number;
  position: number;
}
interface ErrorBody {
  code: string;
  message: string;
}
interface Exported {
  stream: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('Idempotency-Key and the payload it was sent with (HTTP)', () => {
  let api: ApiHarness;
  let asso: string;
  let operator: string;
  let partnership: string;

  const post = <T>(path: string, token: string, body: unknown, key: string) =>
    api.request<T>('POST', path, { token, body, headers: { 'idempotency-key': key } });
  /** Every event of the log, from its export (operators). */
  const logged = async (): Promise<Exported[]> => {
    const answer = await fetch(`${api.url}/api/exports/events`, { headers: { authorization: `Bearer ${operator}` } });
    expect(answer.status).toBe(200);
    return (await answer.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Exported);
  };

  beforeAll(async () => {
    api = await startApi();
    asso = api.token({ sub: 'alice', role: 'partner', org: 'asso-1' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await joinCatalyseurs(api, ['cata-1']);
    const proposal = {
      title: 'Insertion',
      territory: { id: 'grand-lyon', name: 'Grand Lyon', scale: 'local' },
      partners: [
        { orgId: 'asso-1', name: 'Asso', sphere: 'association' },
        { orgId: 'ent-1', name: 'Ent', sphere: 'entreprise' },
      ],
      modes: ['mecenat'],
    };
    const created = await post<Accepted>('/api/partnerships', asso, proposal, 'propose-1');
    expect(created.status).toBe(201);
    partnership = created.body.id;
    // A retried create, its properties (nested ones too) in another order: the same request, the same partnership.
    const shuffled = {
      modes: ['mecenat'],
      partners: [
        { sphere: 'association', name: 'Asso', orgId: 'asso-1' },
        { name: 'Ent', orgId: 'ent-1', sphere: 'entreprise' },
      ],
      territory: { scale: 'local', name: 'Grand Lyon', id: 'grand-lyon' },
      title: 'Insertion',
    };
    const retried = await post<Accepted>('/api/partnerships', asso, shuffled, 'propose-1');
    expect([retried.status, retried.headers.get('idempotent-replayed'), retried.body]).toEqual([201, 'true', created.body]);
  });
  afterAll(async () => {
    await api.close();
  });

  it('same key, same payload in another order: the first result (200, Idempotent-Replayed); another payload: 409 CONFLICT, nothing written', async () => {
    const path = `/api/partnerships/${partnership}/plan-milestone`;
    const first = await post<Accepted>(path, asso, { title: 'Atelier', dueDate: '2025-03-01' }, 'plan-1');
    expect(first.status).toBe(200);
    // No milestone id given: the api makes a new one at each call, which the fingerprint leaves out (not sent).
    const retry = await post<Accepted>(path, asso, { dueDate: '2025-03-01', title: 'Atelier' }, 'plan-1');
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.body]).toEqual([200, 'true', first.body]);

    const before = await logged();
    const other = await post<ErrorBody>(path, asso, { title: 'Comité de suivi', dueDate: '2025-03-01' }, 'plan-1');
    expect([other.status, other.body.code, other.headers.get('idempotent-replayed')]).toEqual([409, 'CONFLICT', null]);
    expect(other.body.message).toBe(
      'Idempotency-Key plan-1 was already used for PlanMilestone with another payload on this resource: send this one with a new key',
    );
    const otherDate = await post<ErrorBody>(path, asso, { title: 'Atelier', dueDate: '2025-04-01' }, 'plan-1');
    expect([otherDate.status, otherDate.body.code]).toEqual([409, 'CONFLICT']);
    expect(await logged()).toEqual(before);
    const milestones = before.filter((event) => event.type === 'MilestonePlanned').map((event) => event.data['title']);
    expect(milestones).toEqual(['Atelier']);

    // Sent with a new key, the other milestone is recorded.
    const fresh = await post<Accepted>(path, asso, { title: 'Comité de suivi', dueDate: '2025-03-01' }, 'plan-2');
    expect([fresh.status, fresh.headers.get('idempotent-replayed'), fresh.body.revision]).toEqual([200, null, first.body.revision + 1]);
  });

  it('another person’s same key is still another command, whatever its payload', async () => {
    const path = `/api/partnerships/${partnership}/plan-milestone`;
    const bob = api.token({ sub: 'bob', role: 'partner', org: 'asso-1' });
    const own = await post<Accepted>(path, bob, { title: 'Visite', dueDate: '2025-05-01' }, 'plan-1');
    expect([own.status, own.headers.get('idempotent-replayed')]).toEqual([200, null]);
  });

  it('keeps a keyed fingerprint in the metadata: not a plain SHA-256 of the payload, and no trace of a name', async () => {
    const body = { name: 'Zébulon Martin', sphere: 'association', territory: 'grand-lyon', skills: ['mise_en_relation'] };
    const joined = await post<Accepted>('/api/catalyseurs', operator, body, 'join-zm');
    expect(joined.status).toBe(201);
    const renamed = await post<ErrorBody>('/api/catalyseurs', operator, { ...body, name: 'Zébulon Dupont' }, 'join-zm');
    expect([renamed.status, renamed.body.code]).toEqual([409, 'CONFLICT']);
    expect(renamed.body.message).toBe(
      'Idempotency-Key join-zm was already used for JoinNetwork with another payload on this resource: send this one with a new key',
    );

    const [event] = (await logged()).filter((e) => e.type === 'CatalyseurJoined' && e.metadata['idempotencyKey'] === 'join-zm');
    expect(event?.metadata).toMatchObject({ idempotencyKey: 'join-zm', command: 'JoinNetwork' });
    const fingerprint = event?.metadata['payloadFingerprint'];
    if (typeof fingerprint !== 'string') throw new Error(`no fingerprint in ${JSON.stringify(event?.metadata)}`);
    const mac = fingerprint.split(':')[1] ?? '';
    const payload = requestPayload({}, body);
    for (const plain of [payload, canonicalJson(body), JSON.stringify(body)]) expect(sha256(plain)).not.toContain(mac);
    expect(JSON.stringify(event?.metadata)).not.toMatch(/Zébulon|Martin/);

    // It is the HMAC of the canonical payload under the key store's key of the request's month, January 2025 on the
    // harness's clock (apart from the log).
    const subject = `${PAYLOAD_FINGERPRINT_SUBJECT}/2025-01`;
    const keys = SqliteKeyStore.open({ file: join(api.dir, 'keys.sqlite') });
    try {
      const secret = (await keys.keysForReading([subject])).get(subject);
      if (!secret) throw new Error(`no key ${subject} in the key store`);
      const scope = { actor: 'op-1', stream: event?.stream ?? '', idempotencyKey: 'join-zm' };
      expect(payloadFingerprint(secret, scope, payload)).toBe(fingerprint);
    } finally {
      await keys.close();
    }
  });

  it('answers a key used more than 200 events back by its own payload only: another one is 409, the same one the first result', async () => {
    const path = `/api/partnerships/${partnership}/plan-milestone`;
    const first = await post<Accepted>(path, asso, { title: 'Lointain', dueDate: '2025-06-01' }, 'far-1');
    expect(first.status).toBe(200);
    // 210 milestones after it, without a key: the key is now beyond the scan of the stream's last 200 events.
    for (let i = 0; i < 210; i++) {
      const answer = await api.request('POST', path, { token: asso, body: { title: `Jalon ${i}`, dueDate: '2025-06-02' } });
      expect(answer.status).toBe(200);
    }
    const before = await logged();
    const other = await post<ErrorBody>(path, asso, { title: 'Autre', dueDate: '2025-06-01' }, 'far-1');
    expect([other.status, other.body.code, other.headers.get('idempotent-replayed')]).toEqual([409, 'CONFLICT', null]);
    const retry = await post<Accepted>(path, asso, { dueDate: '2025-06-01', title: 'Lointain' }, 'far-1');
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.headers.get('etag'), retry.body]).toEqual([
      200,
      'true',
      `"${first.body.revision}"`,
      first.body,
    ]);
    expect(await logged()).toEqual(before);
  });

  it('binds the fingerprint to the actor, the stream and the key: the same body from two people differs, a retry is the same', async () => {
    const path = `/api/partnerships/${partnership}/plan-milestone`;
    const bob = api.token({ sub: 'bob', role: 'partner', org: 'asso-1' });
    const body = { title: 'Réunion avec Zéphyrine', dueDate: '2025-07-01' };
    const mine = await post<Accepted>(path, asso, body, 'guess-a');
    const theirs = await post<Accepted>(path, bob, body, 'guess-b');
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    // The same person's retry: the same fingerprint (a replay, not a 409 for another payload).
    const retry = await post<Accepted>(path, asso, { dueDate: '2025-07-01', title: 'Réunion avec Zéphyrine' }, 'guess-a');
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.body]).toEqual([200, 'true', mine.body]);
    const printOf = (key: string) =>
      logged().then((events) => events.find((event) => event.metadata['idempotencyKey'] === key)?.metadata['payloadFingerprint']);
    const [a, b] = [await printOf('guess-a'), await printOf('guess-b')];
    if (typeof a !== 'string' || typeof b !== 'string') throw new Error(`fingerprints missing: ${String(a)}, ${String(b)}`);
    // Made under the same month's key (the same key id), yet Bob cannot test a guess of Alice's payload by sending it
    // and comparing what the log shows.
    expect(b.split(':')[0]).toBe(a.split(':')[0]);
    expect(b).not.toBe(a);
  });

  it('answers a retry of a create whose id the client gave, more than 200 events back, as a replay (not « already exists »)', async () => {
    const open = { id: 'far-room', kind: 'theme', subject: 'numerique', title: 'Salon lointain', access: 'open' };
    const first = await post<Accepted>('/api/rooms', operator, open, 'room-far');
    expect(first.status).toBe(201);
    for (let i = 0; i < 210; i++) {
      const answer = await api.request('POST', '/api/rooms/far-room/post-message', { token: operator, body: { clientMsgId: `c-${i}`, text: `n°${i}` } });
      expect(answer.status).toBe(200);
    }
    const before = await logged();
    const retry = await post<Accepted>('/api/rooms', operator, { ...open }, 'room-far');
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.headers.get('etag'), retry.body]).toEqual([201, 'true', '"0"', first.body]);
    // Another payload with the key, far back: 409 for the key, not the decider's « already exists ».
    const other = await post<ErrorBody>('/api/rooms', operator, { ...open, title: 'Autre titre' }, 'room-far');
    expect([other.status, other.body.code, other.body.message]).toEqual([
      409,
      'CONFLICT',
      'Idempotency-Key room-far was already used for OpenRoom with another payload on this resource: send this one with a new key',
    ]);
    // Without the key (or with another one), the same id is still refused by the decider.
    const fresh = await post<ErrorBody>('/api/rooms', operator, open, 'room-far-2');
    expect([fresh.status, fresh.body.message]).toEqual([409, 'room already exists']);
    expect(await logged()).toEqual(before);

    // The same for a milestone whose id the client gave.
    const path = `/api/partnerships/${partnership}/plan-milestone`;
    const milestone = { milestoneId: 'far-milestone', title: 'Jalon nommé', dueDate: '2025-08-01' };
    const planned = await post<Accepted>(path, asso, milestone, 'milestone-far');
    expect(planned.status).toBe(200);
    for (let i = 0; i < 210; i++) {
      const answer = await api.request('POST', path, { token: asso, body: { title: `Suivant ${i}`, dueDate: '2025-08-02' } });
      expect(answer.status).toBe(200);
    }
    const replanned = await post<Accepted>(path, asso, milestone, 'milestone-far');
    expect([replanned.status, replanned.headers.get('idempotent-replayed'), replanned.body]).toEqual([200, 'true', planned.body]);
  });

  it('refuses a post that reuses its clientMsgId with another text (409 CONFLICT); the same text is still a replay', async () => {
    const opened = await post<Accepted>(
      '/api/rooms',
      operator,
      { id: 'pm-room', kind: 'theme', subject: 'numerique', title: 'Salon', access: 'open' },
      'pm-open',
    );
    expect(opened.status).toBe(201);
    const path = '/api/rooms/pm-room/post-message';
    const first = await post<Accepted & { messageId: string }>(path, operator, { clientMsgId: 'pm-1', text: 'Salut' }, 'pm');
    expect(first.status).toBe(200);
    const before = await logged();
    const other = await post<ErrorBody>(path, operator, { clientMsgId: 'pm-1', text: 'Autre texte' }, 'pm-new');
    expect([other.status, other.body.code, other.headers.get('idempotent-replayed')]).toEqual([409, 'CONFLICT', null]);
    expect(other.body.message).toBe('clientMsgId "pm-1" was already used for another text in this room: send this message with a new clientMsgId');
    expect(await logged()).toEqual(before);
    // A true retry, under a new key (or none): the first message.
    for (const key of ['pm-again', undefined]) {
      const again = await api.request<Accepted & { messageId: string }>('POST', path, {
        token: operator,
        body: { clientMsgId: 'pm-1', text: 'Salut' },
        headers: key === undefined ? {} : { 'idempotency-key': key },
      });
      expect([again.status, again.body.messageId, again.body.revision]).toEqual([200, first.body.messageId, first.body.revision]);
    }
    expect(await logged()).toEqual(before);
  });

  it('keys the fingerprints by month and destroys the keys of the months past, as an erasure destroys a person’s key', async () => {
    const open = () => SqliteKeyStore.open({ file: join(api.dir, 'keys.sqlite') });
    const path = `/api/partnerships/${partnership}/plan-milestone`;
    api.clock.set('2027-01-20T10:00:00.000Z');
    const january = await post<Accepted>(path, asso, { title: 'Janvier', dueDate: '2027-02-01' }, 'month-1');
    expect(january.status).toBe(200);
    // Another month: its own key, so a fingerprint of January's cannot be compared (the first result, as documented).
    api.clock.set('2027-02-01T00:10:00.000Z');
    const february = await post<Accepted>(path, asso, { title: 'Février', dueDate: '2027-02-01' }, 'month-1');
    expect([february.status, february.headers.get('idempotent-replayed'), february.body]).toEqual([200, 'true', january.body]);
    const keys = open();
    try {
      const held = await keys.keysForReading([fingerprintSubjectOf('2027-01'), fingerprintSubjectOf('2027-02')]);
      expect(held.size).toBe(2);
      // As a deployment would hold them: the undated key of the first version, a key of December 2026.
      for (const subject of [PAYLOAD_FINGERPRINT_SUBJECT, fingerprintSubjectOf('2026-12')]) await keys.keysForWriting([subject], [], subject);
    } finally {
      await keys.close();
    }
    // In March, the first keyed command destroys January's key (and every one before, the undated first one too).
    api.clock.set('2027-03-02T08:00:00.000Z');
    expect((await post<Accepted>(path, asso, { title: 'Mars', dueDate: '2027-04-01' }, 'month-3')).status).toBe(200);
    const after = open();
    try {
      for (const period of ['2026-12', '2027-01']) expect(await after.record(fingerprintSubjectOf(period))).toMatchObject({ status: 'erased' });
      expect(await after.record(PAYLOAD_FINGERPRINT_SUBJECT)).toMatchObject({ status: 'erased' });
      const held = await after.keysForReading([fingerprintSubjectOf('2027-01'), fingerprintSubjectOf('2027-02'), fingerprintSubjectOf('2027-03')]);
      expect([...held.keys()].sort()).toEqual([fingerprintSubjectOf('2027-02'), fingerprintSubjectOf('2027-03')]);
    } finally {
      await after.close();
    }
  });
});
