/** A room's address in the console: `/salons/<key>`, the key as the hub knows it. Pure, for the page and its unit tests. */
import { forbiddenText } from '../../ui/errors';

const SINGLETONS = new Set(['network', 'ops']);
const ID = /^[A-Za-z0-9._~-]{1,100}$/;

/**
 * The room key an address names: the key itself (`room:labo-alsace`, `network`, `partnership:flda-cg-ardeche`), or,
 * for a bare id (`labo-alsace`, as a person types it or shortens a link), the room of that id (`room:labo-alsace`).
 */
export function roomKeyOf(salon: string): string {
  return !salon.includes(':') && !SINGLETONS.has(salon) && ID.test(salon) ? `room:${salon}` : salon;
}

/**
 * Why the room cannot be shown, in French, from the hub's refusal (or the card's answer): a FORBIDDEN whose reason the
 * console knows says it as every page does (a catalyseur who left the network: « Vous avez quitté le réseau… »; a
 * members' room), any other « Vous n’avez pas accès à ce salon. ».
 */
export function refusalText(code: string, message?: string): string {
  switch (code) {
    case 'FORBIDDEN':
      return message !== undefined && forbiddenText(message) !== forbiddenText(undefined) ? forbiddenText(message) : 'Vous n’avez pas accès à ce salon.';
    case 'NOT_FOUND':
    case 'VALIDATION':
      return 'Ce salon n’existe pas.';
    case 'UNAUTHORIZED':
      return 'Votre jeton n’est plus valable : reconnectez-vous.';
    default:
      return 'Impossible d’entrer dans ce salon pour l’instant.';
  }
}
