/**
 * The formula language of the Kennzahlenkatalog.
 *
 * Formulas are data (strings in the catalogue), so that a Kreis can add an indicator without code
 * changes. The grammar is deliberately small: numbers, references to catalogue entries, + - * /,
 * parentheses, and a period reference after an id: `bevoelkerung(t-5)`.
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := NUMBER | ID [ '(' 't' [ '-' INTEGER ] ')' ] | '(' expr ')'
 *
 * A hand-written parser (about 150 lines) is used instead of an expression library because the
 * grammar is tiny and the error messages must be German and point at the exact column.
 *
 * Limits (a catalogue comes from a PUT request): at most MAX_FORMULA_LENGTH characters, at most
 * MAX_FORMULA_NESTING parentheses and signs inside each other (the parser and every walk of the tree
 * recurse), numbers finite and at most MAX_FORMULA_NUMBER, period offsets at most t-MAX_PERIOD_OFFSET.
 */
import { clipText, deNumber } from '../types';

export const MAX_FORMULA_LENGTH = 1000;
export const MAX_FORMULA_NESTING = 50;
/** largest number a formula may contain (a factor of 1e9 already turns persons into nanopersons) */
export const MAX_FORMULA_NUMBER = 1e9;
/** furthest period back a formula may refer to: t-30, a generation */
export const MAX_PERIOD_OFFSET = 30;

export type FormulaNode =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'ref'; id: string; offset: number; explicitPeriod: boolean; pos: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode; pos: number }
  | { kind: 'negate'; operand: FormulaNode; pos: number };

export class FormulaSyntaxError extends Error {
  constructor(
    readonly formula: string,
    /** 0-based character position of the problem */
    readonly position: number,
    readonly detail: string,
  ) {
    super(`${detail} (Zeichen ${position + 1} in „${clipText(formula)}“)`);
    this.name = 'FormulaSyntaxError';
  }
}

type Token =
  | { type: 'number'; value: number; pos: number }
  | { type: 'id'; value: string; pos: number }
  | { type: 'op'; value: '+' | '-' | '*' | '/' | '(' | ')'; pos: number }
  | { type: 'end'; pos: number };

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  // sticky patterns read at position i without copying the rest of the formula each time
  const NUMBER = /[0-9]+(\.[0-9]+)?/y;
  const ID = /[A-Za-z_][A-Za-z0-9_]*/y;
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(formula)!;
      const value = Number(m[0]);
      if (!(value <= MAX_FORMULA_NUMBER)) {
        throw new FormulaSyntaxError(formula, i, `Die Zahl „${clipText(m[0], 20)}“ ist zu groß; erlaubt sind Zahlen bis ${deNumber(MAX_FORMULA_NUMBER)}`);
      }
      tokens.push({ type: 'number', value, pos: i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      ID.lastIndex = i;
      const m = ID.exec(formula)!;
      tokens.push({ type: 'id', value: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if ('+-*/()'.includes(ch)) {
      tokens.push({ type: 'op', value: ch as '+', pos: i });
      i++;
      continue;
    }
    throw new FormulaSyntaxError(formula, i, `Unerlaubtes Zeichen „${ch}“`);
  }
  tokens.push({ type: 'end', pos: formula.length });
  return tokens;
}

/** Parses a formula string into a syntax tree; throws FormulaSyntaxError with the column. */
export function parseFormula(formula: string): FormulaNode {
  if (formula.trim() === '') throw new FormulaSyntaxError(formula, 0, 'Die Formel ist leer');
  if (formula.length > MAX_FORMULA_LENGTH) {
    throw new FormulaSyntaxError(formula, MAX_FORMULA_LENGTH, `Die Formel ist mit ${deNumber(formula.length)} Zeichen zu lang; erlaubt sind höchstens ${MAX_FORMULA_LENGTH}`);
  }
  const tokens = tokenize(formula);
  let k = 0;
  /** parentheses and signs open around the current position: each is one level of recursion */
  let nesting = 0;
  const enter = (t: Token): void => {
    if (++nesting > MAX_FORMULA_NESTING) {
      throw new FormulaSyntaxError(formula, t.pos, `Die Formel ist zu tief verschachtelt: mehr als ${MAX_FORMULA_NESTING} Klammern oder Vorzeichen ineinander`);
    }
  };
  const peek = (): Token => tokens[k]!;
  const next = (): Token => tokens[k++]!;
  const isOp = (t: Token, v: string): t is Extract<Token, { type: 'op' }> => t.type === 'op' && t.value === v;
  const describe = (t: Token): string =>
    t.type === 'end' ? 'das Formelende' : `„${t.type === 'number' ? t.value : clipText(t.value, 40)}“`;

  function expr(): FormulaNode {
    let left = term();
    for (let t = peek(); isOp(t, '+') || isOp(t, '-'); t = peek()) {
      next();
      left = { kind: 'binary', op: t.value as '+' | '-', left, right: term(), pos: t.pos };
    }
    return left;
  }
  function term(): FormulaNode {
    let left = unary();
    for (let t = peek(); isOp(t, '*') || isOp(t, '/'); t = peek()) {
      next();
      left = { kind: 'binary', op: t.value as '*' | '/', left, right: unary(), pos: t.pos };
    }
    return left;
  }
  function unary(): FormulaNode {
    const t = peek();
    if (isOp(t, '-')) {
      next();
      enter(t);
      const operand = unary();
      nesting--;
      return { kind: 'negate', operand, pos: t.pos };
    }
    return primary();
  }
  function primary(): FormulaNode {
    const t = next();
    if (t.type === 'number') return { kind: 'number', value: t.value, pos: t.pos };
    if (t.type === 'id') {
      if (!isOp(peek(), '(')) return { kind: 'ref', id: t.value, offset: 0, explicitPeriod: false, pos: t.pos };
      next();
      const tt = next();
      if (tt.type !== 'id' || tt.value !== 't') {
        throw new FormulaSyntaxError(
          formula,
          tt.pos,
          `Periodenangabe nach „${t.value}“ muss „(t)“ oder „(t-N)“ lauten, gefunden ${describe(tt)}`,
        );
      }
      let offset = 0;
      if (isOp(peek(), '-')) {
        next();
        const n = next();
        if (n.type !== 'number' || !Number.isInteger(n.value) || n.value <= 0) {
          throw new FormulaSyntaxError(formula, n.pos, `Nach „t-“ wird eine ganze Zahl von Jahren erwartet, gefunden ${describe(n)}`);
        }
        if (n.value > MAX_PERIOD_OFFSET) {
          throw new FormulaSyntaxError(formula, n.pos, `„t-${n.value}“ liegt zu weit zurück; erlaubt sind höchstens ${MAX_PERIOD_OFFSET} Jahre (t-${MAX_PERIOD_OFFSET})`);
        }
        offset = -n.value;
      } else if (isOp(peek(), '+')) {
        throw new FormulaSyntaxError(formula, peek().pos, 'Eine Formel darf nicht auf künftige Perioden (t+N) verweisen');
      }
      const close = next();
      if (!isOp(close, ')')) {
        throw new FormulaSyntaxError(formula, close.pos, `„)“ erwartet, gefunden ${describe(close)}`);
      }
      return { kind: 'ref', id: t.value, offset, explicitPeriod: true, pos: t.pos };
    }
    if (isOp(t, '(')) {
      enter(t);
      const inner = expr();
      nesting--;
      const close = next();
      if (!isOp(close, ')')) throw new FormulaSyntaxError(formula, close.pos, `„)“ erwartet, gefunden ${describe(close)}`);
      return inner;
    }
    throw new FormulaSyntaxError(formula, t.pos, `Zahl, Kennung oder „(“ erwartet, gefunden ${describe(t)}`);
  }

  const tree = expr();
  const rest = peek();
  if (rest.type !== 'end') throw new FormulaSyntaxError(formula, rest.pos, `Unerwartet: ${describe(rest)}`);
  return tree;
}

/** All references in a syntax tree, in reading order. */
export function formulaRefs(node: FormulaNode): Extract<FormulaNode, { kind: 'ref' }>[] {
  switch (node.kind) {
    case 'number':
      return [];
    case 'ref':
      return [node];
    case 'negate':
      return formulaRefs(node.operand);
    case 'binary':
      return [...formulaRefs(node.left), ...formulaRefs(node.right)];
  }
}

/**
 * A linear combination of base variables at period offsets: Σ coefficient · merkmal(t+offset) + constant.
 * Every count expression of the catalogue (Hilfsgrößen, numerators, denominators, consistency
 * relations) is reduced to this form at load time, so evaluation is a dot product of integers.
 */
export interface LinearTerm {
  merkmal: string;
  /** 0 = the period itself, -5 = five periods earlier */
  offset: number;
  coefficient: number;
}
export interface LinearExpression {
  terms: LinearTerm[];
  constant: number;
}

export const termKey = (merkmal: string, offset: number): string => (offset === 0 ? merkmal : `${merkmal}(t${offset})`);

/** Canonical form: one term per (merkmal, offset), zero coefficients dropped, stable order. */
export function normalizeLinear(terms: LinearTerm[], constant: number): LinearExpression {
  const byKey = new Map<string, LinearTerm>();
  for (const t of terms) {
    const key = termKey(t.merkmal, t.offset);
    const prev = byKey.get(key);
    byKey.set(key, { ...t, coefficient: (prev?.coefficient ?? 0) + t.coefficient });
  }
  return { terms: [...byKey.values()].filter((t) => t.coefficient !== 0), constant };
}

export function scaleLinear(e: LinearExpression, factor: number): LinearExpression {
  return normalizeLinear(
    e.terms.map((t) => ({ ...t, coefficient: t.coefficient * factor })),
    e.constant * factor,
  );
}

export function addLinear(a: LinearExpression, b: LinearExpression, sign: 1 | -1 = 1): LinearExpression {
  return normalizeLinear([...a.terms, ...scaleLinear(b, sign).terms], a.constant + sign * b.constant);
}

/** Renders a linear expression for messages, e.g. `bev_0_2 + bev_3_5 + 2·hh_2p`. */
export function formatLinear(e: LinearExpression): string {
  // One minus sign throughout (U+2212, as in print); the first term carries its sign without a blank.
  const parts: string[] = [];
  const push = (negative: boolean, body: string): void => {
    parts.push(parts.length === 0 ? `${negative ? '−' : ''}${body}` : `${negative ? '−' : '+'} ${body}`);
  };
  for (const t of e.terms) {
    const abs = Math.abs(t.coefficient);
    push(t.coefficient < 0, `${abs === 1 ? '' : `${abs}·`}${termKey(t.merkmal, t.offset)}`);
  }
  if (e.constant !== 0 || parts.length === 0) push(e.constant < 0, String(Math.abs(e.constant)));
  return parts.join(' ');
}
