import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

const UNMETERED = 'catalyse.unmetered';

/**
 * Marks a route (or controller) whose requests do not count against any
 * client's budget: health probes and metrics scrapes, which must never be
 * refused (a 429 on a liveness probe restarts a healthy pod).
 */
export const Unmetered = (): MethodDecorator & ClassDecorator => SetMetadata(UNMETERED, true);

export function isUnmetered(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean | undefined>(UNMETERED, [context.getHandler(), context.getClass()]) === true;
}
