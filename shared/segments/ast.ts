/** A parsed segment rule. */
export type Rule =
  | { kind: 'and' | 'or'; left: Rule; right: Rule }
  | { kind: 'not'; rule: Rule }
  | { kind: 'compare'; column: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal }
  | { kind: 'in'; column: string; values: Literal[] }
  | { kind: 'contains'; column: string; value: string }
  | { kind: 'empty'; column: string; negated: boolean }
  | { kind: 'between'; column: string; low: Literal; high: Literal }
  | { kind: 'within'; column: string; days: number; direction: 'last' | 'next' }
  | { kind: 'top'; percent: number; column: string; bottom: boolean };

export type Literal = string | number | boolean;

/** A problem with a rule: where it is (0-based character offset) and what is wrong. */
export interface RuleIssue {
  code: 'syntax' | 'unknown_column' | 'bad_value';
  at: number;
  message: string;
}
