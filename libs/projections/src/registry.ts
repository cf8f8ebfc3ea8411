import { catalyseurTags, evolveCatalyseurCard } from './catalyseur-directory/evolve-catalyseur-card';
import { boardTags, evolveBoard } from './partnership-board/evolve-board';
import { experimentationBoards } from './experimentations/experimentation-board';
import { gatheringAttendance } from './gatherings/gathering-attendance';
import { introductionCards } from './introductions/introduction-funnel';
import { parcoursBoards } from './parcours/parcours-board';
import { territoryProfiles } from './territories/territory-profile';
import { type ReadModel, readModel } from './read-model';
import { COLLECTIONS, type CatalyseurCard, type PartnershipBoard, type RoomCard } from './read-models';
import { evolveRoomCard, roomTags } from './room-cards/evolve-room-card';
import { feedEntriesFor } from './room-feeds/feed-entries';

/** `partnership-{id}` → the partnership board; feeds `partnership:{id}`, `territory:{id}`, `ops`. */
export const partnershipBoards = readModel<PartnershipBoard>({
  category: 'partnership',
  collection: COLLECTIONS.partnerships,
  evolve: evolveBoard,
  tags: boardTags,
  feeds: (event, { after }) => feedEntriesFor(event, after ? { board: after } : {}),
});

/** `catalyseur-{id}` → the network directory; feeds `network`, `ops`. */
export const catalyseurDirectory = readModel<CatalyseurCard>({
  category: 'catalyseur',
  collection: COLLECTIONS.catalyseurs,
  evolve: evolveCatalyseurCard,
  tags: catalyseurTags,
  feeds: (event, { after }) => feedEntriesFor(event, after ? { catalyseur: after } : {}),
});

/** `room-{id}` → the room cards (access decisions); feeds `room:{id}`. */
export const roomCards = readModel<RoomCard>({
  category: 'room',
  collection: COLLECTIONS.rooms,
  evolve: evolveRoomCard,
  tags: roomTags,
  feeds: (event, { after }) => feedEntriesFor(event, after ? { room: after } : {}),
});

/** Every read model the projector maintains, one per stream category. */
export const READ_MODELS: readonly ReadModel[] = [
  partnershipBoards,
  catalyseurDirectory,
  roomCards,
  experimentationBoards,
  gatheringAttendance,
  territoryProfiles,
  introductionCards,
  parcoursBoards,
];
