import { AppError, type FeedKind, parseRoomKey, type Principal, type RoomKey, roomKey, ROOM_KEY_RULE } from '@catalyse/protocol';
import { ACCESS, type ActionOf, feedResource, type Resource, ruleOf } from './access-table';
import type { AccessFacts } from './facts';
import { type AccessRequest, applyRule } from './rules';

/**
 * The access table (`ACCESS`) applied over a source of facts: the same policy
 * for the api (facts from the write side) and the hub (facts from the read
 * models). Throws `FORBIDDEN`, or `NOT_FOUND` when the thing asked about does
 * not exist and the rule needed it.
 *
 * A catalyseur who left the network has no access any more (`FORBIDDEN`), whatever the row says, but to read
 * their own profile and portfolio: their token may still be valid, and their assignments stay recorded until the catalyseurs
 * who accompany those partnerships or an operator release them.
 */
export class AccessPolicy {
  constructor(private readonly facts: AccessFacts) {}

  /** May `principal` do `action` on `resource`? */
  async check<R extends Resource>(resource: R, action: ActionOf<R>, request: AccessRequest): Promise<void> {
    const { principal } = request;
    if (principal.role === 'catalyseur' && !readsOwnProfile(resource, action, request)) {
      if (await this.facts.catalyseurHasLeft(principal.sub)) {
        throw new AppError('FORBIDDEN', `catalyseur ${principal.sub} left the network: their access ended`);
      }
    }
    await applyRule(ruleOf(resource, action, request.principal.role), request, this.facts, ACCESS[resource].refusal);
  }

  /**
   * Reading a feed (`room:join`, `room:sync`, `GET /api/feeds/{roomKey}`): the feed's row of the table, then the thing
   * it is about, which must exist, whoever asks (`NOT_FOUND`, `{kind} {id} not found`): a feed of nothing is no empty
   * feed (see {@link assertFeedSubject}).
   */
  async assertCanRead(principal: Principal, room: RoomKey): Promise<void> {
    const parsed = parseRoomKey(room);
    if (!parsed) throw new AppError('VALIDATION', `invalid room key ${room}: expected ${ROOM_KEY_RULE}`);
    await this.check(feedResource(parsed.kind), 'read', { principal, ...(parsed.id !== undefined ? { id: parsed.id } : {}) });
    if (parsed.id !== undefined) await this.assertFeedSubject(parsed.kind, parsed.id);
  }

  /**
   * The thing a feed is about exists: a partnership, a room, a gathering, an experimentation, the catalyseur of a
   * portfolio (recorded); an organisation or a territory registered, or one only what happens names (the partner of
   * partnerships, never registered itself; partnerships, gatherings… in a territory never registered) once its feed
   * holds an entry; a theme some open room of kind `theme` is about (a members-only room's subject is not told), or whose
   * feed holds an entry. Else `NOT_FOUND`, to
   * operators too.
   */
  private async assertFeedSubject(kind: FeedKind, id: string): Promise<void> {
    const facts = this.facts;
    const found = async (): Promise<boolean> => {
      switch (kind) {
        case 'partnership':
          return (await facts.partnership(id)) !== undefined;
        case 'room':
          return (await facts.room(id)) !== undefined;
        case 'gathering':
        case 'experimentation':
          return facts.recorded(kind, id);
        case 'organisation':
          // A partner of partnerships may never have been registered itself: its feed holds their milestones.
          return (await facts.recorded('organisation', id)) || facts.feedHasEntries(roomKey('organisation', id));
        case 'portfolio':
          return facts.recorded('catalyseur', id);
        case 'territory':
          return (await facts.recorded('territory', id)) || facts.feedHasEntries(roomKey('territory', id));
        case 'theme':
          return (await facts.themeRoom(id)) || facts.feedHasEntries(roomKey('theme', id));
        default: {
          const unknownKind: never = kind;
          throw new Error(`no feed subject for ${String(unknownKind)}`);
        }
      }
    };
    if (!(await found())) throw new AppError('NOT_FOUND', `${kind === 'portfolio' ? 'catalyseur' : kind} ${id} not found`);
  }

  /** Posting (`room:post`): only in rooms (`room:{id}`), by those who may contribute. */
  async assertCanPost(principal: Principal, room: RoomKey): Promise<void> {
    const parsed = parseRoomKey(room);
    if (!parsed) throw new AppError('VALIDATION', `invalid room key ${room}: expected ${ROOM_KEY_RULE}`);
    if (parsed.kind !== 'room') throw new AppError('VALIDATION', `messages are posted in rooms (room:{id}); ${room} is a feed`);
    await this.check('feed:room', 'post', { principal, id: parsed.id });
  }
}

/** A catalyseur reading their own profile or portfolio, and its feed (left or not: what the network holds about them). */
function readsOwnProfile(resource: Resource, action: string, request: AccessRequest): boolean {
  if (request.id !== request.principal.sub) return false;
  return (resource === 'catalyseur' && (action === 'read' || action === 'portfolio')) || (resource === 'feed:portfolio' && action === 'read');
}
