/** The names the Opérations page shows for what its lines and its reports name by id (the id until read). */
import { useCallback, useMemo } from 'preact/hooks';
import { useCatalyseurNames, useExperimentationTitles, usePartnershipTitles, useTerritoryNames } from '../../ui/names';
import type { NamedKind, NameOf } from './ops-rows';

/** Reads the names of `ids` (by kind); `nameOf` answers those read. */
export function useOpsNameOf(ids: Readonly<Record<NamedKind, readonly string[]>>): NameOf {
  const partnership = usePartnershipTitles(ids.partnership);
  const experimentation = useExperimentationTitles(ids.experimentation);
  const territory = useTerritoryNames(ids.territory);
  const catalyseur = useCatalyseurNames(ids.catalyseur);
  const maps = useMemo(() => ({ partnership, experimentation, territory, catalyseur }), [partnership, experimentation, territory, catalyseur]);
  return useCallback((kind: NamedKind, id: string) => maps[kind].get(id), [maps]);
}
