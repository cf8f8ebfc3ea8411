import { PassThrough, type Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Zip, ZipDeflate } from 'fflate';
import type { ReportFile, ReportFileInfo } from '@catalyse/reports';

/**
 * A report's kept files as one ZIP, streamed: each file is read from the store when its turn comes, deflated and
 * written out, the next one read once the client took what was sent (a batch of a territory keeps hundreds of
 * reports: they never sit in memory together). `read` answers `undefined` for a file deleted meanwhile (left out).
 *
 * The first file is read before the stream is given (the promise): a store failing then rejects it, and the api
 * answers its own error (5xx, `{code, message, requestId}`) before any byte. An error after that ends the stream with
 * it: the client sees a truncated archive, not a wrong one. The caller destroys the stream when its client goes away:
 * nothing more is read.
 */
export async function reportArchive(files: readonly ReportFileInfo[], read: (file: ReportFileInfo) => Promise<ReportFile | undefined>): Promise<Readable> {
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      out.destroy(error);
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  const names = new Set<string>();
  const add = (file: ReportFile): void => {
    const entry = new ZipDeflate(uniqueName(file.fileName, names), { level: 6 });
    zip.add(entry);
    entry.push(Buffer.from(file.content, 'utf8'), true);
  };
  const rest = [...files];
  for (let info = rest.shift(); info !== undefined; info = rest.shift()) {
    const file = await read(info);
    if (file) {
      add(file);
      break;
    }
  }
  void (async () => {
    for (const info of rest) {
      // A turn of the event loop between two files: a client reading as fast as the node writes never fills the
      // socket, and an embedded store answers without one, so a batch of 2,000 partnerships was one 4 s task
      // (every other request and the hub waited for it).
      await nextTurn();
      if (out.writableNeedDrain) await drainedOrClosed(out);
      if (out.destroyed) return;
      const file = await read(info);
      // Gone while the store answered: nothing more is written, nor read.
      if (out.destroyed) return;
      if (file) add(file);
    }
    zip.end();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/** A file's name in the archive: its own, or with `-2`, `-3`… before the extension when an earlier one took it. */
function uniqueName(fileName: string, taken: Set<string>): string {
  let name = fileName;
  const dot = fileName.lastIndexOf('.');
  const [base, extension] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot)] : [fileName, ''];
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}${extension}`;
  taken.add(name);
  return name;
}

/** Once the stream wants more, or is gone (its client left). */
function drainedOrClosed(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}
