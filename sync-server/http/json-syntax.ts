/**
 * A JSON syntax error described in German by line and column (and what was found there) instead of
 * the parser's English text, which also differs between Node versions and often names no position.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/**
 * Offset of the first character that cannot continue valid JSON (text.length when the text ends
 * too early), or -1 when the text is valid. A loop with an explicit stack, not recursion, so that a
 * deeply nested body cannot overflow the call stack; linear in the length of the text.
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const stack: ('{' | '[')[] = [];
  let i = 0;
  type State = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after';
  let state: State = 'value';
  const string = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c < ' ') return false;
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) i += 2;
        else {
          i++;
          return false;
        }
      } else i++;
    }
    return false;
  };
  for (;;) {
    while (i < n && WHITESPACE.has(text[i]!)) i++;
    const c = text[i];
    if (state === 'after') {
      const top = stack[stack.length - 1];
      if (top === undefined) return i >= n ? -1 : i;
      if (c === ',') state = top === '{' ? 'key' : 'value';
      else if ((c === '}' && top === '{') || (c === ']' && top === '[')) stack.pop();
      else return i;
      i++;
      continue;
    }
    if (c === undefined) return n;
    if (state === 'colon') {
      if (c !== ':') return i;
      i++;
      state = 'value';
    } else if (state === 'key' || state === 'keyOrClose') {
      if (c === '}' && state === 'keyOrClose') {
        stack.pop();
        i++;
        state = 'after';
      } else if (c === '"') {
        if (!string()) return i;
        state = 'colon';
      } else return i;
    } else if (c === ']' && state === 'valueOrClose') {
      stack.pop();
      i++;
      state = 'after';
    } else if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      state = c === '{' ? 'keyOrClose' : 'valueOrClose';
    } else if (c === '"') {
      if (!string()) return i;
      state = 'after';
    } else {
      NUMBER.lastIndex = i;
      const literal = ['true', 'false', 'null'].find((l) => text.startsWith(l, i));
      if (literal) i += literal.length;
      else if (NUMBER.test(text)) i = NUMBER.lastIndex;
      else return i;
      state = 'after';
    }
  }
}

/** "Zeile 3, Spalte 9" of an offset (lines and columns counted from 1, as editors show them). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The German description of a JSON syntax error in `text`, naming where it is and what was found. */
export function jsonSyntaxMessage(text: string | undefined): string {
  const tail = 'Bitte Klammern, Anführungszeichen und Kommas prüfen; es wurde nichts gespeichert.';
  if (typeof text !== 'string') return `Der gesendete Inhalt ist kein gültiges JSON. ${tail}`;
  const offset = jsonErrorOffset(text);
  // valid JSON refused by the body parser's strict mode: a bare string, number, true/false/null
  if (offset < 0) return `Der gesendete Inhalt ist ein einzelner JSON-Wert; erwartet wird ein JSON-Objekt ({ … }). Es wurde nichts gespeichert.`;
  const { line, column } = lineColumn(text, offset);
  if (offset >= text.length) {
    return `Der gesendete Inhalt ist kein gültiges JSON: Er endet vorzeitig (Zeile ${line}, Spalte ${column}); es fehlt z. B. eine schließende Klammer oder ein Anführungszeichen. ${tail}`;
  }
  const code = text.codePointAt(offset)!;
  const shown = code < 0x20 || code === 0x7f ? `Steuerzeichen U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `„${String.fromCodePoint(code)}“`;
  return `Der gesendete Inhalt ist kein gültiges JSON: unerwartetes Zeichen ${shown} in Zeile ${line}, Spalte ${column} (Zeichen ${offset + 1}). ${tail}`;
}
