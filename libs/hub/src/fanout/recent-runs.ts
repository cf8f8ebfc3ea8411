import type { PacketType } from 'socket.io-parser';
import { type FeedEntry, type FeedPage, HUB_EVENTS, type RoomKey } from '@catalyse/protocol';
import type { HubServer, HubSocket } from '../gateway/hub-socket';

/** socket.io's packet type of an event (`socket.io-parser`). */
const EVENT: PacketType.EVENT = 2;

/** What socket.io's encoder makes of a packet: engine.io messages, written as they are to a connection. */
export type EncodedPacket = readonly (string | Buffer)[];

/** The `room:entries` packet of a page of `room`, with the server's encoder (as a broadcast is encoded: once). */
export function encodePage(io: HubServer, room: RoomKey, entries: readonly FeedEntry[]): EncodedPacket {
  const page: FeedPage = { room, entries };
  return io.encoder.encode({ type: EVENT, nsp: '/', data: [HUB_EVENTS.entries, page] }) as EncodedPacket;
}

/** engine.io's options of a message written to a connection. */
type SendOptions = NonNullable<Parameters<HubSocket['conn']['write']>[1]>;

/**
 * engine.io's send options, with the websocket frame of the message computed once: engine.io's websocket
 * transport writes it as it is (what socket.io's adapter does for a broadcast, `wsPreEncodedFrame`).
 */
interface PreEncoded extends SendOptions {
  readonly wsPreEncodedFrame?: readonly Buffer[];
}

/** A `room:entries` page, encoded once, down to its websocket frames. */
export interface EncodedPage {
  readonly count: number;
  readonly messages: readonly { readonly data: string | Buffer; readonly options?: PreEncoded }[];
}

interface Run {
  readonly entries?: Promise<readonly FeedEntry[]>;
  readonly page?: Promise<EncodedPage>;
}

/**
 * The runs of one room's feed read lately for joiners (join acks and catch-up pages), so that clients catching
 * up together — a storm of reconnections after an outage — read each run from the store once, and a page's
 * `room:entries` packet is encoded once and written to each of them, as socket.io does for a broadcast.
 *
 * At most `capacity` runs are kept, the least recently used dropped first: a catch-up holds at most that many
 * runs of this node's memory, whatever its length. Emptied when the feed is reset or redacted (`clear`).
 */
export class RecentRuns {
  private readonly runs = new Map<string, Run>();

  /**
   * @param read the entries `(after, upTo]` of `epoch`, contiguous (throws when the feed moved to another epoch)
   * @param encode the `room:entries` packet of a page
   */
  constructor(
    private readonly capacity: number,
    private readonly read: (epoch: number, after: number, upTo: number) => Promise<FeedEntry[]>,
    private readonly encode: (entries: readonly FeedEntry[]) => EncodedPacket,
  ) {}

  /** The entries `(after, upTo]` of `epoch` (a join ack's). */
  entries(epoch: number, after: number, upTo: number): Promise<readonly FeedEntry[]> {
    return this.cached(`e:${epoch}:${after}:${upTo}`, () => ({ entries: this.read(epoch, after, upTo) })).entries as Promise<readonly FeedEntry[]>;
  }

  /**
   * The `room:entries` page of the entries `(after, upTo]` of `epoch`, encoded (only the packet is kept, and
   * only when `keep`: a client catching up alone needs each page once).
   */
  page(epoch: number, after: number, upTo: number, keep: boolean): Promise<EncodedPage> {
    const make = async (): Promise<EncodedPage> => {
      const entries = await this.read(epoch, after, upTo);
      const messages = this.encode(entries).map((data) => (typeof data === 'string' ? { data, options: { wsPreEncodedFrame: textFrame(data) } } : { data }));
      return { count: entries.length, messages };
    };
    const key = `p:${epoch}:${after}:${upTo}`;
    if (!keep) return this.runs.get(key)?.page ?? make();
    return this.cached(key, () => ({ page: make() })).page as Promise<EncodedPage>;
  }

  clear(): void {
    this.runs.clear();
  }

  private cached(key: string, make: () => Run): Run {
    const found = this.runs.get(key);
    if (found) {
      // Most recently used last: the map's order is the eviction order.
      this.runs.delete(key);
      this.runs.set(key, found);
      return found;
    }
    const run = make();
    if (this.capacity === 0) return run;
    // A failed read is not kept: the next asker reads again.
    const forget = (): void => {
      if (this.runs.get(key) === run) this.runs.delete(key);
    };
    (run.entries ?? run.page)?.catch(forget);
    this.runs.set(key, run);
    for (const oldest of this.runs.keys()) {
      if (this.runs.size <= this.capacity) break;
      this.runs.delete(oldest);
    }
    return run;
  }
}

/**
 * Writes an encoded packet to a socket's connection (what socket.io does with a broadcast's packet, encoded
 * once for every socket); resolves once engine.io has written it out to the transport — over a websocket,
 * once the operating system took the bytes, which it stops doing while the client does not read — or when
 * the socket goes away. Awaiting it before the next page is the catch-up's backpressure.
 */
export function writeOut(socket: HubSocket, page: EncodedPage): Promise<void> {
  const { messages } = page;
  return new Promise((resolve) => {
    if (!socket.connected || messages.length === 0) {
      resolve();
      return;
    }
    const done = (): void => {
      socket.off('disconnect', done);
      resolve();
    };
    socket.once('disconnect', done);
    messages.forEach(({ data, options }, i) => socket.conn.write(data, options, i === messages.length - 1 ? done : undefined));
  });
}

/**
 * The websocket frame (RFC 6455: final, text, unmasked as a server's are) of engine.io's message packet
 * `4{data}`: header and payload, as `ws`'s `Sender.frame` gives them to socket.io's adapter.
 */
export function textFrame(data: string): readonly Buffer[] {
  const payload = Buffer.from(`4${data}`);
  const length = payload.length;
  const header = Buffer.alloc(length < 126 ? 2 : length < 65_536 ? 4 : 10);
  header[0] = 0x81;
  if (length < 126) header[1] = length;
  else if (length < 65_536) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return [header, payload];
}
