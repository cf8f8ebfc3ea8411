export const ROLES = ['catalyseur', 'partner', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as read from a verified JWT. */
export interface Principal {
  /** Subject: a catalyseur id, a person of a partner organisation, an operator. */
  readonly sub: string;
  readonly role: Role;
  /** For `partner`: the organisation the person speaks for. */
  readonly org?: string;
}
