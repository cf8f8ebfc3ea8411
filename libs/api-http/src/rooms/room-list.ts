/**
 * `GET /api/rooms`: the room cards a caller may enter, for one person (the caller by default).
 *
 * Which rooms: those the caller may enter by the same rule as `GET /api/rooms/{id}` and the hub's
 * join (`assertCanEnterRoom` of `@catalyse/auth`), that concern the person asked about: rooms they
 * are a member of, open rooms, and, for a partner asking about themselves, the rooms of their own
 * organisation's partnerships (for a catalyseur, of the partnerships it accompanies). So catalyseurs
 * and operators get the open rooms and their own, but a catalyseur only the partnership rooms of
 * partnerships it accompanies and never an `ops` room, a member or not; a partner only its
 * partnerships' rooms, whatever other room lists it (a room's kind comes before its members); and
 * no caller ever gets a
 * room it could not enter (an operator may enter any room, and sees another person's rooms with
 * `member`).
 *
 * A tag filter cannot say « open or a member », so the cards (a small collection: one card per
 * room, its access facts only) are read once, of one kind when `kind` is given, and judged one by
 * one; the partnerships a partner's rooms belong to are each read once.
 */
import { assertCanEnterRoom, isOfPartnership, type PartnershipCheck, ReadModelFacts } from '@catalyse/auth';
import type { Principal } from '@catalyse/protocol';
import { COLLECTIONS, type ProjectionStore, type RoomCard } from '@catalyse/projections';
import { type DocView, docView, pageOf } from '../reads/documents';
import type { Page } from '../reads/query';
import type { ListRoomsQuery } from './dto';

const DEFAULT_LIMIT = 50;

/** Whether the room concerns `member`, as the caller asks about it. */
function concerns(card: RoomCard, member: string, caller: Principal): boolean {
  if (card.access === 'open' || card.members.includes(member)) return true;
  // A partner's own list holds its partnerships' rooms, a catalyseur's those of the partnerships it accompanies (entering them is checked next).
  return caller.role !== 'operator' && member === caller.sub && card.kind === 'partnership';
}

/** Whether the caller may enter the room (the `room-enter` rule; operators enter every room). */
async function mayEnter(caller: Principal, card: RoomCard, isOf: PartnershipCheck): Promise<boolean> {
  try {
    await assertCanEnterRoom(caller, card, isOf);
    return true;
  } catch {
    return false;
  }
}

/** The partnership check of the room rules (partners by organisation, catalyseurs accompanying), over the read models, each partnership read once per request. */
function partnershipCheck(caller: Principal, readModels: ProjectionStore): PartnershipCheck {
  const facts = new ReadModelFacts(readModels);
  const known = new Map<string, Promise<boolean>>();
  return (partnershipId) => {
    let answer = known.get(partnershipId);
    if (!answer) {
      answer = facts.partnership(partnershipId).then((partnership) => partnership !== undefined && isOfPartnership(caller, partnership));
      known.set(partnershipId, answer);
    }
    return answer;
  };
}

const byTitle = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** A page of the room cards `caller` may enter that concern `query.member`, by title then id. */
export async function listRooms(readModels: ProjectionStore, caller: Principal, query: ListRoomsQuery): Promise<Page<DocView<RoomCard>>> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const offset = query.offset ?? 0;
  const member = query.member ?? caller.sub;
  const archived = query.archived === 'true';
  const cards = await readModels.findDocs<RoomCard>(COLLECTIONS.rooms, query.kind ? { kind: query.kind } : {});
  const isOf = partnershipCheck(caller, readModels);
  const shown: RoomCard[] = [];
  for (const card of cards) {
    if (card.archived !== archived || !concerns(card, member, caller)) continue;
    if (await mayEnter(caller, card, isOf)) shown.push(card);
  }
  shown.sort((a, b) => byTitle.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return pageOf(shown.slice(offset, offset + limit).map(docView), shown.length, limit, offset);
}
