// JSON.parse with an error that names the position (line and column) but never echoes the text:
// V8's messages quote a snippet of the input ("Unexpected token 'r', "root:x:0:0"... is not
// valid JSON"), which would leak the first bytes of whatever file a scenario points at. On a
// parse failure a small scanner finds the offset of the first character that cannot continue
// valid JSON (RFC 8259: literals, numbers, strings with their escapes, nested arrays and
// objects, kept on an explicit stack so deep nesting cannot overflow the call stack).
// Invariants: the message holds only the position and a fixed description; the scanner runs
// only after JSON.parse has failed, so it never decides what is valid.

import { ScenarioError } from './errors.ts';

/** The parsed value; a ScenarioError naming `file` and the position of the first syntax error. */
export function parseJsonText(file: string, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const where = offset >= text.length ? 'unexpected end of input' : `at line ${lineColumn(text, offset)}`;
    throw new ScenarioError(file, [{ path: '', message: `the ${what} is not valid JSON: syntax error ${where}` }]);
  }
}

/** "L, column C" (both from 1; the column counts UTF-16 code units) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `${line}, column ${offset - start + 1}`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';

/** Offset of the first character where `text` stops being (a prefix of) valid JSON; text.length when it ends too early; -1 when it is valid. */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  let i = 0;
  const stack: string[] = [];
  const skipWhitespace = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  /** A string at i; false with i at the offending character. */
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = 2; k < 6; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              return false;
            }
          }
          i += 6;
        } else if (e !== undefined && ESCAPES.includes(e)) i += 2;
        else {
          i++;
          return false;
        }
      } else i++;
    }
    return false;
  };
  /** A property name and its colon, at i. */
  const key = (): boolean => {
    skipWhitespace();
    if (!string()) return false;
    skipWhitespace();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };
  let expectValue = true;
  for (;;) {
    skipWhitespace();
    if (expectValue) {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        skipWhitespace();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expectValue = false;
        } else if (c === '{' && !key()) return i;
        continue;
      }
      if (c === '"') {
        if (!string()) return i;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (m === null || m[0] === '' || m[0] === '-') return i + (m?.[0].length ?? 0);
        i += m[0].length;
      }
      expectValue = false;
      continue;
    }
    if (stack.length === 0) return i < n ? i : -1;
    const open = stack[stack.length - 1];
    if (text[i] === ',') {
      i++;
      if (open === '{' && !key()) return i;
      expectValue = true;
    } else if (text[i] === (open === '{' ? '}' : ']')) {
      stack.pop();
      i++;
    } else return i;
  }
}
