/// <reference types="jest" />
import { refusalText, roomKeyOf } from './keys';

describe('a room’s address', () => {
  it('reads a bare id as the room of that id, and any key as it is', () => {
    expect(roomKeyOf('labo-alsace')).toBe('room:labo-alsace');
    expect(roomKeyOf('room:labo-alsace')).toBe('room:labo-alsace');
    expect(roomKeyOf('network')).toBe('network');
    expect(roomKeyOf('ops')).toBe('ops');
    expect(roomKeyOf('partnership:flda-cg-ardeche')).toBe('partnership:flda-cg-ardeche');
    // Not an id: left as it is, and the hub refuses it (« Ce salon n’existe pas. »).
    expect(roomKeyOf('pas un salon')).toBe('pas un salon');
  });

  it('tells a refusal in French', () => {
    expect(refusalText('FORBIDDEN')).toBe('Vous n’avez pas accès à ce salon.');
    expect(refusalText('NOT_FOUND')).toBe('Ce salon n’existe pas.');
    expect(refusalText('VALIDATION')).toBe('Ce salon n’existe pas.');
    expect(refusalText('PERSON_ERASED')).toBe('Impossible d’entrer dans ce salon pour l’instant.');
  });

  it('tells a catalyseur who left the network what every other page tells them, and a members’ room why', () => {
    expect(refusalText('FORBIDDEN', 'catalyseur catalyseur-009 left the network: their access ended')).toBe(
      'Vous avez quitté le réseau : votre accès a pris fin (seuls votre profil et votre portefeuille restent consultables).',
    );
    expect(refusalText('FORBIDDEN', 'this room is for its members')).toBe('Ce salon est réservé à ses membres : vous n’en faites pas partie.');
    expect(refusalText('FORBIDDEN', 'some reason the console does not know')).toBe('Vous n’avez pas accès à ce salon.');
  });
});
