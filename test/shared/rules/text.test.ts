/** Free text: control characters and bidi overrides refused, lengths bounded, and anything printed made harmless for a terminal. */

import { describe, expect, it } from 'vitest';
import { checkFreeText, findControlCharacter, jsonForTerminal, terminalSafe } from '../../../src/shared/rules/text';

describe('findControlCharacter', () => {
  it.each([
    ['ESC of an escape sequence', 'Contoso\u001b[2J', 'U+001B'],
    ['NUL', 'a\u0000b', 'U+0000'],
    ['a line break in a one-line field', 'line\nbreak', 'U+000A'],
    ['a tab', 'a\tb', 'U+0009'],
    ['DEL', 'a\u007f', 'U+007F'],
    ['C1 CSI', 'a\u009b31m', 'U+009B'],
    ['a right-to-left override', 'invoice\u202efdp.exe', 'U+202E'],
    ['a first-strong isolate', 'a\u2068b', 'U+2068'],
    ['the Arabic letter mark', 'a\u061cb', 'U+061C'],
    ['a line separator', 'a\u2028b', 'U+2028'],
  ])('finds %s', (_what, value, char) => {
    expect(findControlCharacter(value)).toBe(char);
  });

  it('accepts letters of every script, accents and emoji', () => {
    for (const v of ['Zoë Müller-Ñúñez', '東京都千代田区', 'Αθήνα', 'שלום', 'Straße 5 🚚', 'O’Brien & Co. (HQ) #2']) expect(findControlCharacter(v)).toBeNull();
  });
});

describe('checkFreeText', () => {
  it('refuses a value over the limit and says how long it is', () => {
    expect(checkFreeText('x'.repeat(100_000), 200)).toEqual({ kind: 'tooLong', length: 100_000, max: 200 });
    expect(checkFreeText('x'.repeat(200), 200)).toBeNull();
  });

  it('reports a control character before the length', () => {
    expect(checkFreeText('\u001b'.repeat(300), 200)).toEqual({ kind: 'controlCharacter', char: 'U+001B' });
  });
});

describe('terminalSafe', () => {
  it('shows escape sequences, carriage returns and bidi overrides as text, keeping tabs and line breaks', () => {
    const out = terminalSafe('a\u001b[31mred\r\tb\n\u202ec\u009b2J\u0007');
    expect(out).toBe('a\\u{1b}[31mred\\u{d}\tb\n\\u{202e}c\\u{9b}2J\\u{7}');
    // eslint-disable-next-line no-control-regex -- the check itself
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});

describe('jsonForTerminal', () => {
  it('is the same JSON, with C1 controls and bidi overrides escaped', () => {
    const value = { name: 'x\u009b31m\u202eok\u001b', n: 1 };
    const text = jsonForTerminal(value, 2);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(text).toContain('\\u009b');
  });
});
