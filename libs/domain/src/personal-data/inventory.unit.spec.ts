import { ERASED_TEXT, personalDataOf, PERSONAL_DATA, tombstoneOf } from './inventory';
import { AGGREGATES } from '../aggregates';

describe('the inventory of personal data', () => {
  it('names a decision for every event type of every aggregate', () => {
    const types = Object.values(AGGREGATES).flatMap((aggregate) => aggregate.eventTypes as readonly string[]);
    expect(Object.keys(PERSONAL_DATA).sort()).toEqual([...types].sort());
  });

  it('a catalyseur owns their name (searched within texts); sphere, territory and skills describe the role', () => {
    const data = { catalyseurId: 'ana', name: 'Ana Lopes', sphere: 'association', territory: 'ardeche', skills: ['animation'], joinedAt: '2014-01-06' };
    expect(personalDataOf('catalyseur-ana', 'CatalyseurJoined', data)).toEqual({
      concerns: ['ana'],
      personal: [{ subject: 'ana', fields: { name: 'within' } }],
    });
    expect(personalDataOf('catalyseur-ana', 'ProfileUpdated', { name: 'Ana L.', skills: ['x'] })).toEqual({
      concerns: ['ana'],
      personal: [{ subject: 'ana', fields: { name: 'within' } }],
    });
    expect(personalDataOf('catalyseur-ana', 'ProfileUpdated', { sphere: 'entreprise' })).toEqual({ concerns: ['ana'], personal: [] });
    expect(personalDataOf('catalyseur-ana', 'CatalyseurLeft', { leftAt: 'x' })).toEqual({ concerns: ['ana'], personal: [], ends: ['ana'] });
  });

  it('a release, a departure and a removal END a relation (recorded once the person is erased); their reason is still theirs', () => {
    expect(personalDataOf('partnership-p1', 'CatalyseurReleased', { catalyseurId: 'ana', releasedOn: '2026-12-04' })).toEqual({
      concerns: ['ana'],
      personal: [],
      ends: ['ana'],
    });
    expect(personalDataOf('partnership-p1', 'CatalyseurReleased', { catalyseurId: 'ana', releasedOn: '2026-12-04', reason: 'parti' })).toEqual({
      concerns: ['ana'],
      personal: [{ subject: 'ana', fields: { reason: 'exact' } }],
      ends: ['ana'],
    });
    expect(personalDataOf('catalyseur-ana', 'CatalyseurLeft', { leftAt: 'x', reason: 'parti' })).toMatchObject({
      personal: [{ subject: 'ana', fields: { reason: 'exact' } }],
      ends: ['ana'],
    });
    expect(personalDataOf('room-r1', 'MemberRemoved', { memberId: 'ana', removedBy: 'op-1' })).toEqual({ concerns: ['ana'], personal: [], ends: ['ana'] });
    // Adding about them is not an end: an assignment, a member added.
    expect(personalDataOf('partnership-p1', 'CatalyseurAssigned', { catalyseurId: 'ana', assignedOn: '2026-12-04' })).not.toHaveProperty('ends');
    expect(personalDataOf('room-r1', 'MemberAdded', { memberId: 'ana', addedBy: 'op-1' })).not.toHaveProperty('ends');
  });

  it('a registration cancelled and leaving a working group END a relation (their seat is freed once they are erased); their reason is still theirs', () => {
    const cancelledAt = '2026-12-04T10:00:00.000Z';
    expect(personalDataOf('gathering-g2', 'RegistrationCancelled', { participantId: 'px1', cancelledAt })).toEqual({
      concerns: ['px1'],
      personal: [],
      ends: ['px1'],
    });
    expect(personalDataOf('gathering-g2', 'RegistrationCancelled', { participantId: 'px1', reason: 'empêchement', cancelledAt })).toEqual({
      concerns: ['px1'],
      personal: [{ subject: 'px1', fields: { reason: 'exact' } }],
      ends: ['px1'],
    });
    expect(personalDataOf('experimentation-x', 'WorkingGroupLeft', { groupId: 'g', participantId: 'px1', leftOn: '2026-12-04' })).toEqual({
      concerns: ['px1'],
      personal: [],
      ends: ['px1'],
    });
    expect(personalDataOf('experimentation-x', 'WorkingGroupLeft', { groupId: 'g', participantId: 'px1', reason: 'parti', leftOn: '2026-12-04' })).toEqual({
      concerns: ['px1'],
      personal: [{ subject: 'px1', fields: { reason: 'exact' } }],
      ends: ['px1'],
    });
    // Registering, joining and attending add about them: not ends.
    const registered = { participantId: 'px1', name: 'Paula X', organisation: 'Asso', sphere: 'association', registeredAt: cancelledAt };
    expect(personalDataOf('gathering-g2', 'ParticipantRegistered', registered)).not.toHaveProperty('ends');
    expect(personalDataOf('gathering-g2', 'AttendanceRecorded', { participantIds: ['px1'] })).not.toHaveProperty('ends');
    const joined = { groupId: 'g', participantId: 'px1', organisation: 'Asso', sphere: 'association', joinedOn: '2026-12-04' };
    expect(personalDataOf('experimentation-x', 'WorkingGroupJoined', joined)).not.toHaveProperty('ends');
  });

  it('an experimentation’s launch concerns the catalyseurs who animate it (by id): refused once one is erased', () => {
    const launched = {
      experimentationId: 'x',
      title: 'Agir ensemble',
      territory: { id: 't', name: 'T', scale: 'local' },
      conveners: [],
      catalyseurs: ['cat-2', 'cat-3', 'cat-2'],
      launchedOn: '2026-12-04',
    };
    expect(personalDataOf('experimentation-x', 'ExperimentationLaunched', launched)).toEqual({ concerns: ['cat-2', 'cat-3'], personal: [] });
    expect(personalDataOf('experimentation-x', 'ExperimentationLaunched', { ...launched, catalyseurs: [] })).toEqual({ concerns: [], personal: [] });
  });

  it('a message’s text is its author’s; a participant’s name theirs; ids alone only concern', () => {
    expect(personalDataOf('room-r', 'MessagePosted', { authorId: 'bob', text: 'Bonjour', messageId: 'm' }).personal).toEqual([
      { subject: 'bob', fields: { text: 'exact' } },
    ]);
    expect(personalDataOf('gathering-g', 'ParticipantRegistered', { participantId: 'p1', name: 'Paul', organisation: 'Asso' }).personal).toEqual([
      { subject: 'p1', fields: { name: 'within' } },
    ]);
    expect(personalDataOf('gathering-g', 'AttendanceRecorded', { participantIds: ['p1', 'p2', 'p1'] })).toEqual({ concerns: ['p1', 'p2'], personal: [] });
    expect(personalDataOf('room-r', 'MemberAdded', { memberId: 'bob', addedBy: 'ana' })).toEqual({ concerns: ['bob'], personal: [] });
  });

  it('an accompaniment session’s summary is the text of the person who recorded it; the rest of an accompaniment is the organisation’s (it names its catalyseur by id)', () => {
    const session = { heldOn: '2014-02-17', topics: ['gouvernance'], summary: 'Premier tour des besoins.', recordedBy: 'cat-ardeche' };
    expect(personalDataOf('accompaniment-a', 'AccompanimentSessionHeld', session)).toEqual({
      concerns: ['cat-ardeche'],
      personal: [{ subject: 'cat-ardeche', fields: { summary: 'exact' } }],
    });
    expect(personalDataOf('accompaniment-a', 'AccompanimentOpened', { catalyseurId: 'cat-ardeche', purpose: 'x' })).toEqual({
      concerns: ['cat-ardeche'],
      personal: [],
    });
  });

  it('the persons an event names by id only concern it (nothing more is recorded about them once erased), without fields of theirs', () => {
    const only = (id: string) => ({ concerns: [id], personal: [] });
    expect(personalDataOf('accompaniment-a', 'AccompanimentOpened', { accompanimentId: 'a', catalyseurId: 'cat-9', purpose: 'Préparer' })).toEqual(
      only('cat-9'),
    );
    expect(personalDataOf('introduction-i', 'OrganisationsIntroduced', { introductionId: 'i', catalyseurId: 'cat-9', purpose: 'x' })).toEqual(only('cat-9'));
    expect(personalDataOf('gathering-g', 'GatheringScheduled', { gatheringId: 'g', theme: 'Speed dating', organisedBy: 'cat-9' })).toEqual(only('cat-9'));
    expect(personalDataOf('room-r', 'RoomOpened', { roomId: 'r', title: 'x', openedBy: 'cat-9' })).toEqual(only('cat-9'));
    expect(personalDataOf('partnership-p', 'CatalyseurAssigned', { catalyseurId: 'cat-9', assignedOn: '2014-01-06' })).toEqual(only('cat-9'));
  });

  it('holds nothing for organisations, figures, unknown types or malformed data', () => {
    expect(personalDataOf('partnership-p', 'PartnershipProposed', { title: 'x' })).toEqual({ concerns: [], personal: [] });
    expect(personalDataOf('x-1', 'SomethingElse', { name: 'Ana' })).toEqual({ concerns: [], personal: [] });
    expect(personalDataOf('room-r', 'MessagePosted', null)).toEqual({ concerns: [], personal: [] });
    expect(personalDataOf('room-r', 'MessagePosted', { text: 'orphan' })).toEqual({ concerns: [], personal: [] });
  });

  it('tombstones: a text reads as the erased mark, a list as empty, anything else as null', () => {
    expect([tombstoneOf('text'), tombstoneOf('list'), tombstoneOf('other')]).toEqual([ERASED_TEXT, [], null]);
  });
});
