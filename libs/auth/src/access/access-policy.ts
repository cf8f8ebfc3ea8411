import { AppError, parseRoomKey, type Principal, type RoomKey, ROOM_KEY_RULE } from '@catalyse/protocol';
import { ACCESS, type ActionOf, feedResource, type Resource, ruleOf } from './access-table';
import type { AccessFacts } from './facts';
import { type AccessRequest, applyRule } from './rules';

/**
 * The access table (`ACCESS`) applied over a source of facts: the same policy
 * for the api (facts from the write side) and the hub (facts from the read
 * models). Throws `FORBIDDEN`, or `NOT_FOUND` when the thing asked about does
 * not exist and the rule needed it.
 */
export class AccessPolicy {
  constructor(private readonly facts: AccessFacts) {}

  /** May `principal` do `action` on `resource`? */
  async check<R extends Resource>(resource: R, action: ActionOf<R>, request: AccessRequest): Promise<void> {
    await applyRule(ruleOf(resource, action, request.principal.role), request, this.facts, ACCESS[resource].refusal);
  }

  /** Reading a feed (`room:join`, `room:sync`, `GET /api/feeds/{roomKey}`). */
  async assertCanRead(principal: Principal, room: RoomKey): Promise<void> {
    const parsed = parseRoomKey(room);
    if (!parsed) throw new AppError('VALIDATION', `invalid room key ${room}: expected ${ROOM_KEY_RULE}`);
    await this.check(feedResource(parsed.kind), 'read', { principal, ...(parsed.id !== undefined ? { id: parsed.id } : {}) });
  }

  /** Posting (`room:post`): only in rooms (`room:{id}`), by those who may contribute. */
  async assertCanPost(principal: Principal, room: RoomKey): Promise<void> {
    const parsed = parseRoomKey(room);
    if (!parsed) throw new AppError('VALIDATION', `invalid room key ${room}: expected ${ROOM_KEY_RULE}`);
    if (parsed.kind !== 'room') throw new AppError('VALIDATION', `messages are posted in rooms (room:{id}); ${room} is a feed`);
    await this.check('feed:room', 'post', { principal, id: parsed.id });
  }
}
