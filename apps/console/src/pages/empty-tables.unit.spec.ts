/// <reference types="jest" />
/// <reference types="node" />
/**
 * Every table of the pages says, when it is empty, what it lacks in words of its own (« Aucun rapport pour
 * l’instant. », « Aucun indicateur mesuré pour l’instant. »), never the generic « Aucun élément. ».
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The `<DataTable … />` elements of a source, each with its caption and its props' text. */
function dataTables(source: string): { readonly caption: string; readonly props: string }[] {
  const found: { caption: string; props: string }[] = [];
  for (let at = source.indexOf('<DataTable'); at >= 0; at = source.indexOf('<DataTable', at + 1)) {
    let depth = 0;
    let end = at;
    for (; end < source.length; end++) {
      const c = source[end];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (depth === 0 && source.startsWith('/>', end)) break;
    }
    const props = source.slice(at, end);
    found.push({ caption: /caption=("[^"]*"|\{[^\n]*\})/.exec(props)?.[1] ?? '?', props });
  }
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
}

describe('the pages’ empty tables', () => {
  it('each say what they lack, not « Aucun élément. »', () => {
    const tables = sources(__dirname).flatMap((file) => dataTables(readFileSync(file, 'utf8')).map((t) => ({ file, ...t })));
    expect(tables.length).toBeGreaterThan(15);
    const generic = tables.filter((t) => !/\bempty=/.test(t.props)).map((t) => `${t.file.slice(__dirname.length + 1)} ${t.caption}`);
    expect(generic).toEqual([]);
    const reports = tables.find((t) => t.caption.startsWith('{`Rapports ('));
    expect(reports?.props).toContain('empty="Aucun rapport pour l’instant."');
    expect(tables.find((t) => t.caption === '"Indicateurs"')?.props).toContain('empty="Aucun indicateur mesuré pour l’instant."');
    expect(tables.find((t) => t.caption === '"Partenariats du territoire"')?.props).toContain('empty="Aucun partenariat sur ce territoire pour l’instant."');
  });
});
