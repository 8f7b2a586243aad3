/**
 * Free text an operator types (shipping details, names): characters that must never be stored, sent or printed,
 * and how to show any text on a terminal without letting it act on the terminal.
 *
 * Refused in one-line fields: C0 controls (U+0000–U+001F, ESC among them, so no escape sequence), DEL, C1
 * controls (U+0080–U+009F, which some terminals also obey), the line and paragraph separators, and the Unicode
 * bidirectional controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) that make text read
 * differently from what it is ("Trojan Source").
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const refused = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** The first refused character of `value` as `U+XXXX`, or null. */
export function findControlCharacter(value: string): string | null {
  const m = refused.exec(value);
  return m ? codePointName(m[0]) : null;
}

function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export type FreeTextProblem = { kind: 'controlCharacter'; char: string } | { kind: 'tooLong'; length: number; max: number };

/** What is wrong with a one-line free-text value limited to `max` characters, or null. */
export function checkFreeText(value: string, max: number): FreeTextProblem | null {
  const char = findControlCharacter(value);
  if (char) return { kind: 'controlCharacter', char };
  // UTF-16 code units, as the contract's schemas (zod's max) count them, so both sides agree on every value.
  return value.length > max ? { kind: 'tooLong', length: value.length, max } : null;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const unsafeForTerminal = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * `text` with every character a terminal would act on (escape sequences, carriage return, backspace, bell, C1,
 * bidi overrides) written out as a visible `\u{1b}`-style escape; tabs and line breaks stay. For anything printed
 * that may hold what someone else typed or named: values, file names, messages from Azure.
 */
export function terminalSafe(text: string): string {
  return text.replace(unsafeForTerminal, (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`);
}

const unsafeInJson = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * `JSON.stringify(value, null, indent)` that is also safe on a terminal: JSON.stringify escapes C0 controls but
 * writes C1 controls and bidi overrides as they are; these become `\uXXXX` too (still the same JSON).
 */
export function jsonForTerminal(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(unsafeInJson, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
