import { Map as PersistentMap } from 'immutable';
import { fold } from '../kernel/decider';
import type { RoomKind } from '../kernel/vocabulary';
import { specFor } from '../testing';
import { heldMessageOf, heldPostOf, messageIdKey, postsOf, roomDecider, textDigestOf } from './decider';
import { MESSAGE_MAX_LENGTH, type OpenRoom, type PostMessage, type RoomCommand, type RoomEvent, type RoomState } from './types';

const { given } = specFor(roomDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

// The members-only room of the Silver Geek partnership, opened by its catalyseur.
const openingData: OpenRoom['data'] = {
  roomId: 'partnership-silver-geek',
  kind: 'partnership',
  subject: 'silver-geek',
  title: 'Silver Geek — ateliers numériques seniors',
  access: 'members',
  openedBy: 'amelie-catalyseur',
  openedAt: '2014-09-16T10:00:00+02:00',
};

const openRoom = (data: Partial<OpenRoom['data']> = {}): RoomCommand => ({ type: 'OpenRoom', data: { ...openingData, ...data } });
const addMember = (memberId: string, addedBy = 'amelie-catalyseur'): RoomCommand => ({ type: 'AddMember', data: { memberId, addedBy } });
const removeMember = (memberId: string, removedBy = 'amelie-catalyseur'): RoomCommand => ({ type: 'RemoveMember', data: { memberId, removedBy } });
const post = (data: Partial<PostMessage['data']> = {}): RoomCommand => ({
  type: 'PostMessage',
  data: {
    messageId: 'msg-1',
    clientMsgId: 'c-1',
    authorId: 'karim-la-poste',
    text: 'Les tablettes arrivent lundi à l’EHPAD de Niort.',
    postedAt: '2014-10-06T08:12:00+02:00',
    ...data,
  },
});
const retract = (messageId: string, retractedBy: string, asModerator = false): RoomCommand => ({
  type: 'RetractMessage',
  data: { messageId, retractedBy, asModerator },
});
const recordDecision = (decisionId = 'dec-1', text = 'Le trophée se tiendra à la Gamer Assembly'): RoomCommand => ({
  type: 'RecordDecision',
  data: { decisionId, text, recordedBy: 'amelie-catalyseur' },
});
const archive = (archivedBy = 'amelie-catalyseur'): RoomCommand => ({ type: 'ArchiveRoom', data: { archivedBy } });

const opened: RoomEvent = { type: 'RoomOpened', data: openingData };
const memberAdded = (memberId: string, addedBy = 'amelie-catalyseur'): RoomEvent => ({ type: 'MemberAdded', data: { memberId, addedBy } });
const posted = (data: Partial<PostMessage['data']> = {}): RoomEvent => ({
  type: 'MessagePosted',
  data: {
    messageId: 'msg-1',
    clientMsgId: 'c-1',
    authorId: 'karim-la-poste',
    text: 'Les tablettes arrivent lundi à l’EHPAD de Niort.',
    postedAt: '2014-10-06T08:12:00+02:00',
    ...data,
  },
});
const archived: RoomEvent = { type: 'RoomArchived', data: { archivedBy: 'amelie-catalyseur' } };

const withKarim = [opened, memberAdded('karim-la-poste')];
const withAPost = [...withKarim, posted()];

// The open room of the Ardèche territory.
const ardecheOpened: RoomEvent = {
  type: 'RoomOpened',
  data: {
    roomId: 'territory-ardeche',
    kind: 'territory',
    subject: 'ardeche',
    title: 'Ardèche',
    access: 'open',
    openedBy: 'amelie-catalyseur',
    openedAt: '2014-09-01T09:00:00+02:00',
  },
};

const opening = (state: RoomState): Extract<RoomState, { status: 'open' | 'archived' }> => {
  if (state.status === 'none') throw new Error('expected an opened room');
  return state;
};

describe('room decider', () => {
  describe('OpenRoom', () => {
    it('opens a members-only partnership room; who opens it is its first member', () => {
      const state = given([]).when(openRoom()).then([opened]);
      expect(state).toEqual({
        status: 'open',
        roomId: 'partnership-silver-geek',
        kind: 'partnership',
        subject: 'silver-geek',
        title: 'Silver Geek — ateliers numériques seniors',
        access: 'members',
        members: ['amelie-catalyseur'],
        recentPosts: PersistentMap(),
        heldMessages: PersistentMap(),
        messagesPosted: 0,
        decisions: [],
      });
    });

    it('trims the title and the subject', () => {
      given([])
        .when(openRoom({ title: ' Silver Geek — ateliers numériques seniors ', subject: ' silver-geek ' }))
        .then([opened]);
    });

    it.each(['network', 'ops'] as const)('opens a %s room without a subject', (kind) => {
      const state = given([])
        .when(openRoom({ roomId: kind, kind, subject: undefined, title: 'Réseau des catalyseurs', access: 'open' }))
        .then([
          {
            type: 'RoomOpened',
            data: { roomId: kind, kind, title: 'Réseau des catalyseurs', access: 'open', openedBy: 'amelie-catalyseur', openedAt: openingData.openedAt },
          },
        ]);
      expect(opening(state).subject).toBeUndefined();
    });

    it('leaves out a blank subject', () => {
      given([])
        .when(openRoom({ roomId: 'network', kind: 'network', subject: '  ', title: 'Réseau', access: 'open' }))
        .then([
          {
            type: 'RoomOpened',
            data: { roomId: 'network', kind: 'network', title: 'Réseau', access: 'open', openedBy: 'amelie-catalyseur', openedAt: openingData.openedAt },
          },
        ]);
    });

    it('refuses a room that already exists', () => {
      given([opened]).when(openRoom()).thenThrows('CONFLICT', 'room already exists');
    });

    it('refuses a room that already exists, even archived', () => {
      given([opened, archived]).when(openRoom()).thenThrows('CONFLICT', 'room already exists');
    });

    it('refuses a blank id', () => {
      given([])
        .when(openRoom({ roomId: '' }))
        .thenThrows('RULE_VIOLATED', 'a room needs an id');
    });

    it('refuses a blank title', () => {
      given([])
        .when(openRoom({ title: '   ' }))
        .thenThrows('RULE_VIOLATED', 'a room needs a title');
    });

    it('refuses an unknown kind', () => {
      given([])
        .when(openRoom({ kind: 'salon' as RoomKind }))
        .thenThrows('RULE_VIOLATED', 'unknown room kind "salon"');
    });

    it('refuses an unknown access', () => {
      given([])
        .when(openRoom({ access: 'private' as OpenRoom['data']['access'] }))
        .thenThrows('RULE_VIOLATED', 'unknown room access "private"');
    });

    it.each(['partnership', 'territory', 'experimentation', 'gathering', 'theme'] as const)('refuses a %s room without a subject', (kind) => {
      given([])
        .when(openRoom({ kind, subject: undefined }))
        .thenThrows('RULE_VIOLATED', `a ${kind} room needs a subject`);
      given([])
        .when(openRoom({ kind, subject: ' ' }))
        .thenThrows('RULE_VIOLATED', `a ${kind} room needs a subject`);
    });

    it('refuses a room opened by no one', () => {
      given([])
        .when(openRoom({ openedBy: '' }))
        .thenThrows('RULE_VIOLATED', 'a room needs someone to open it');
    });

    it('refuses a room without its time of opening', () => {
      given([])
        .when(openRoom({ openedAt: '' }))
        .thenThrows('RULE_VIOLATED', 'the time of opening is needed');
    });
  });

  describe('any command but OpenRoom', () => {
    const commands: readonly RoomCommand[] = [
      addMember('karim-la-poste'),
      removeMember('amelie-catalyseur'),
      post(),
      retract('msg-1', 'karim-la-poste'),
      recordDecision(),
      archive(),
    ];

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on a room never opened', (_type, command) => {
      given([]).when(command).thenThrows('NOT_FOUND', 'room not found');
    });

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on an archived room', (_type, command) => {
      given([...withAPost, archived])
        .when(command)
        .thenThrows('RULE_VIOLATED', 'an archived room accepts no command');
    });
  });

  describe('AddMember', () => {
    it('adds a member', () => {
      const state = given([opened])
        .when(addMember('karim-la-poste'))
        .then([memberAdded('karim-la-poste')]);
      expect(opening(state).members).toEqual(['amelie-catalyseur', 'karim-la-poste']);
    });

    it('refuses someone already a member', () => {
      given(withKarim).when(addMember('karim-la-poste')).thenThrows('CONFLICT', '"karim-la-poste" is already a member of this room');
    });

    it('refuses the opener, already a member', () => {
      given([opened]).when(addMember('amelie-catalyseur')).thenThrows('CONFLICT', '"amelie-catalyseur" is already a member of this room');
    });

    it('refuses a blank member id', () => {
      given([opened]).when(addMember(' ')).thenThrows('RULE_VIOLATED', 'a member id is needed');
    });

    it('refuses an addition by no one', () => {
      given([opened]).when(addMember('karim-la-poste', '')).thenThrows('RULE_VIOLATED', 'who adds the member is needed');
    });
  });

  describe('RemoveMember', () => {
    it('removes a member', () => {
      const state = given(withKarim)
        .when(removeMember('karim-la-poste'))
        .then([{ type: 'MemberRemoved', data: { memberId: 'karim-la-poste', removedBy: 'amelie-catalyseur' } }]);
      expect(opening(state).members).toEqual(['amelie-catalyseur']);
    });

    it('refuses someone who is not a member', () => {
      given([opened]).when(removeMember('karim-la-poste')).thenThrows('RULE_VIOLATED', '"karim-la-poste" is not a member of this room');
    });

    it('refuses a member already removed', () => {
      given([...withKarim, { type: 'MemberRemoved', data: { memberId: 'karim-la-poste', removedBy: 'amelie-catalyseur' } }])
        .when(removeMember('karim-la-poste'))
        .thenThrows('RULE_VIOLATED', '"karim-la-poste" is not a member of this room');
    });

    it('refuses a removal by no one', () => {
      given(withKarim).when(removeMember('karim-la-poste', ' ')).thenThrows('RULE_VIOLATED', 'who removes the member is needed');
    });
  });

  describe('PostMessage', () => {
    it('posts a member’s message in a members-only room', () => {
      const state = given(withKarim).when(post()).then([posted()]);
      const karims = opening(state).recentPosts.get('karim-la-poste');
      expect(karims && postsOf(karims)).toEqual([
        { clientMsgId: 'c-1', messageId: 'msg-1', retracted: false, textDigest: textDigestOf('Les tablettes arrivent lundi à l’EHPAD de Niort.') },
      ]);
      expect(opening(state).heldMessages.toJS()).toEqual({ [messageIdKey('msg-1')]: 'karim-la-poste' });
      expect(opening(state).messagesPosted).toBe(1);
    });

    it('posts anyone’s message in an open room, trimmed', () => {
      given([ardecheOpened])
        .when(post({ authorId: 'visiteur', text: '  Qui vient à la rencontre de Privas ?\n' }))
        .then([posted({ authorId: 'visiteur', text: 'Qui vient à la rencontre de Privas ?' })]);
    });

    it('posts once: a retry with the same client message id emits nothing', () => {
      given(withAPost)
        .when(post({ messageId: 'msg-2' }))
        .thenNothing();
    });

    it('recognises a retry whose text differs only by the spaces around it', () => {
      given(withAPost)
        .when(post({ messageId: 'msg-2', text: '  Les tablettes arrivent lundi à l’EHPAD de Niort.\n' }))
        .thenNothing();
    });

    it('refuses the same client message id with another text (CONFLICT), rather than dropping it silently', () => {
      given(withAPost)
        .when(post({ messageId: 'msg-2', text: 'Finalement mardi.' }))
        .thenThrows('CONFLICT', 'clientMsgId "c-1" was already used for another text in this room: send this message with a new clientMsgId');
    });

    it('recognises a retry even after its author left the members-only room', () => {
      given([...withAPost, { type: 'MemberRemoved', data: { memberId: 'karim-la-poste', removedBy: 'amelie-catalyseur' } }])
        .when(post({ messageId: 'msg-2' }))
        .thenNothing();
    });

    it('posts the same client message id of another author', () => {
      given([...withAPost, memberAdded('sophie-silver-geek')])
        .when(post({ messageId: 'msg-2', authorId: 'sophie-silver-geek', text: 'Bien reçu !' }))
        .then([posted({ messageId: 'msg-2', authorId: 'sophie-silver-geek', text: 'Bien reçu !' })]);
    });

    it('posts a message of exactly the longest length, counted in characters', () => {
      const text = '👵'.repeat(MESSAGE_MAX_LENGTH);
      given(withKarim)
        .when(post({ text }))
        .then([posted({ text })]);
    });

    it('counts a character with its variation selector once, as the api does (textLength): 4,000 hearts ❤️ are posted', () => {
      const text = '\u2764\ufe0f'.repeat(MESSAGE_MAX_LENGTH);
      given(withKarim)
        .when(post({ text }))
        .then([posted({ text })]);
    });

    it('refuses a message id already used', () => {
      given(withAPost)
        .when(post({ clientMsgId: 'c-2' }))
        .thenThrows('CONFLICT', 'message "msg-1" already exists');
    });

    it('refuses a non-member in a members-only room', () => {
      given([opened]).when(post()).thenThrows('RULE_VIOLATED', 'only members can post in this room');
    });

    it.each(['', '   ', '\n\t'])('refuses an empty message (%j)', (text) => {
      given(withKarim).when(post({ text })).thenThrows('RULE_VIOLATED', 'a message cannot be empty');
    });

    it('refuses a message too long', () => {
      given(withKarim)
        .when(post({ text: 'a'.repeat(MESSAGE_MAX_LENGTH + 1) }))
        .thenThrows('RULE_VIOLATED', 'a message cannot be longer than 4000 characters');
    });

    it('refuses a message without an author', () => {
      given(withKarim)
        .when(post({ authorId: '' }))
        .thenThrows('RULE_VIOLATED', 'a message needs an author');
    });

    it('refuses a message without a client message id', () => {
      given(withKarim)
        .when(post({ clientMsgId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a message needs a client message id');
    });

    it('refuses a message without an id', () => {
      given(withKarim)
        .when(post({ messageId: '' }))
        .thenThrows('RULE_VIOLATED', 'a message needs an id');
    });

    it('refuses a message without its time', () => {
      given(withKarim)
        .when(post({ postedAt: '' }))
        .thenThrows('RULE_VIOLATED', 'the time of posting is needed');
    });

    it('takes ids that are names of the prototype as plain ids', () => {
      const state = given(withKarim)
        .when(post({ messageId: 'constructor', clientMsgId: '__proto__' }))
        .then([posted({ messageId: 'constructor', clientMsgId: '__proto__' })]);
      given([...withKarim, posted({ messageId: 'constructor', clientMsgId: '__proto__' })])
        .when(post({ messageId: 'toString', clientMsgId: 'constructor' }))
        .then([posted({ messageId: 'toString', clientMsgId: 'constructor' })]);
      expect(heldMessageOf(opening(state), 'constructor')).toMatchObject({ authorId: 'karim-la-poste', post: { retracted: false } });
      expect(heldPostOf(opening(state), 'karim-la-poste', '__proto__')?.messageId).toBe('constructor');
    });
  });

  describe('RetractMessage', () => {
    const retracted = (retractedBy: string): RoomEvent => ({ type: 'MessageRetracted', data: { messageId: 'msg-1', retractedBy } });

    it('lets the author retract their message', () => {
      const state = given(withAPost)
        .when(retract('msg-1', 'karim-la-poste'))
        .then([retracted('karim-la-poste')]);
      expect(heldMessageOf(opening(state), 'msg-1')).toMatchObject({ authorId: 'karim-la-poste', post: { retracted: true } });
    });

    it('lets a moderator retract anyone’s message', () => {
      given(withAPost)
        .when(retract('msg-1', 'operateur', true))
        .then([retracted('operateur')]);
    });

    it('refuses someone else', () => {
      given(withAPost).when(retract('msg-1', 'amelie-catalyseur')).thenThrows('RULE_VIOLATED', 'only its author or a moderator can retract a message');
    });

    it('refuses an unknown message', () => {
      given(withAPost).when(retract('msg-404', 'karim-la-poste')).thenThrows('NOT_FOUND', 'message "msg-404" not found');
    });

    it('refuses an id that is a name of the prototype', () => {
      given(withAPost).when(retract('constructor', 'karim-la-poste')).thenThrows('NOT_FOUND', 'message "constructor" not found');
    });

    it('refuses a message already retracted', () => {
      given([...withAPost, retracted('karim-la-poste')])
        .when(retract('msg-1', 'operateur', true))
        .thenThrows('RULE_VIOLATED', 'message "msg-1" is already retracted');
    });

    it('refuses a retraction by no one', () => {
      given(withAPost).when(retract('msg-1', '')).thenThrows('RULE_VIOLATED', 'who retracts the message is needed');
    });
  });

  describe('RecordDecision', () => {
    it('records a decision', () => {
      const state = given(withAPost)
        .when(recordDecision('dec-1', ' Le trophée se tiendra à la Gamer Assembly '))
        .then([
          { type: 'DecisionRecorded', data: { decisionId: 'dec-1', text: 'Le trophée se tiendra à la Gamer Assembly', recordedBy: 'amelie-catalyseur' } },
        ]);
      expect(opening(state).decisions).toEqual(['dec-1']);
    });

    it('refuses a decision id already used', () => {
      given([...withAPost, { type: 'DecisionRecorded', data: { decisionId: 'dec-1', text: 'Lancer les ateliers', recordedBy: 'amelie-catalyseur' } }])
        .when(recordDecision())
        .thenThrows('CONFLICT', 'decision "dec-1" is already recorded');
    });

    it('refuses an empty decision', () => {
      given(withAPost).when(recordDecision('dec-1', ' ')).thenThrows('RULE_VIOLATED', 'a decision cannot be empty');
    });

    it('refuses a blank decision id', () => {
      given(withAPost).when(recordDecision('')).thenThrows('RULE_VIOLATED', 'a decision id is needed');
    });

    it('refuses a decision recorded by no one', () => {
      given(withAPost)
        .when({ type: 'RecordDecision', data: { decisionId: 'dec-1', text: 'Lancer les ateliers', recordedBy: '' } })
        .thenThrows('RULE_VIOLATED', 'who records the decision is needed');
    });
  });

  describe('ArchiveRoom', () => {
    it('archives the room', () => {
      const state = given(withAPost).when(archive()).then([archived]);
      expect(state.status).toBe('archived');
    });

    it('refuses an archiving by no one', () => {
      given(withAPost).when(archive('')).thenThrows('RULE_VIOLATED', 'who archives the room is needed');
    });
  });

  describe('evolve', () => {
    it('folds the life of a room', () => {
      given([
        opened,
        memberAdded('karim-la-poste'),
        memberAdded('sophie-silver-geek'),
        posted(),
        posted({ messageId: 'msg-2', clientMsgId: 'c-7', authorId: 'sophie-silver-geek', text: 'Super !' }),
        { type: 'MessageRetracted', data: { messageId: 'msg-1', retractedBy: 'karim-la-poste' } },
        { type: 'MemberRemoved', data: { memberId: 'karim-la-poste', removedBy: 'amelie-catalyseur' } },
        { type: 'DecisionRecorded', data: { decisionId: 'dec-1', text: 'Trophée à la Gamer Assembly', recordedBy: 'amelie-catalyseur' } },
        archived,
      ]).thenState({
        status: 'archived',
        roomId: 'partnership-silver-geek',
        kind: 'partnership',
        subject: 'silver-geek',
        title: 'Silver Geek — ateliers numériques seniors',
        access: 'members',
        members: ['amelie-catalyseur', 'sophie-silver-geek'],
        recentPosts: PersistentMap({
          'karim-la-poste': {
            chunks: [
              [{ clientMsgId: 'c-1', messageId: 'msg-1', retracted: true, textDigest: textDigestOf('Les tablettes arrivent lundi à l’EHPAD de Niort.') }],
            ],
            size: 1,
          },
          'sophie-silver-geek': { chunks: [[{ clientMsgId: 'c-7', messageId: 'msg-2', retracted: false, textDigest: textDigestOf('Super !') }]], size: 1 },
        }),
        heldMessages: PersistentMap([
          [messageIdKey('msg-1'), 'karim-la-poste'],
          [messageIdKey('msg-2'), 'sophie-silver-geek'],
        ]),
        messagesPosted: 2,
        decisions: ['dec-1'],
      });
    });

    it('is total: events before the opening, a second opening, unknown or malformed events change nothing', () => {
      expect(fold(roomDecider, [memberAdded('karim-la-poste'), posted(), archived])).toEqual({ status: 'none' });
      const before = fold(roomDecider, withAPost);
      const oddities = [
        ardecheOpened,
        { type: 'RoomRenamed', data: { title: 'Autre' } },
        { type: 'MessageRetracted', data: { messageId: 'msg-404', retractedBy: 'x' } },
        { type: 'MemberAdded', data: { memberId: 'karim-la-poste', addedBy: 'x' } },
        { type: 'MessagePosted', data: null },
        null,
      ] as unknown as RoomEvent[];
      for (const event of oddities) expect(roomDecider.evolve(before, event)).toBe(before);
    });
  });
});
