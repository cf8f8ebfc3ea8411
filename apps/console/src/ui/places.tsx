/**
 * The territories and regions the read models know, for the filters' pickers (a person picks
 * « Ardèche » rather than typing `ardeche`): the territory profiles (`GET /api/territories`) and
 * the observatory's partnerships by territory and by region, for catalyseurs and operators; a
 * partner, who reads neither, picks among the territories of its own partnerships.
 */
import { useGet, useGetAll } from '../api';
import type { Role } from '../session';

export interface PlaceOption {
  /** What the api filters by: a territory id, or a region's name. */
  readonly value: string;
  /** What a person reads. */
  readonly label: string;
}

interface TerritoryProfile {
  readonly territoryId: string;
  readonly name: string;
  readonly region?: string;
}
interface ObservatoryRows {
  readonly table: { readonly rows: readonly Record<string, string | number | null>[] };
}

const byLabel = (a: PlaceOption, b: PlaceOption): number => a.label.localeCompare(b.label, 'fr');

function distinct(options: readonly PlaceOption[]): PlaceOption[] {
  const seen = new Map<string, PlaceOption>();
  for (const option of options) if (!seen.has(option.value)) seen.set(option.value, option);
  return [...seen.values()].sort(byLabel);
}

/** The regions: those of the territory profiles, and those the observatory counts partnerships in. */
export function useRegions(): readonly PlaceOption[] {
  const profiles = useGetAll<TerritoryProfile>('/api/territories');
  const byRegion = useGet<ObservatoryRows>('/api/observatory/partnerships/by_region');
  return distinct([
    ...(profiles.data ?? []).flatMap((t) => (t.region ? [{ value: t.region, label: t.region }] : [])),
    ...(byRegion.data?.table.rows ?? []).flatMap((r) => (typeof r['region'] === 'string' && r['region'] ? [{ value: r['region'], label: r['region'] }] : [])),
  ]);
}

/** Every territory profile (id → name). */
export function useTerritories(enabled = true): readonly PlaceOption[] {
  const profiles = useGetAll<TerritoryProfile>(enabled ? '/api/territories' : null);
  return distinct((profiles.data ?? []).map((t) => ({ value: t.territoryId, label: t.name })));
}

/**
 * The territories partnerships are in, with how many: the observatory's count for catalyseurs and
 * operators; the territories of its own partnerships for a partner.
 */
export function usePartnershipTerritories(role: Role | undefined): readonly PlaceOption[] {
  const partner = role === 'partner';
  const counted = useGet<ObservatoryRows>(partner ? null : '/api/observatory/partnerships/by_territory');
  const own = useGetAll<{ readonly territory: { readonly id: string; readonly name: string } }>(partner ? '/api/partnerships' : null);
  if (partner) return distinct((own.data ?? []).map((p) => ({ value: p.territory.id, label: p.territory.name })));
  return distinct(
    (counted.data?.table.rows ?? []).flatMap((r) =>
      typeof r['territory'] === 'string'
        ? [
            {
              value: r['territory'],
              label: `${typeof r['label'] === 'string' ? r['label'] : r['territory']} (${Number(r['count'] ?? 0).toLocaleString('fr-FR')})`,
            },
          ]
        : [],
    ),
  );
}

/** A picker over places: « toutes » (empty) and the known ones; a value not among them is kept, shown as is. */
export function PlacePicker({
  id,
  label,
  all,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  all: string;
  value: string;
  options: readonly PlaceOption[];
  onChange: (value: string) => void;
}) {
  const known = value === '' || options.some((o) => o.value === value);
  return (
    <div>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{all}</option>
        {!known && <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
