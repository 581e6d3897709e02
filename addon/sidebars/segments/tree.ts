import type { SegmentColumn, SegmentColumnKind } from '../../../shared/api';
import type { BuilderCondition, BuilderGroup, BuilderNode, BuilderOp } from '../../../shared/segments';
import { el } from '../lib/dom';

/** The operators offered for each kind of column. */
const OPS: Record<SegmentColumnKind, readonly BuilderOp[]> = {
  text: ['=', '!=', 'in', 'not in', 'contains', 'not contains', 'is empty', 'is not empty'],
  number: ['=', '!=', '<', '<=', '>', '>=', 'between', 'top %', 'bottom %', 'is empty', 'is not empty'],
  date: ['=', '<', '<=', '>', '>=', 'between', 'within last', 'within next', 'is empty', 'is not empty'],
  'yes/no': ['=', '!=', 'is empty', 'is not empty'],
};

const OP_LABELS: Partial<Record<BuilderOp, string>> = {
  '=': 'is',
  '!=': 'is not',
  in: 'is one of',
  'not in': 'is none of',
  'within last': 'in the last (days)',
  'within next': 'in the next (days)',
  'top %': 'in the top %',
  'bottom %': 'in the bottom %',
};

/** What the tree view needs from the page: the columns, and a call after every change. */
export interface TreeContext {
  columns: readonly SegmentColumn[];
  changed: () => void;
}

function columnOf(ctx: TreeContext, name: string): SegmentColumn | undefined {
  return ctx.columns.find((c) => c.name === name);
}

/** A new condition on a useful first column, with its most frequent value. */
export function newCondition(ctx: TreeContext): BuilderCondition {
  const column = columnOf(ctx, 'region') ?? ctx.columns[0];
  return { kind: 'condition', column: column?.name ?? '', op: '=', value: column?.values[0] ?? '', value2: '' };
}

function select(label: string, options: readonly { value: string; text: string }[], value: string, onChange: (v: string) => void): HTMLSelectElement {
  const s = el('select', { attrs: { 'aria-label': label } }, options.map((o) => el('option', { text: o.text, attrs: { value: o.value } })));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

let listIds = 0;

function valueInput(label: string, column: SegmentColumn | undefined, value: string, onInput: (v: string) => void): HTMLElement {
  const input = el('input', { attrs: { type: column?.kind === 'date' ? 'text' : 'text', 'aria-label': label, placeholder: column?.kind === 'date' ? 'YYYY-MM-DD' : column?.kind === 'number' && column.min !== null ? `${column.min} … ${column.max}` : '' } });
  input.value = value;
  input.addEventListener('input', () => onInput(input.value));
  if (!column || column.values.length === 0) return input;
  // The values that exist in the column, offered as the person types (a datalist keeps typing free).
  const id = `values-${++listIds}`;
  input.setAttribute('list', id);
  return el('span', { class: 'values' }, [input, el('datalist', { attrs: { id } }, column.values.map((v) => el('option', { attrs: { value: v } })))]);
}

function conditionView(ctx: TreeContext, c: BuilderCondition, remove: () => void, redraw: () => void): HTMLElement {
  const column = columnOf(ctx, c.column);
  const ops = OPS[column?.kind ?? 'text'];
  const columnSelect = select(
    'Column',
    [...(column ? [] : [{ value: c.column, text: c.column }]), ...ctx.columns.map((col) => ({ value: col.name, text: col.label }))],
    c.column,
    (v) => {
      c.column = v;
      const next = columnOf(ctx, v);
      if (!OPS[next?.kind ?? 'text'].includes(c.op)) c.op = '=';
      c.value = next?.values[0] ?? '';
      redraw();
      ctx.changed();
    },
  );
  const opSelect = select('Operator', (ops.includes(c.op) ? ops : [c.op, ...ops]).map((op) => ({ value: op, text: OP_LABELS[op] ?? op })), c.op, (v) => {
    c.op = v as BuilderOp;
    redraw();
    ctx.changed();
  });
  const needsValue = c.op !== 'is empty' && c.op !== 'is not empty';
  const value = needsValue
    ? el('span', { class: 'values' }, [
        valueInput('Value', column, c.value, (v) => {
          c.value = v;
          ctx.changed();
        }),
        c.op === 'between'
          ? valueInput('Up to', column, c.value2, (v) => {
              c.value2 = v;
              ctx.changed();
            })
          : null,
      ])
    : el('span');
  const removeButton = el('button', { class: 'link', text: '×', attrs: { type: 'button', 'aria-label': 'Remove condition', title: 'Remove condition' } });
  removeButton.addEventListener('click', remove);
  return el('div', { class: 'condition' }, [columnSelect, opSelect, value, removeButton]);
}

/** Draws a group and everything in it; every click changes the tree and calls ctx.changed. */
export function groupView(ctx: TreeContext, g: BuilderGroup, redraw: () => void, remove?: () => void): HTMLElement {
  const join = select('Match', [{ value: 'and', text: 'all of' }, { value: 'or', text: 'any of' }], g.join, (v) => {
    g.join = v as 'and' | 'or';
    redraw();
    ctx.changed();
  });
  const negate = el('input', { attrs: { type: 'checkbox', 'aria-label': 'Not' } });
  negate.checked = g.negated;
  negate.addEventListener('change', () => {
    g.negated = negate.checked;
    redraw();
    ctx.changed();
  });
  const addCondition = el('button', { class: 'secondary', text: '+ condition', attrs: { type: 'button' } });
  addCondition.addEventListener('click', () => {
    g.children.push(newCondition(ctx));
    redraw();
    ctx.changed();
  });
  const addGroup = el('button', { class: 'secondary', text: '+ group', attrs: { type: 'button' } });
  addGroup.addEventListener('click', () => {
    g.children.push({ kind: 'group', join: g.join === 'and' ? 'or' : 'and', negated: false, children: [newCondition(ctx), newCondition(ctx)] });
    redraw();
    ctx.changed();
  });
  const removeButton = remove ? el('button', { class: 'link', text: 'remove group', attrs: { type: 'button' } }) : null;
  removeButton?.addEventListener('click', remove!);
  const children = g.children.map((child: BuilderNode, i) => {
    const drop = (): void => {
      g.children.splice(i, 1);
      redraw();
      ctx.changed();
    };
    return child.kind === 'group' ? groupView(ctx, child, redraw, drop) : conditionView(ctx, child, drop, redraw);
  });
  return el('div', { class: `group ${g.join}${g.negated ? ' negated' : ''}` }, [
    el('div', { class: 'group-head' }, [el('label', {}, [negate, ' not']), 'Match', join, addCondition, addGroup, removeButton]),
    ...children,
  ]);
}
