/// <reference types="jest" />
import type { FeedEntry } from '@catalyse/protocol';
import { failedPostWords, feedRows, personIds, personLabel, rolesIn } from './rows';

const entry = (seq: number, kind: string, data: Record<string, unknown>): FeedEntry => ({
  room: 'room:r1',
  epoch: 1,
  seq,
  position: String(100 + seq),
  at: `2026-12-02T10:0${seq}:00Z`,
  kind,
  data,
});

const posted = (seq: number, messageId: string, authorId: string, clientMsgId: string, text: string): FeedEntry =>
  entry(seq, 'MessagePosted', { messageId, clientMsgId, authorId, text, postedAt: `2026-12-02T10:0${seq}:00Z` });

describe('the rows of the live room page', () => {
  it('shows messages, decisions and other entries in seq order, then the posts waiting in the outbox', () => {
    const rows = feedRows(
      [
        entry(1, 'RoomOpened', { roomId: 'r1', title: 'Rencontre 2027', openedBy: 'claire' }),
        posted(2, 'm1', 'claire', 'c1', 'Bonjour'),
        entry(3, 'DecisionRecorded', { decisionId: 'd1', text: 'Le 12 juin', recordedBy: 'claire' }),
        entry(4, 'MemberAdded', { memberId: 'malik', addedBy: 'claire' }),
      ],
      [{ clientMsgId: 'c9', text: 'Écrit hors ligne', createdAt: '2026-12-02T10:09:00Z' }],
      [],
      'malik',
    );
    expect(rows.map((row) => [row.type, 'author' in row ? row.author : undefined, row.text])).toEqual([
      ['event', undefined, 'Salon ouvert par claire : Rencontre 2027'],
      ['message', 'claire', 'Bonjour'],
      ['decision', 'claire', 'Le 12 juin'],
      ['event', undefined, 'malik rejoint le salon'],
      ['pending', 'malik', 'Écrit hors ligne'],
    ]);
  });

  it('tells in French what the network’s feed carries: gatherings, experimentations (their restitution too), parcours', () => {
    const rows = feedRows(
      [
        entry(1, 'GatheringScheduled', { theme: 'Rencontre annuelle des catalyseurs', kind: 'rencontre_annuelle', date: '2027-06-17' }),
        entry(2, 'RestitutionHeld', { title: 'Agir ensemble à Charenton-Saint-Maurice', dirigeants: 118, territoryId: 'charenton-saint-maurice' }),
        entry(3, 'ParcoursCompleted', { title: 'Mobilité' }),
        entry(4, 'SomethingNew', {}),
      ],
      [],
      [],
      'malik',
    );
    expect(rows.map((row) => row.text)).toEqual([
      expect.stringMatching(/^Rencontre programmée : Rencontre annuelle des catalyseurs \(.+, le 17 juin 2027\)$/),
      'Restitution des travaux : « Agir ensemble à Charenton-Saint-Maurice », 118 dirigeants',
      'Parcours d’expérience terminé',
      'Événement : SomethingNew',
    ]);
  });

  it('tells an erasure in French, never by its event name', () => {
    const rows = feedRows(
      [
        entry(1, 'PersonalDataRedacted', {
          entries: [
            { seq: 3, data: { messageId: 'm1', authorId: 'malik', text: '[effacé]' } },
            { seq: 5, data: { messageId: 'm2', authorId: 'zoe', text: 'Merci [effacé]' } },
          ],
        }),
        entry(2, 'PersonalDataRedacted', { entries: [{ seq: 4, data: {} }] }),
        entry(3, 'PersonalDataRedacted', {}),
      ],
      [],
      [],
      'malik',
    );
    expect(rows.map((row) => [row.type, row.text])).toEqual([
      ['event', 'Des données personnelles ont été effacées : 2 entrées du fil réécrites'],
      ['event', 'Des données personnelles ont été effacées : 1 entrée du fil réécrite'],
      ['event', 'Des données personnelles ont été effacées'],
    ]);
  });

  it('shows a message once when its entry arrives before its post is acknowledged', () => {
    const rows = feedRows([posted(1, 'm1', 'malik', 'c1', 'Oui')], [{ clientMsgId: 'c1', text: 'Oui', createdAt: '2026-12-02T10:01:00Z' }], [], 'malik');
    expect(rows.map((row) => [row.type, row.text])).toEqual([['message', 'Oui']]);
  });

  it('keeps another person’s post with the same clientMsgId apart from mine', () => {
    const rows = feedRows([posted(1, 'm1', 'claire', 'c1', 'Oui')], [{ clientMsgId: 'c1', text: 'Non', createdAt: '2026-12-02T10:01:00Z' }], [], 'malik');
    expect(rows.map((row) => [row.type, row.text])).toEqual([
      ['message', 'Oui'],
      ['pending', 'Non'],
    ]);
  });

  it('hides the text of a retracted message, and shows a refused post with its reason', () => {
    const rows = feedRows(
      [posted(1, 'm1', 'claire', 'c1', 'Oups'), entry(2, 'MessageRetracted', { messageId: 'm1', retractedBy: 'claire' })],
      [],
      [
        {
          clientMsgId: 'c2',
          text: 'Trop long',
          createdAt: '2026-12-02T10:03:00Z',
          error: {
            code: 'VALIDATION',
            message: 'invalid request: text',
            details: [{ field: 'text', messages: ['text must be shorter than or equal to 4000 characters'] }],
          },
        },
      ],
      'malik',
    );
    expect(rows.map((row) => [row.type, row.text, row.type === 'failed' ? row.error : undefined])).toEqual([
      ['message', '(message retiré)', undefined],
      ['event', 'Un message a été retiré par claire', undefined],
      ['failed', 'Trop long', 'La demande est invalide : le texte doit faire au plus 4\u202f000 caractères.'],
    ]);
  });

  it('tells a post given up without an answer (UNANSWERED: perhaps published) from a refused one: « peut-être envoyé », to check before sending it again', () => {
    const rows = feedRows(
      [],
      [],
      [
        {
          clientMsgId: 'c1',
          text: 'Rendez-vous jeudi',
          createdAt: '2026-12-02T10:01:00Z',
          error: { code: 'UNANSWERED', message: 'the connection closed each time this post was sent (5 times in a row), before any answer' },
        },
        { clientMsgId: 'c2', text: 'Interdit', createdAt: '2026-12-02T10:02:00Z', error: { code: 'FORBIDDEN', message: 'not a member' } },
      ],
      'malik',
    );
    const said = rows.map((row) => (row.type === 'failed' ? { text: row.text, sent: row.sent, ...failedPostWords(row.sent) } : row));
    expect(said).toEqual([
      // Perhaps published: never « non envoyé »; sent again only once the reader found it absent from the feed.
      { text: 'Rendez-vous jeudi', sent: 'maybe', tag: 'peut-être envoyé — vérifiez le fil', resend: 'Absent du fil : le renvoyer', dismiss: 'Retirer' },
      // Refused by the hub: not sent, and nothing to send again.
      { text: 'Interdit', sent: 'no', tag: 'non envoyé', dismiss: 'Retirer' },
    ]);
    expect(rows[0]?.type === 'failed' && rows[0].error).toMatch(/a peut-être été publié ; vérifiez le fil/);
  });

  it('shows a post given up without an answer once, as delivered, when its entry is in the feed; a refused one whose clientMsgId the feed holds stays', () => {
    const rows = feedRows(
      [posted(1, 'm1', 'malik', 'c1', 'Rendez-vous jeudi')],
      [],
      [
        { clientMsgId: 'c1', text: 'Rendez-vous jeudi', createdAt: '2026-12-02T10:01:00Z', error: { code: 'UNANSWERED', message: 'gave up' } },
        { clientMsgId: 'c1', text: 'Autre texte', createdAt: '2026-12-02T10:02:00Z', error: { code: 'CONFLICT', message: 'clientMsgId reused' } },
      ],
      'malik',
    );
    expect(rows.map((row) => [row.type, row.text])).toEqual([
      ['message', 'Rendez-vous jeudi'],
      ['failed', 'Autre texte'],
    ]);
  });

  it('names the people by their names once read, by their ids until then (or when unknown)', () => {
    const entries = [
      entry(1, 'RoomOpened', { roomId: 'r1', title: 'Labo', openedBy: 'catalyseur-015' }),
      posted(2, 'm1', 'catalyseur-015', 'c1', 'Bonjour'),
      entry(3, 'DecisionRecorded', { decisionId: 'd1', text: 'Le 12 juin', recordedBy: 'catalyseur-015' }),
      entry(4, 'MemberAdded', { memberId: 'op-1', addedBy: 'catalyseur-015' }),
    ];
    expect(personIds(entries)).toEqual(['catalyseur-015', 'op-1']);
    // The signed-in operator is no catalyseur: its card is not asked for (a 404 on every view).
    expect(personIds(entries, ['op-1'])).toEqual(['catalyseur-015']);
    // Nor an id whose entry says its role.
    expect(personIds([...entries, entry(5, 'MessagePosted', { authorId: 'partner-7', authorRole: 'partner', text: 'Bonjour' })])).toEqual([
      'catalyseur-015',
      'op-1',
    ]);
    expect(personIds([entry(6, 'MessagePosted', { authorId: 'catalyseur-016', authorRole: 'catalyseur', text: 'Salut' })])).toEqual(['catalyseur-016']);
    const names: Record<string, string> = { 'catalyseur-015': 'Marion Gauthier' };
    const rows = feedRows(
      entries,
      [{ clientMsgId: 'c9', text: 'En attente', createdAt: '2026-12-02T10:09:00Z' }],
      [],
      'catalyseur-015',
      (id) => names[id] ?? id,
    );
    expect(rows.map((row) => [row.type, 'author' in row ? row.author : undefined, row.text])).toEqual([
      ['event', undefined, 'Salon ouvert par Marion Gauthier : Labo'],
      ['message', 'Marion Gauthier', 'Bonjour'],
      ['decision', 'Marion Gauthier', 'Le 12 juin'],
      ['event', undefined, 'op-1 rejoint le salon'],
      ['pending', 'Marion Gauthier', 'En attente'],
    ]);
  });

  it('keeps a wide feed in the order of recording, and marks a fact recorded after a later one', () => {
    const fact = (seq: number, at: string, theme: string): FeedEntry => ({
      ...entry(seq, 'GatheringHeld', { theme, registered: 20 }),
      room: 'network',
      at,
    });
    const rows = feedRows(
      [
        fact(1, '2018-04-05T09:00:00Z', 'Avril'),
        fact(2, '2018-12-20T09:00:00Z', 'Décembre'),
        // A message posted now, then a fact of September recorded after it.
        entry(3, 'MessagePosted', { messageId: 'm3', authorId: 'claire', text: 'Bonjour' }),
        fact(4, '2018-09-27T09:00:00Z', 'Septembre'),
      ],
      [],
      [],
      'claire',
    );
    expect(rows.map((row) => [row.text.replace(/^.*: /, ''), row.at, row.type === 'event' ? row.late : undefined])).toEqual([
      ['Avril (20 inscrits)', '2018-04-05T09:00:00Z', false],
      ['Décembre (20 inscrits)', '2018-12-20T09:00:00Z', false],
      ['Bonjour', '2026-12-02T10:03:00Z', undefined],
      ['Septembre (20 inscrits)', '2018-09-27T09:00:00Z', true],
    ]);
  });

  it('names an operator or a partner readably, by the role its entry or the signed-in session gives, else by its id', () => {
    const rows = feedRows(
      [
        entry(1, 'MessagePosted', { messageId: 'm1', clientMsgId: 'c1', authorId: 'op-1', authorRole: 'operator', text: 'Bonjour à tous' }),
        entry(2, 'MessagePosted', { messageId: 'm2', clientMsgId: 'c2', authorId: 'ops-demo', text: 'Maintenance ce soir' }),
        entry(3, 'DecisionRecorded', { text: 'Le 12 juin', recordedBy: 'resp-1', recordedByRole: 'partner' }),
      ],
      [],
      [],
      'op-2',
    );
    expect(rows.map((row) => ('author' in row ? row.author : ''))).toEqual(['Opérateur·rice (op-1)', 'ops-demo', 'Partenaire (resp-1)']);
    expect(personLabel('op-2', 'operator')).toBe('Opérateur·rice (op-2)');
    expect(personLabel('catalyseur-001', 'catalyseur')).toBe('catalyseur-001');
    expect(personLabel('x', undefined)).toBe('x');
  });

  it('knows the roles the entries give, for naming a person the same way everywhere on the page', () => {
    const roles = rolesIn([
      entry(1, 'RoomOpened', { roomId: 'r', title: 'Salon', openedBy: 'op-1' }),
      entry(2, 'MessagePosted', { messageId: 'm1', clientMsgId: 'c1', authorId: 'op-1', authorRole: 'operator', text: 'Bonjour' }),
    ]);
    expect([...roles]).toEqual([['op-1', 'operator']]);
    const rows = feedRows([entry(1, 'RoomOpened', { roomId: 'r', title: 'Salon', openedBy: 'op-1' })], [], [], 'me', (id) => personLabel(id, roles.get(id)));
    expect(rows.map((row) => row.text)).toEqual(['Salon ouvert par Opérateur·rice (op-1) : Salon']);
  });
});
