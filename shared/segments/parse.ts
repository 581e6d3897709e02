import type { Literal, Rule, RuleIssue } from './ast';

type Token = { type: 'word' | 'string' | 'number' | 'op' | 'punct' | 'end'; text: string; at: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'contains', 'is', 'empty', 'between', 'within', 'last', 'next', 'days', 'top', 'bottom', 'by', 'true', 'false', 'yes', 'no']);

function tokenize(source: string): Token[] | RuleIssue {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (ch === '"' || ch === "'") {
      let text = '';
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === '\\' && i + 1 < source.length) i++;
        text += source[i];
        i++;
      }
      if (i >= source.length) return { code: 'syntax', at, message: 'a quoted value is not closed' };
      i++;
      tokens.push({ type: 'string', text, at });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (['!=', '<=', '>=', '<>'].includes(two)) {
      tokens.push({ type: 'op', text: two === '<>' ? '!=' : two, at });
      i += 2;
      continue;
    }
    if ('=<>'.includes(ch)) {
      tokens.push({ type: 'op', text: ch, at });
      i++;
      continue;
    }
    if ('(),%'.includes(ch)) {
      tokens.push({ type: 'punct', text: ch, at });
      i++;
      continue;
    }
    const date = /^\d{4}-\d{2}-\d{2}/.exec(source.slice(i));
    if (date) {
      tokens.push({ type: 'string', text: date[0], at });
      i += date[0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(source.slice(i));
    if (num) {
      tokens.push({ type: 'number', text: num[0], at });
      i += num[0].length;
      continue;
    }
    const word = /^[\p{L}_][\p{L}\p{N}_.]*/u.exec(source.slice(i));
    if (word) {
      tokens.push({ type: 'word', text: word[0], at });
      i += word[0].length;
      continue;
    }
    return { code: 'syntax', at, message: `unexpected character "${ch}"` };
  }
  tokens.push({ type: 'end', text: '', at: source.length });
  return tokens;
}

/** Carries a syntax issue out of the recursive descent. */
class RuleSyntaxError extends Error {
  constructor(readonly issue: RuleIssue) {
    super(issue.message);
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Rule {
    const rule = this.or();
    const next = this.peek();
    if (next.type !== 'end') throw this.error(next, `unexpected "${next.text}"`);
    return rule;
  }

  private peek(): Token {
    return this.tokens[this.pos] ?? { type: 'end', text: '', at: 0 };
  }

  private take(): Token {
    const token = this.peek();
    this.pos++;
    return token;
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.type === 'word' && t.text.toLowerCase() === word;
  }

  private expectWord(word: string): void {
    if (!this.isWord(word)) throw this.error(this.peek(), `expected "${word}"`);
    this.pos++;
  }

  private expectPunct(p: string): void {
    const t = this.peek();
    if (t.type !== 'punct' || t.text !== p) throw this.error(t, `expected "${p}"`);
    this.pos++;
  }

  private error(token: Token, message: string): RuleSyntaxError {
    return new RuleSyntaxError({ code: 'syntax', at: token.at, message: token.type === 'end' ? `${message} at the end of the rule` : message });
  }

  private or(): Rule {
    let left = this.and();
    while (this.isWord('or')) {
      this.pos++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Rule {
    let left = this.unary();
    while (this.isWord('and')) {
      this.pos++;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Rule {
    if (this.isWord('not')) {
      this.pos++;
      return { kind: 'not', rule: this.unary() };
    }
    const t = this.peek();
    if (t.type === 'punct' && t.text === '(') {
      this.pos++;
      const inner = this.or();
      this.expectPunct(')');
      return inner;
    }
    if (this.isWord('top') || this.isWord('bottom')) return this.top();
    return this.condition();
  }

  private top(): Rule {
    const bottom = this.take().text.toLowerCase() === 'bottom';
    const n = this.take();
    if (n.type !== 'number' || Number(n.text) <= 0 || Number(n.text) > 100) throw this.error(n, 'expected a percentage between 0 and 100');
    this.expectPunct('%');
    this.expectWord('by');
    const column = this.column();
    return { kind: 'top', percent: Number(n.text), column, bottom };
  }

  private column(): string {
    const t = this.take();
    if (t.type === 'word' && !KEYWORDS.has(t.text.toLowerCase())) return t.text;
    if (t.type === 'string') return t.text;
    throw this.error(t, 'expected a column name');
  }

  private literal(): Literal {
    const t = this.take();
    if (t.type === 'string') return t.text;
    if (t.type === 'number') return Number(t.text);
    if (t.type === 'word') {
      const w = t.text.toLowerCase();
      if (w === 'true' || w === 'yes') return true;
      if (w === 'false' || w === 'no') return false;
      return t.text;
    }
    throw this.error(t, 'expected a value');
  }

  private condition(): Rule {
    const column = this.column();
    const t = this.peek();
    if (t.type === 'op') {
      this.pos++;
      return { kind: 'compare', column, op: t.text as '=', value: this.literal() };
    }
    if (this.isWord('not')) {
      this.pos++;
      if (this.isWord('in')) return { kind: 'not', rule: this.inList(column) };
      if (this.isWord('contains')) return { kind: 'not', rule: this.contains(column) };
      throw this.error(this.peek(), 'expected "in" or "contains" after "not"');
    }
    if (this.isWord('in')) return this.inList(column);
    if (this.isWord('contains')) return this.contains(column);
    if (this.isWord('is')) {
      this.pos++;
      const negated = this.isWord('not');
      if (negated) this.pos++;
      this.expectWord('empty');
      return { kind: 'empty', column, negated };
    }
    if (this.isWord('between')) {
      this.pos++;
      const low = this.literal();
      this.expectWord('and');
      return { kind: 'between', column, low, high: this.literal() };
    }
    if (this.isWord('within')) {
      this.pos++;
      const direction = this.isWord('next') ? 'next' : 'last';
      if (this.isWord('last') || this.isWord('next')) this.pos++;
      const n = this.take();
      if (n.type !== 'number' || Number(n.text) < 0) throw this.error(n, 'expected a number of days');
      this.expectWord('days');
      return { kind: 'within', column, days: Number(n.text), direction };
    }
    throw this.error(t, `expected a comparison after "${column}"`);
  }

  private inList(column: string): Rule {
    this.expectWord('in');
    this.expectPunct('(');
    const values: Literal[] = [this.literal()];
    while (this.peek().type === 'punct' && this.peek().text === ',') {
      this.pos++;
      values.push(this.literal());
    }
    this.expectPunct(')');
    return { kind: 'in', column, values };
  }

  private contains(column: string): Rule {
    this.expectWord('contains');
    return { kind: 'contains', column, value: String(this.literal()) };
  }
}

/** Parses a rule such as `region in ("Gauteng", "KZN") and revenue >= 1000 and not tags contains "vip"`. */
export function parseRule(source: string): { ok: true; rule: Rule } | { ok: false; issues: RuleIssue[] } {
  if (source.trim() === '') return { ok: false, issues: [{ code: 'syntax', at: 0, message: 'the rule is empty' }] };
  const tokens = tokenize(source);
  if (!Array.isArray(tokens)) return { ok: false, issues: [tokens] };
  try {
    return { ok: true, rule: new Parser(tokens).parse() };
  } catch (error) {
    if (error instanceof RuleSyntaxError) return { ok: false, issues: [error.issue] };
    throw error;
  }
}
