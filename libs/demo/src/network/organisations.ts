import { organisationDecider, organisationStream, type Sphere } from '@catalyse/domain';
import type { Script } from '@catalyse/operations';

interface FirstMention {
  readonly name: string;
  readonly kind: Sphere;
  readonly territoryId: string;
  readonly at: string;
  readonly actor: string;
}

interface Named {
  readonly orgId?: unknown;
  readonly name?: unknown;
  readonly sphere?: unknown;
}

const TERRITORY_STREAM = /^territory-(.+)$/;

/**
 * Registers every organisation the demo's histories name by `orgId` — partners of partnerships, organisations
 * introduced, conveners and carriers of experimentations, actors of territories, participants of gatherings who name theirs — under
 * that id (an organisation's id is the `orgId` everyone uses), on the day it is first named or accompanied, with the name, sphere and
 * territory of that first mention, by whoever named it. So every organisation's page exists and lists what it took
 * part in. The documents give no sizes nor registry numbers: the size band is `inconnue`, and no SIREN is invented.
 * Run last: it reads the commands the other parts of the demo added.
 */
export function addOrganisations(script: Script): void {
  const first = new Map<string, FirstMention>();
  const mention = (named: Named, territoryId: string | undefined, at: string, actor: string): void => {
    const { orgId, name, sphere } = named;
    if (typeof orgId !== 'string' || typeof name !== 'string' || typeof sphere !== 'string' || territoryId === undefined) return;
    const known = first.get(orgId);
    if (known === undefined || at < known.at) first.set(orgId, { name, kind: sphere as Sphere, territoryId, at, actor });
  };
  const opened = new Map<string, { readonly at: string; readonly actor: string }>();
  for (const { stream, steps } of script.streams) {
    // The territory of the stream's first command that names one (a gathering's, an experimentation's).
    const streamTerritory = steps.map(({ command }) => territoryOf(command.data)).find((t) => t !== undefined);
    for (const { command, at, actor } of steps) {
      const data = command.data as Record<string, unknown>;
      const named = (list: unknown): readonly Named[] => (Array.isArray(list) ? (list as Named[]) : []);
      switch (command.type) {
        case 'ProposePartnership':
          for (const partner of named(data['partners'])) mention(partner, territoryOf(data), at, actor);
          break;
        case 'IntroduceOrganisations':
          for (const organisation of named(data['organisations'])) mention(organisation, territoryOf(data), at, actor);
          break;
        case 'LaunchExperimentation':
          for (const convener of named(data['conveners'])) mention(convener, streamTerritory, at, actor);
          break;
        case 'AdoptAction':
          for (const carrier of named(data['carriers'])) mention(carrier, streamTerritory, at, actor);
          break;
        case 'RegisterTerritoryActor':
          mention(data, TERRITORY_STREAM.exec(stream)?.[1], at, actor);
          break;
        case 'OpenAccompaniment': {
          const organisationId = data['organisationId'];
          const known = typeof organisationId === 'string' ? opened.get(organisationId) : undefined;
          if (typeof organisationId === 'string' && (known === undefined || at < known.at)) opened.set(organisationId, { at, actor });
          break;
        }
        case 'RegisterParticipant':
          mention({ orgId: data['orgId'], name: data['organisation'], sphere: data['sphere'] }, streamTerritory, at, actor);
          break;
        default:
      }
    }
  }
  for (const [organisationId, mentioned] of first) {
    // Registered before anything is said of it, an accompaniment's opening included (which does not name it).
    const earliest = opened.get(organisationId);
    const { name, kind, territoryId, at, actor } = earliest !== undefined && earliest.at < mentioned.at ? { ...mentioned, ...earliest } : mentioned;
    script.add(
      organisationDecider,
      organisationStream(organisationId),
      { type: 'RegisterOrganisation', data: { organisationId, name, kind, size: 'inconnue', territoryId, registeredAt: at } },
      at,
      actor,
    );
  }
}

/** The territory a command's data names: `territory.id` (a partnership) or `territoryId`. */
function territoryOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { territory, territoryId } = data as { territory?: { id?: unknown }; territoryId?: unknown };
  if (typeof territoryId === 'string') return territoryId;
  return typeof territory?.id === 'string' ? territory.id : undefined;
}
