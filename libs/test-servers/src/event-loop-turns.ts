/**
 * Counts the turns of the event loop from now until `stop()` (a `setImmediate` chain): whether work yields between its
 * steps, the process answering others meanwhile, is a count a spec can assert on, not a timing.
 */
export function countTurns(): { stop(): number } {
  let turns = 0;
  let counting = true;
  const count = (): void => {
    if (!counting) return;
    turns++;
    setImmediate(count);
  };
  setImmediate(count);
  return {
    stop() {
      counting = false;
      return turns;
    },
  };
}
