import { randomUUID } from 'node:crypto';
import { ERASED_TEXT, PERSONAL_DATA_ERASED, personStream } from '@catalyse/domain';
import { type DataRewrite, type EventStore, type EventToAppend, readAllEvents, type RecordedEvent } from '@catalyse/event-store';
import type { KeyStore } from '../key-store';
import { PersonErasedError } from '../key-store';
import { PERSONAL_KEY } from '../envelope';
import { PersonalDataEventStore } from '../personal-data-event-store';
import { KeyStoreErasures } from '../erasure/erasures';
import { rewriteLog } from '../erasure/rewrite-log';

export interface PersonalDataContractFactory {
  /** The engine's store for one test (events as stored); closed by the suite. */
  create(): Promise<EventStore>;
  /** A key store for one test. */
  keys(): Promise<KeyStore>;
  /** After the stores were closed. */
  destroy?(store: EventStore): Promise<void>;
  readonly timeoutMs?: number;
}

const meta = { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-12-02T10:00:00.000Z', schemaVersion: 1 };
const event = (type: string, data: Record<string, unknown>): EventToAppend => ({ id: randomUUID(), type, data, metadata: meta });

/**
 * Encryption of personal data on one engine (`PersonalDataEventStore` over
 * it): what is stored holds no personal value, every read path opens it, an
 * erasure turns it into tombstones everywhere, and nothing more is written
 * about an erased person. Run from every adapter's `*.int.spec.ts`.
 */
export function personalDataContract(name: string, factory: PersonalDataContractFactory): void {
  describe(`personal data encrypted at rest: ${name}`, () => {
    let raw: EventStore;
    let keys: KeyStore;
    let store: PersonalDataEventStore;
    let prefix: string;
    beforeEach(async () => {
      raw = await factory.create();
      keys = await factory.keys();
      store = new PersonalDataEventStore(raw, keys);
      prefix = randomUUID().slice(0, 8);
    }, factory.timeoutMs ?? 20_000);
    afterEach(async () => {
      await store.close();
      await factory.destroy?.(raw);
    }, factory.timeoutMs ?? 20_000);

    const NAME = 'Zéphyrine Quatrebarbes';
    const joined = (id: string): EventToAppend =>
      event('CatalyseurJoined', { catalyseurId: id, name: NAME, sphere: 'association', territory: 'ardeche', skills: ['animation'], joinedAt: '2014-01-06' });
    const mine = (events: readonly RecordedEvent[]): RecordedEvent[] => events.filter((e) => e.stream.includes(prefix));
    const everything = async (s: EventStore): Promise<RecordedEvent[]> => {
      const all: RecordedEvent[] = [];
      for await (const e of readAllEvents(s)) all.push(e);
      return mine(all);
    };
    const subscribed = async (s: EventStore, count: number): Promise<RecordedEvent[]> => {
      const abort = new AbortController();
      const seen: RecordedEvent[] = [];
      for await (const e of s.subscribeAll({ signal: abort.signal })) {
        if (e.stream.includes(prefix)) seen.push(e);
        if (seen.length >= count) abort.abort();
      }
      return seen;
    };

    it(
      'stores no personal value, keeps the other fields readable, and opens them on every read path',
      async () => {
        const id = `${prefix}-ana`;
        const stream = `catalyseur-${id}`;
        const e = joined(id);
        const appended = await store.append(stream, [e], { expectedRevision: 'no_stream' });
        const [stored] = await raw.readStream(stream);
        expect(JSON.stringify(stored?.data)).not.toContain('Zéphyrine');
        expect(stored?.data).toMatchObject({ catalyseurId: id, sphere: 'association', territory: 'ardeche', joinedAt: '2014-01-06' });
        expect((stored?.data as Record<string, unknown>)[PERSONAL_KEY]).toEqual([expect.objectContaining({ s: id, f: { name: 'text' } })]);
        const expected = { ...(e.data as object) };
        const [read] = await store.readStream(stream);
        expect(read?.data).toEqual(expected);
        expect({ revision: read?.revision, position: read?.position, id: read?.id }).toEqual({ revision: 0n, position: appended.position, id: stored?.id });
        expect((await everything(store)).map((x) => x.data)).toEqual([expected]);
        expect((await subscribed(store, 1)).map((x) => x.data)).toEqual([expected]);
      },
      factory.timeoutMs,
    );

    it(
      'an erasure turns the person’s fields into tombstones on every read path, the rest unchanged, and refuses anything more about them',
      async () => {
        const ana = `${prefix}-ana`;
        const bob = `${prefix}-bob`;
        await store.append(`catalyseur-${ana}`, [joined(ana)], { expectedRevision: 'no_stream' });
        const room = `room-${prefix}`;
        await store.append(
          room,
          [
            event('MessagePosted', { messageId: 'm1', clientMsgId: 'c1', authorId: ana, text: 'Bonjour, ici Zéphyrine', postedAt: meta.occurredAt }),
            event('MessagePosted', { messageId: 'm2', clientMsgId: 'c2', authorId: bob, text: 'Bonjour Ana', postedAt: meta.occurredAt }),
          ],
          { expectedRevision: 'any' },
        );
        await keys.beginErasure(ana, meta.occurredAt);
        const tomb = { catalyseurId: ana, name: ERASED_TEXT, sphere: 'association', territory: 'ardeche', skills: ['animation'], joinedAt: '2014-01-06' };
        expect((await store.readStream(`catalyseur-${ana}`))[0]?.data).toEqual(tomb);
        const messages = (await store.readStream(room)).map((x) => (x.data as { text: string }).text);
        expect(messages).toEqual([ERASED_TEXT, 'Bonjour Ana']);
        expect((await everything(store)).map((x) => x.data)).toEqual([
          tomb,
          expect.objectContaining({ text: ERASED_TEXT }),
          expect.objectContaining({ text: 'Bonjour Ana' }),
        ]);
        expect((await subscribed(store, 3)).map((x) => (x.data as { text?: string; name?: string }).text ?? (x.data as { name?: string }).name)).toEqual([
          ERASED_TEXT,
          ERASED_TEXT,
          'Bonjour Ana',
        ]);
        await expect(
          store.append(room, [event('MessagePosted', { messageId: 'm3', clientMsgId: 'c3', authorId: ana, text: 'encore', postedAt: meta.occurredAt })], {
            expectedRevision: 'any',
          }),
        ).rejects.toThrow(PersonErasedError);
        await expect(store.append(room, [event('MemberAdded', { memberId: ana, addedBy: bob })], { expectedRevision: 'any' })).rejects.toMatchObject({
          code: 'PERSON_ERASED',
        });
        expect(await raw.readStream(room)).toHaveLength(2); // nothing written by the refusals
        // Ending a relation with them is recorded (so an erasure leaves nothing that cannot be cleaned up), without a
        // field of theirs: a reason would be sealed under their key, refused, nothing written.
        await expect(
          store.append(`catalyseur-${ana}`, [event('CatalyseurLeft', { reason: 'parti', leftAt: meta.occurredAt })], { expectedRevision: 'any' }),
        ).rejects.toThrow(PersonErasedError);
        await expect(
          store.append(room, [event('MemberRemoved', { memberId: ana, removedBy: bob }), event('MemberAdded', { memberId: ana, addedBy: bob })], {
            expectedRevision: 'any',
          }),
        ).rejects.toThrow(PersonErasedError); // an end does not carry an addition in the same append
        expect(await raw.readStream(room)).toHaveLength(2);
        await store.append(room, [event('MemberRemoved', { memberId: ana, removedBy: bob })], { expectedRevision: 'any' });
        await store.append(`catalyseur-${ana}`, [event('CatalyseurLeft', { leftAt: meta.occurredAt })], { expectedRevision: 'any' });
        expect((await raw.readStream(room)).at(-1)?.data).toEqual({ memberId: ana, removedBy: bob });
        expect((await raw.readStream(`catalyseur-${ana}`)).at(-1)?.data).toEqual({ leftAt: meta.occurredAt });
        await keys.completeErasure(ana, meta.occurredAt);
        await store.append(room, [event('MemberRemoved', { memberId: ana, removedBy: bob })], { expectedRevision: 'any' }); // erased, not only erasing
        expect((await store.readStream(`catalyseur-${ana}`))[0]?.data).toEqual(tomb);
      },
      factory.timeoutMs,
    );

    it(
      'a live subscription reads a person’s fields until their erasure event passes, tombstones after it',
      async () => {
        const ana = `${prefix}-ana`;
        await store.append(`catalyseur-${ana}`, [joined(ana)], { expectedRevision: 'no_stream' });
        const abort = new AbortController();
        const seen: RecordedEvent[] = [];
        const following = (async () => {
          for await (const e of store.subscribeAll({ signal: abort.signal })) {
            if (!e.stream.includes(prefix)) continue;
            seen.push(e);
            if (seen.length >= 3) abort.abort();
          }
        })();
        const until = async (n: number): Promise<void> => {
          for (let i = 0; i < 400 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 25));
        };
        await until(1);
        expect((seen[0]?.data as { name: string }).name).toBe(NAME);
        await keys.beginErasure(ana, meta.occurredAt);
        await store.append(
          `person-${ana}`,
          [event('PersonalDataErased', { subject: ana, reason: 'request_of_the_person', requestedBy: 'op', erasedAt: meta.occurredAt })],
          {
            expectedRevision: 'no_stream',
          },
        );
        await raw.append(
          `catalyseur-${ana}`,
          [(await raw.readStream(`catalyseur-${ana}`)).map((x) => ({ id: randomUUID(), type: x.type, data: x.data, metadata: meta }))[0] as EventToAppend],
          {
            expectedRevision: 'any',
          },
        ); // the same sealed fields again, after the erasure event (as a late writer would have sealed them)
        await following;
        expect(seen.map((x) => x.type)).toEqual(['CatalyseurJoined', 'PersonalDataErased', 'CatalyseurJoined']);
        expect((seen[2]?.data as { name: string }).name).toBe(ERASED_TEXT);
      },
      factory.timeoutMs,
    );

    it(
      'an erasure finds the person’s former values: names searched within texts (as a catalyseur, a participant), free texts as whole values',
      async () => {
        const ana = `${prefix}-ana`;
        const bob = `${prefix}-bob`;
        await store.append(`catalyseur-${ana}`, [joined(ana), event('ProfileUpdated', { name: `${NAME}-Lenoir` })], { expectedRevision: 'no_stream' });
        await store.append(`catalyseur-${ana}`, [event('CatalyseurLeft', { leftAt: '2014-02-01', reason: 'Départ en Bretagne' })], { expectedRevision: 'any' });
        const gathering = `gathering-${prefix}`;
        await store.append(
          gathering,
          [
            event('ParticipantRegistered', {
              participantId: ana,
              name: 'Zéphy Q.',
              organisation: 'Asso',
              sphere: 'association',
              registeredAt: meta.occurredAt,
            }),
            event('RegistrationCancelled', { participantId: ana, reason: 'empêchement', cancelledAt: meta.occurredAt }),
          ],
          { expectedRevision: 'any' },
        );
        const room = `room-${prefix}`;
        await store.append(
          room,
          [
            event('MessagePosted', { messageId: 'm1', clientMsgId: 'c1', authorId: ana, text: 'Bonjour, ici Zéphyrine', postedAt: meta.occurredAt }),
            event('MessagePosted', { messageId: 'm2', clientMsgId: 'c2', authorId: bob, text: `Merci ${NAME}`, postedAt: meta.occurredAt }),
          ],
          { expectedRevision: 'any' },
        );
        await keys.beginErasure(ana, meta.occurredAt);
        const values = await new KeyStoreErasures(raw, keys).formerValues(ana);
        expect(values).toEqual([
          { value: `${NAME}-Lenoir`, match: 'within', replacement: ERASED_TEXT, namesBeside: ana },
          { value: 'Bonjour, ici Zéphyrine', match: 'exact', replacement: ERASED_TEXT, onlyBeside: ana, fields: ['text'] },
          { value: NAME, match: 'within', replacement: ERASED_TEXT, namesBeside: ana },
          { value: 'Départ en Bretagne', match: 'exact', replacement: ERASED_TEXT, onlyBeside: ana, fields: ['reason'] },
          { value: 'empêchement', match: 'exact', replacement: ERASED_TEXT, onlyBeside: ana, fields: ['reason'] },
          { value: 'Zéphy Q.', match: 'within', replacement: ERASED_TEXT, namesBeside: ana },
        ]);
      },
      factory.timeoutMs,
    );

    it(
      'an erasure rewrites the names others wrote in the log, re-sealed under their writer’s key, and nothing else',
      async () => {
        // A name of this test only: the store may be shared with other tests (KurrentDB).
        const other = `Philomène Tartempion-${prefix}`;
        const ana = `${prefix}-ana`;
        const bob = `${prefix}-bob`;
        await store.append(
          `catalyseur-${ana}`,
          [event('CatalyseurJoined', { catalyseurId: ana, name: other, sphere: 'association', territory: 'ardeche', skills: [], joinedAt: '2014-01-06' })],
          {
            expectedRevision: 'no_stream',
          },
        );
        const room = `room-${prefix}`;
        const posted = (id: string, author: string, text: string): EventToAppend =>
          event('MessagePosted', { messageId: id, clientMsgId: id, authorId: author, text, postedAt: meta.occurredAt });
        await store.append(room, [posted('m1', bob, `Merci ${other} pour hier`), posted('m2', ana, `Ici ${other}`), posted('m3', bob, 'Bienvenue à tous')], {
          expectedRevision: 'any',
        });
        const partnership = `partnership-${prefix}`;
        await store.append(partnership, [event('MilestonePlanned', { milestoneId: 'j1', title: `Atelier animé par ${other}`, dueDate: '2030-03-01' })], {
          expectedRevision: 'any',
        });
        await keys.beginErasure(ana, meta.occurredAt);
        const erased = await store.append(
          personStream(ana),
          [event(PERSONAL_DATA_ERASED, { subject: ana, reason: 'request_of_the_person', requestedBy: 'op', erasedAt: meta.occurredAt })],
          { expectedRevision: 'no_stream' },
        );
        // Written after the erasure's event, while it is under way (the log not rewritten yet): rewritten too, as a
        // command copying a text that named her from a state folded meanwhile would have written it.
        await store.append(room, [posted('m4', bob, `Encore ${other}`)], { expectedRevision: 'any' });
        const storedBefore = mine(await everything(raw));

        const erasures = new KeyStoreErasures(raw, keys, [], { log: store });
        const redactions = await erasures.formerValues(ana);
        expect(redactions).toEqual([
          { value: `Ici ${other}`, match: 'exact', replacement: ERASED_TEXT, onlyBeside: ana, fields: ['text'] },
          { value: other, match: 'within', replacement: ERASED_TEXT, namesBeside: ana },
        ]);
        const first = await rewriteLog(store, redactions, { upTo: erased.position, pageSize: 3, batchSize: 1 });
        if (!raw.rewriteData) {
          // An engine that cannot rewrite its log (KurrentDB): nothing written, the limit ADR 0006 states.
          expect(first).toBeUndefined();
          expect(store.rewriteData).toBeUndefined();
          expect(mine(await everything(raw))).toEqual(storedBefore);
          return;
        }
        expect(first?.rewritten).toBe(2);
        // Idempotent: run again (an erasure completed after a stop), nothing is left to rewrite.
        expect((await rewriteLog(store, redactions, { upTo: erased.position }))?.rewritten).toBe(0);
        // A command appending a copy of a text naming her while the scan runs (decided from a state read before it):
        // after the scan's last event, it is rewritten by the scan of what came since, once the key is destroyed.
        let appended = false;
        const rewrite = store.rewriteData?.bind(store);
        if (!rewrite) throw new Error('the layer rewrites when its store does');
        const log = Object.assign(Object.create(store) as PersonalDataEventStore, {
          rewriteData: async (rewrites: readonly DataRewrite[]): Promise<void> => {
            await rewrite(rewrites);
            if (appended) return;
            appended = true;
            await store.append(room, [posted('m5', bob, `Toujours ${other}`)], { expectedRevision: 'any' });
          },
        });
        await new KeyStoreErasures(raw, keys, [], { log }).complete(ana);
        expect(appended).toBe(true);

        const storedAfter = mine(await everything(raw)).filter((e) => storedBefore.some((before) => before.id === e.id));
        const text = (events: readonly RecordedEvent[], type: string, key: string): unknown[] =>
          events.filter((e) => e.type === type).map((e) => (e.data as Record<string, unknown>)[key]);
        // Read through the layer: the texts others wrote hold the tombstone instead of the name, the person's own fields read as tombstones.
        const read = mine(await everything(store));
        expect(text(read, 'MessagePosted', 'text')).toEqual([
          `Merci ${ERASED_TEXT} pour hier`,
          ERASED_TEXT,
          'Bienvenue à tous',
          `Encore ${ERASED_TEXT}`,
          `Toujours ${ERASED_TEXT}`,
        ]);
        expect(text(read, 'MilestonePlanned', 'title')).toEqual([`Atelier animé par ${ERASED_TEXT}`]);
        // As stored: the name in no byte, before the erasure's event or after it; ids, positions, revisions, types, metadata kept.
        expect(JSON.stringify(mine(await everything(raw)).map((e) => e.data))).not.toContain('Tartempion');
        const identity = (e: RecordedEvent) => ({ id: e.id, stream: e.stream, revision: e.revision, position: e.position, type: e.type, metadata: e.metadata });
        expect(storedAfter.map(identity)).toEqual(storedBefore.map(identity));
        // Bob's message is sealed again under his key (not in clear); the events holding no name are untouched, byte for byte.
        const changed = storedAfter.filter((e, i) => JSON.stringify(e.data) !== JSON.stringify(storedBefore[i]?.data));
        expect(changed.map((e) => e.type)).toEqual(['MessagePosted', 'MilestonePlanned', 'MessagePosted']);
        const resealed = changed[0]?.data as Record<string, unknown>;
        expect(resealed['text']).toBeNull();
        expect(resealed[PERSONAL_KEY]).toEqual([expect.objectContaining({ s: bob, f: { text: 'text' } })]);
      },
      factory.timeoutMs,
    );

    it(
      'a sealed value moved into another event does not open (it is bound to its event and person)',
      async () => {
        const ana = `${prefix}-ana`;
        await store.append(`catalyseur-${ana}`, [joined(ana)], { expectedRevision: 'no_stream' });
        const [stored] = await raw.readStream(`catalyseur-${ana}`);
        await raw.append(`catalyseur-${prefix}-copy`, [{ id: randomUUID(), type: 'CatalyseurJoined', data: stored?.data, metadata: meta }], {
          expectedRevision: 'no_stream',
        });
        expect(((await store.readStream(`catalyseur-${prefix}-copy`))[0]?.data as { name: string }).name).toBe(ERASED_TEXT);
      },
      factory.timeoutMs,
    );
  });
}
