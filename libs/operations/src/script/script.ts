import { type AnyDecider, type Decider, type Message } from '@catalyse/domain';

/** One command of a script: what a user would have sent, when, as whom. */
export interface ScriptStep {
  readonly command: Message<string, unknown>;
  /** ISO instant it happened (the events' `occurredAt`). */
  readonly at: string;
  /** Who sent it (a catalyseur, an operator). */
  readonly actor: string;
}

/** The commands of one stream, in order, with the decider that owns it. */
export interface StreamScript {
  readonly stream: string;
  readonly decider: AnyDecider;
  readonly steps: readonly ScriptStep[];
}

/**
 * A history to load through the commands, stream by stream: the demo network
 * of the documents, or a synthetic one at any scale. Streams keep the order in
 * which they were first given a command; within a stream, commands keep theirs.
 */
export class Script {
  private readonly byStream = new Map<string, { decider: AnyDecider; steps: ScriptStep[] }>();

  /** Adds a command for `stream`, owned by `decider` (the same decider for every command of a stream). */
  add<C extends Message<string, unknown>, E, S>(decider: Decider<C, E, S>, stream: string, command: C, at: string, actor: string): this {
    const erased = decider as unknown as AnyDecider;
    let entry = this.byStream.get(stream);
    if (!entry) {
      entry = { decider: erased, steps: [] };
      this.byStream.set(stream, entry);
    } else if (entry.decider !== erased) {
      throw new Error(`stream ${stream} is given commands of two different aggregates`);
    }
    entry.steps.push({ command, at, actor });
    return this;
  }

  /** A helper bound to one stream: `const p = script.on(partnershipDecider, 'partnership-x'); p(command, at, actor)`. */
  on<C extends Message<string, unknown>, E, S>(decider: Decider<C, E, S>, stream: string): (command: C, at: string, actor: string) => void {
    return (command, at, actor) => void this.add(decider, stream, command, at, actor);
  }

  get streams(): readonly StreamScript[] {
    return [...this.byStream].map(([stream, { decider, steps }]) => ({ stream, decider, steps }));
  }

  /** What `loadScript` loads. */
  plan(): { readonly streams: readonly StreamScript[]; readonly streamCount: number } {
    const streams = this.streams;
    return { streams, streamCount: streams.length };
  }

  get commands(): number {
    let total = 0;
    for (const { steps } of this.byStream.values()) total += steps.length;
    return total;
  }
}
