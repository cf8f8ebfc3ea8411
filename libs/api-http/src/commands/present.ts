type Absent = null | undefined;
type RequiredKeys<T> = { [K in keyof T]-?: Extract<T[K], Absent> extends never ? K : never }[keyof T];
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;

/** The fields of `T` that hold a value; those that may be absent become optional. */
export type Present<T> = { readonly [K in RequiredKeys<T>]: T[K] } & { readonly [K in OptionalKeys<T>]?: Exclude<T[K], Absent> };

/**
 * The given fields without those left out (`undefined`) or sent as `null`: a
 * command's optional fields, built in one literal instead of one conditional
 * spread each. `present({ reason: dto.reason, leftAt })` is `{ leftAt }` when
 * no reason was given.
 */
export function present<T extends object>(fields: T): Present<T> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== null) kept[name] = value;
  return kept as Present<T>;
}
