import type { Redaction } from '../store';
import { checkedRedactions, redactJson, redactString, searchText, searchTexts } from './redact-json';

const exact = (value: string, replacement = '[effacé]'): Redaction => ({ value, match: 'exact', replacement });
const within = (value: string, replacement = '[effacé]'): Redaction => ({ value, match: 'within', replacement });

describe('redactString', () => {
  it('exact: replaces the whole string only when it equals the value', () => {
    expect(redactString('Zoé Martin', [exact('Zoé Martin')])).toBe('[effacé]');
    expect(redactString('Vu avec Zoé Martin', [exact('Zoé Martin')])).toBe('Vu avec Zoé Martin');
    expect(redactString('zoé martin', [exact('Zoé Martin')])).toBe('zoé martin');
  });

  it('within: replaces every occurrence, case-sensitively, with no pattern characters', () => {
    expect(redactString('Zoé et Zoé, pas zoé', [within('Zoé')])).toBe('[effacé] et [effacé], pas zoé');
    expect(redactString('100% _réel_ / 100x _réel_ / 100% réel', [within('100% _réel_', '∅')])).toBe('∅ / 100x _réel_ / 100% réel');
    expect(redactString('a.b axb a*b', [within('a.b', '-'), within('a*b', '+')])).toBe('- axb +');
  });

  it('applies the redactions in order, each to the result of the previous one', () => {
    expect(redactString('Zoé Martin', [exact('Zoé Martin', 'X'), within('Zoé', 'Y')])).toBe('X');
    expect(redactString('Zoé Martin', [within('Zoé', 'Y'), exact('Zoé Martin', 'X')])).toBe('Y Martin');
  });

  it('within: an occurrence the replacement builds with its neighbours is replaced too', () => {
    expect(redactString('aaa', [within('aa', 'a')])).toBe('a');
    expect(redactString('aaaa', [within('aa', 'b')])).toBe('bb');
  });
});

describe('redactJson', () => {
  const redactions = [exact('Zoé Martin'), within('Zoé')];

  it('rewrites strings at any depth, leaves keys, numbers, booleans and null alone', () => {
    const doc = {
      name: 'Zoé Martin',
      'Zoé Martin': { Zoé: 'Zoé', n: 3, ok: true, none: null },
      list: ['Zoé Martin', 'Léa', ['chez Zoé']],
      summary: 'Atelier de Zoé Martin',
    };
    const snapshot = JSON.stringify(doc);
    const { value, changed } = redactJson(doc, redactions);
    expect(changed).toBe(true);
    expect(value).toEqual({
      name: '[effacé]',
      'Zoé Martin': { Zoé: '[effacé]', n: 3, ok: true, none: null },
      list: ['[effacé]', 'Léa', ['chez [effacé]']],
      summary: 'Atelier de [effacé] Martin',
    });
    expect(Object.keys(value)).toEqual(Object.keys(doc));
    expect(JSON.stringify(doc)).toBe(snapshot); // the input is left as it was
  });

  it('says unchanged, and gives the same object back, when nothing holds a value', () => {
    const doc = { name: 'Léa', list: [1, 'deux', null], nested: { 'Zoé Martin': 'clé seulement' } };
    const result = redactJson(doc, redactions);
    expect(result).toEqual({ value: doc, changed: false });
    expect(result.value).toBe(doc);
    expect(redactJson({ a: 1 }, [])).toEqual({ value: { a: 1 }, changed: false });
  });

  it('keeps unchanged branches as they are and shares them', () => {
    const untouched = { deep: ['x'] };
    const doc = { untouched, changed: ['Zoé'] };
    const { value } = redactJson(doc, redactions);
    expect(value.untouched).toBe(untouched);
    expect(value.changed).toEqual(['[effacé]']);
  });

  it('handles scalars at the top, and a "__proto__" key stays a plain key', () => {
    expect(redactJson('Zoé Martin', redactions)).toEqual({ value: '[effacé]', changed: true });
    expect(redactJson(42, redactions)).toEqual({ value: 42, changed: false });
    expect(redactJson(null, redactions)).toEqual({ value: null, changed: false });
    const doc = JSON.parse('{"__proto__": {"name": "Zoé Martin"}, "x": "Zoé"}') as Record<string, unknown>;
    const { value } = redactJson(doc, redactions);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"name":"[effacé]"},"x":"[effacé]"}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('matches special characters literally: quotes, backslashes, control characters, emoji, % and _', () => {
    const values = ['Zoé "Zozo" O\'Brien', 'C:\\dossier\\zoé', '100% _réel_', 'Zoé 🦊', 'ligne\tun\nligne deux'];
    for (const value of values) {
      const doc = { exact: value, inside: `avant ${value} après`, near: value.replace(/.$/u, '?') };
      const { value: out } = redactJson(doc, [exact(value, 'X'), within(value, 'Y')]);
      expect(out).toEqual({ exact: 'X', inside: 'avant Y après', near: doc.near });
    }
  });
});

describe('searchText', () => {
  it('is the value as it is written inside JSON text: quoted for exact, bare for within', () => {
    expect(searchText(exact('Zoé'))).toBe('"Zoé"');
    expect(searchText(within('Zoé'))).toBe('Zoé');
    expect(searchText(within('a "b" \\ c\n🦊'))).toBe('a \\"b\\" \\\\ c\\n🦊');
    expect(searchTexts([within('Zoé'), within('Zoé', 'autre'), exact('Zoé')])).toEqual(['Zoé', '"Zoé"']);
  });

  it('is found in the JSON text of every string holding the value (the JSON decides the rest)', () => {
    const values = ['Zoé', 'a "b"', 'c:\\d', '🦊 x', 'l1\nl2', '\u0001ctl', '%_'];
    for (const value of values) {
      const text = JSON.stringify({ k: [`before ${value} after`, value, { [value]: value }] });
      expect(text.includes(searchText(within(value)))).toBe(true);
      expect(text.includes(searchText(exact(value)))).toBe(true);
      expect(JSON.stringify({ k: `x${value}` }).includes(searchText(exact(value)))).toBe(false);
    }
  });
});

describe('checkedRedactions', () => {
  it('accepts well-formed redactions, an empty replacement included', () => {
    const ok = [exact('Zoé Martin'), within('Zoé', '')];
    expect(checkedRedactions(ok)).toBe(ok);
    expect(checkedRedactions([])).toEqual([]);
  });

  it('refuses an empty value, a lone surrogate, an unknown match, a replacement holding a value', () => {
    expect(() => checkedRedactions([exact('')])).toThrow(RangeError);
    expect(() => checkedRedactions([within('\uD83E')])).toThrow(RangeError);
    expect(() => checkedRedactions([within('x\uDD8A')])).toThrow(RangeError);
    expect(() => checkedRedactions([{ value: 'Zoé', match: 'partial' as 'exact', replacement: 'x' }])).toThrow(RangeError);
    expect(() => checkedRedactions([within('Zoé', 'ex-Zoé')])).toThrow(RangeError);
    expect(() => checkedRedactions([within('Zoé', '[effacé]'), exact('effacé', '?')])).toThrow(RangeError);
  });
});
