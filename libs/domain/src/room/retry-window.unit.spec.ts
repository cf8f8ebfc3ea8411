import { fold } from '../kernel/decider';
import { specFor } from '../testing';
import { heldMessageOf, heldPostOf, postsOf, roomDecider } from './decider';
import { type PostedInLog, ROOM_RETRY_WINDOW_PER_AUTHOR, type RoomCommand, type RoomEvent, type RoomState } from './types';

// ADR 0029: a room's state holds each author's last ROOM_RETRY_WINDOW_PER_AUTHOR posts only.
const { given } = specFor(roomDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const opened: RoomEvent = {
  type: 'RoomOpened',
  data: {
    roomId: 'territory-ardeche',
    kind: 'territory',
    subject: 'ardeche',
    title: 'Ardèche',
    access: 'open',
    openedBy: 'amelie',
    openedAt: '2014-09-01T09:00:00+02:00',
  },
};
const at = '2014-10-06T08:12:00+02:00';
const textOf = (authorId: string, i: number): string => `Message ${i} de ${authorId}`;
const posted = (authorId: string, i: number, text = textOf(authorId, i)): RoomEvent => ({
  type: 'MessagePosted',
  data: { messageId: `${authorId}-m${i}`, clientMsgId: `c-${i}`, authorId, text, postedAt: at },
});
const post = (authorId: string, i: number, messageId = `${authorId}-m${i}`, text = textOf(authorId, i)): RoomCommand => ({
  type: 'PostMessage',
  data: { messageId, clientMsgId: `c-${i}`, authorId, text, postedAt: at },
});
const retract = (messageId: string, retractedBy: string, posted?: PostedInLog, asModerator = false): RoomCommand => ({
  type: 'RetractMessage',
  data: { messageId, retractedBy, asModerator, ...(posted ? { posted } : {}) },
});
const retracted = (messageId: string, retractedBy: string): RoomEvent => ({ type: 'MessageRetracted', data: { messageId, retractedBy } });

/** `count` posts of `authorId`, numbered from `from`. */
const postsBy = (authorId: string, count: number, from = 1): RoomEvent[] => Array.from({ length: count }, (_, i) => posted(authorId, from + i));

const opening = (state: RoomState): Extract<RoomState, { status: 'open' | 'archived' }> => {
  if (state.status === 'none') throw new Error('expected an opened room');
  return state;
};

const WINDOW = ROOM_RETRY_WINDOW_PER_AUTHOR;
// Karim has posted one more than his window holds: his first post (c-1, karim-m1) was evicted.
const karimPastHisWindow = [opened, ...postsBy('karim', WINDOW + 1)];

describe('room decider: each author’s window of recent posts (ADR 0029)', () => {
  it('holds 256 posts per author', () => {
    expect(WINDOW).toBe(256);
  });

  it('holds an author’s first 256 posts; the 257th evicts the first, and only it', () => {
    const full = opening(fold(roomDecider, [opened, ...postsBy('karim', WINDOW)]));
    expect(heldPostOf(full, 'karim', 'c-1')?.messageId).toBe('karim-m1');
    const past = opening(fold(roomDecider, karimPastHisWindow));
    expect(heldPostOf(past, 'karim', 'c-1')).toBeUndefined();
    expect(heldMessageOf(past, 'karim-m1')).toBeUndefined();
    expect(heldPostOf(past, 'karim', 'c-2')?.messageId).toBe('karim-m2');
    expect(heldMessageOf(past, 'karim-m257')).toMatchObject({ authorId: 'karim', post: { clientMsgId: 'c-257', retracted: false } });
    const karims = past.recentPosts.get('karim');
    expect(karims && postsOf(karims).map((held) => held.clientMsgId)).toEqual(Array.from({ length: WINDOW }, (_, i) => `c-${i + 2}`));
    expect(past.heldMessages.size).toBe(WINDOW);
    expect(past.messagesPosted).toBe(WINDOW + 1);
  });

  it('still recognises the retry of a post in the window, and refuses its clientMsgId with another text', () => {
    given(karimPastHisWindow)
      .when(post('karim', 2, 'karim-again-m2'))
      .thenNothing();
    given(karimPastHisWindow)
      .when(post('karim', 2, 'karim-again-m2', 'Autre chose'))
      .thenThrows('CONFLICT', 'clientMsgId "c-2" was already used for another text in this room: send this message with a new clientMsgId');
  });

  it('posts again the retry of a post that left its author’s window', () => {
    const state = given(karimPastHisWindow)
      .when(post('karim', 1))
      .then([posted('karim', 1)]);
    // Back in the window, as his latest post: his second is now the one evicted.
    expect(heldPostOf(opening(state), 'karim', 'c-1')?.messageId).toBe('karim-m1');
    expect(heldPostOf(opening(state), 'karim', 'c-2')).toBeUndefined();
  });

  it('never evicts another author’s posts: a spammer evicts only their own', () => {
    const state = opening(fold(roomDecider, [opened, posted('sophie', 1), ...postsBy('spammeur', 3 * WINDOW)]));
    expect(heldPostOf(state, 'sophie', 'c-1')?.messageId).toBe('sophie-m1');
    expect(state.heldMessages.size).toBe(WINDOW + 1);
    given([opened, posted('sophie', 1), ...postsBy('spammeur', 3 * WINDOW)])
      .when(post('sophie', 1, 'sophie-again'))
      .thenNothing();
    given([opened, posted('sophie', 1), ...postsBy('spammeur', 3 * WINDOW)])
      .when(retract('sophie-m1', 'sophie'))
      .then([retracted('sophie-m1', 'sophie')]);
  });

  it('refuses a message id its state holds', () => {
    given(karimPastHisWindow)
      .when(post('sophie', 1, 'karim-m2'))
      .thenThrows('CONFLICT', 'message "karim-m2" already exists');
  });

  describe('retracting a message no longer held, as the log tells it (`posted`, built by the server)', () => {
    it('refuses it NOT_FOUND without the log’s account', () => {
      given(karimPastHisWindow)
        .when(retract('karim-m1', 'karim'))
        .thenThrows('NOT_FOUND', `message "karim-m1" not found among this room's recent posts: an older message is retracted by an operator`);
    });

    it('retracts it for its author on the log’s account', () => {
      given(karimPastHisWindow)
        .when(retract('karim-m1', 'karim', { authorId: 'karim', retracted: false }))
        .then([retracted('karim-m1', 'karim')]);
    });

    it('lets a moderator retract it', () => {
      given(karimPastHisWindow)
        .when(retract('karim-m1', 'operateur', { authorId: 'karim', retracted: false }, true))
        .then([retracted('karim-m1', 'operateur')]);
    });

    it('refuses it when the log says it is already retracted', () => {
      given(karimPastHisWindow)
        .when(retract('karim-m1', 'karim', { authorId: 'karim', retracted: true }))
        .thenThrows('RULE_VIOLATED', 'message "karim-m1" is already retracted');
    });

    it('refuses someone who is not its author', () => {
      given(karimPastHisWindow)
        .when(retract('karim-m1', 'sophie', { authorId: 'karim', retracted: false }))
        .thenThrows('RULE_VIOLATED', 'only its author or a moderator can retract a message');
    });

    it('judges a message it holds on its state, whatever `posted` says', () => {
      given([...karimPastHisWindow, retracted('karim-m2', 'karim')])
        .when(retract('karim-m2', 'karim', { authorId: 'karim', retracted: false }))
        .thenThrows('RULE_VIOLATED', 'message "karim-m2" is already retracted');
      given(karimPastHisWindow)
        .when(retract('karim-m2', 'sophie', { authorId: 'sophie', retracted: false }))
        .thenThrows('RULE_VIOLATED', 'only its author or a moderator can retract a message');
    });

    it.each([null, 'karim', { authorId: '', retracted: false }, { authorId: 'karim' }, { authorId: 42, retracted: false }])(
      'takes a malformed account (%j) for none: NOT_FOUND',
      (posted) => {
        given(karimPastHisWindow)
          .when(retract('karim-m1', 'karim', posted as unknown as PostedInLog))
          .thenThrows('NOT_FOUND', 'message "karim-m1" not found');
      },
    );
  });

  describe('evolve', () => {
    it('marks a held message retracted, and it leaves the window retracted', () => {
      const state = opening(fold(roomDecider, [opened, posted('karim', 1), retracted('karim-m1', 'karim')]));
      expect(heldMessageOf(state, 'karim-m1')?.post.retracted).toBe(true);
      const later = opening(fold(roomDecider, [opened, posted('karim', 1), retracted('karim-m1', 'karim'), ...postsBy('karim', WINDOW, 2)]));
      expect(heldMessageOf(later, 'karim-m1')).toBeUndefined();
    });

    it('is total: the retraction of a message no longer held, and malformed posts, change nothing', () => {
      const before = fold(roomDecider, karimPastHisWindow);
      const oddities = [
        retracted('karim-m1', 'karim'),
        retracted('jamais-poste', 'karim'),
        { type: 'MessagePosted', data: { messageId: 'x', clientMsgId: 'c-x' } },
        { type: 'MessagePosted', data: { messageId: 42, clientMsgId: 'c-x', authorId: 'karim', text: 't', postedAt: at } },
        { type: 'MessagePosted', data: 'texte' },
      ] as unknown as RoomEvent[];
      for (const event of oddities) expect(roomDecider.evolve(before, event)).toBe(before);
    });

    it('does not change the state it evolves from (a post and an eviction leave the earlier state whole)', () => {
      const full = fold(roomDecider, [opened, ...postsBy('karim', WINDOW)]);
      const snapshot = JSON.stringify(opening(full).recentPosts.toJS());
      const next = roomDecider.evolve(full, posted('karim', WINDOW + 1));
      expect(JSON.stringify(opening(full).recentPosts.toJS())).toBe(snapshot);
      expect(heldPostOf(opening(full), 'karim', 'c-1')?.messageId).toBe('karim-m1');
      expect(heldPostOf(opening(next), 'karim', 'c-1')).toBeUndefined();
    });

    it('holds an odd post without a text, recognising its retry', () => {
      const noText = { type: 'MessagePosted', data: { messageId: 'karim-m1', clientMsgId: 'c-1', authorId: 'karim', postedAt: at } } as unknown as RoomEvent;
      given([opened, noText]).when(post('karim', 1)).thenNothing();
    });
  });
});
