import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destinationOf, refuseReadOnly } from './output-file';

/** The decisions of `--out` that the int tier cannot show everywhere: what root may write, links to what has no path. */
describe('an --out destination', () => {
  let dir: string;
  beforeEach(() => (dir = realpathSync(mkdtempSync(join(tmpdir(), 'catalyse-out-unit-')))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses, exit 1, an existing file this process may not write to, and nothing else', () => {
    const file = join(dir, 'export.json');
    writeFileSync(file, 'kept\n');
    const refused = (): void => refuseReadOnly(file, 'export.json', () => false);
    expect(refused).toThrow('impossible d’écrire export.json : permission refusée (le fichier est en lecture seule)');
    try {
      refused();
    } catch (error) {
      expect(error).toMatchObject({ name: 'OpsRefusal', exitCode: 1 });
    }
    expect(() => refuseReadOnly(file, 'export.json', () => true)).not.toThrow();
    // A file not there yet is created, whatever access() says of it.
    expect(() => refuseReadOnly(join(dir, 'new.json'), 'new.json', () => false)).not.toThrow();
  });

  it('does not follow a link whose target names no path (`pipe:[…]`, `socket:[…]`, `anon_inode:…`)', () => {
    for (const target of ['pipe:[809488]', 'socket:[12]', 'anon_inode:[eventfd]']) {
      const link = join(dir, `fd-${target.slice(0, 4)}`);
      symlinkSync(target, link);
      expect(destinationOf(link)).toBe(link);
    }
    // A relative link to a file is followed, as `open` would.
    symlinkSync('pipe', join(dir, 'to-a-file'));
    expect(destinationOf(join(dir, 'to-a-file'))).toBe(join(dir, 'pipe'));
  });
});
