import { AppError, type Principal } from '@catalyse/protocol';

/** A catalyseur manages its own profile (id = its token subject); an operator anyone's; partners none. */
export function assertCanManageProfile(principal: Principal, catalyseurId: string): void {
  if (principal.role === 'operator') return;
  if (principal.role === 'catalyseur' && principal.sub === catalyseurId) return;
  throw new AppError(
    'FORBIDDEN',
    principal.role === 'catalyseur' ? 'a catalyseur manages its own profile only' : 'only catalyseurs (their own profile) and operators manage profiles',
  );
}
