/**
 * A decider (Jérémie Chassaing's pattern, as in Emmett): the whole behaviour of
 * an aggregate as three pure functions. No clock, no I/O: time and ids arrive
 * inside the command.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: () => State;
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
}

/** A command or an event: a discriminating `type` and its `data`. */
export interface Message<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export function fold<Event, State>(decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>, events: Iterable<Event>): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Makes a switch exhaustive: the compiler refuses a case left out. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/**
 * The exhaustive check for `evolve`: the compiler refuses an event type left
 * out, yet at run time an event the code does not know (an old or foreign
 * type read from the store) leaves the state as it was, since a fold never
 * throws.
 */
export function ignoreUnknown<State>(_value: never, state: State): State {
  return state;
}
