import { toCanvas } from 'qrcode';
import type { ApiIssue, LoyaltyOverview, LoyaltyTierView } from '../../../shared/api';
import type { MembershipCard } from '../../../shared/loyalty';
import { el, replaceChildren } from '../lib/dom';
import { createClient } from '../lib/server';

// The Loyalty sidebar: the Loyalty tab's tiers and discount ladder edited in place (the server checks the whole
// ladder and every refused value is shown under its field, nothing saved), members per tier, recent upgrades,
// and a printable membership card whose QR code the qrcode library draws here, in the browser.

const api = createClient();
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = byId<HTMLParagraphElement>('status');
const tiersBox = byId<HTMLDivElement>('tiers');
const membersTable = byId<HTMLTableElement>('members');
const upgradesList = byId<HTMLUListElement>('upgrades');
const cardIdBox = byId<HTMLInputElement>('card-id');
const cardError = byId<HTMLDivElement>('card-error');
const cardView = byId<HTMLDivElement>('card-view');
const qrCanvas = byId<HTMLCanvasElement>('card-qr');

/** The fields of a tier a person types, with their labels. */
const FIELDS = [
  ['tier', 'Tier'],
  ['min_spend_12m', 'Min. spend (12 months)'],
  ['min_orders_12m', 'Min. orders (12 months)'],
  ['discount_pct', 'Discount %'],
  ['perks', 'Perks'],
] as const;
type Field = (typeof FIELDS)[number][0];

/** One tier block on screen: its id ('' when added here) and its inputs and error lines by field. */
interface TierBlock {
  id: string;
  inputs: Record<Field, HTMLInputElement>;
  errors: Record<Field, HTMLDivElement>;
}

let blocks: TierBlock[] = [];
let currency = '';

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function valueText(value: number | string | null): string {
  return value === null ? '' : String(value);
}

function tierBlock(tier: Pick<LoyaltyTierView, 'id' | 'tier' | 'min_spend_12m' | 'min_orders_12m' | 'discount_pct' | 'perks'> & { members?: number }, index: number): { node: HTMLElement; block: TierBlock } {
  const inputs = {} as Record<Field, HTMLInputElement>;
  const errors = {} as Record<Field, HTMLDivElement>;
  const cells = FIELDS.map(([field, label]) => {
    const errorId = `tier-${index}-${field}-error`;
    const input = el('input', { attrs: { type: 'text', inputmode: field === 'tier' || field === 'perks' ? undefined : 'decimal', 'aria-describedby': errorId, 'data-field': field, maxlength: '5000' } });
    input.value = valueText(tier[field]);
    const error = el('div', { class: 'field-error', attrs: { id: errorId, role: 'alert' } });
    inputs[field] = input;
    errors[field] = error;
    const text = field === 'min_spend_12m' && currency ? `${label}, ${currency}` : label;
    return el('label', { class: field === 'perks' ? 'stack wide' : 'stack' }, [text, input, error]);
  });
  const members = tier.members === undefined ? 'New tier: saved with Save tiers.' : `${tier.members} active customer(s) hold this tier now.`;
  const node = el('fieldset', { class: 'tier', attrs: { 'data-tier-index': String(index) } }, [...cells, el('div', { class: 'tier-members', text: members })]);
  return { node, block: { id: tier.id, inputs, errors } };
}

function showTiers(tiers: readonly LoyaltyTierView[]): void {
  const built = tiers.map((t, i) => tierBlock(t, i));
  blocks = built.map((b) => b.block);
  replaceChildren(tiersBox, built.length > 0 ? built.map((b) => b.node) : [el('p', { class: 'hint', text: 'No tiers yet: add the first one.' })]);
}

function showMembers(view: LoyaltyOverview): void {
  const rows = [
    ...view.tiers.map((t) => [t.tier, t.members] as const),
    ...view.otherTiers.map((t) => [`${t.tier} (not on the ladder)`, t.members] as const),
    ['No tier', view.noTier] as const,
  ];
  replaceChildren(membersTable, [
    el('thead', {}, [el('tr', {}, [el('th', { text: 'Tier' }), el('th', { text: 'Customers' })])]),
    el('tbody', {}, [
      ...rows.map(([name, n]) => el('tr', {}, [el('td', { text: name }), el('td', { class: 'num', text: String(n) })])),
      el('tr', {}, [el('td', { text: 'With a membership number' }), el('td', { class: 'num', text: String(view.withNumber) })]),
    ]),
  ]);
}

function showUpgrades(view: LoyaltyOverview): void {
  if (view.upgrades.length === 0) {
    replaceChildren(upgradesList, [el('li', { class: 'hint', text: 'No upgrades yet: scoring dates each move up a tier.' })]);
    return;
  }
  replaceChildren(
    upgradesList,
    view.upgrades.map((u) => {
      const print = el('button', { class: 'link', text: 'Card', attrs: { type: 'button', 'aria-label': `Membership card of ${u.name}` } });
      print.disabled = u.membershipNo === '';
      print.addEventListener('click', () => void showCard(u.customerId));
      return el('li', {}, [el('span', { class: 'when', text: u.date }), el('span', { text: `${u.name} → ${u.tier}` }), print]);
    }),
  );
}

function showOverview(view: LoyaltyOverview): void {
  currency = view.currency;
  showTiers(view.tiers);
  showMembers(view);
  showUpgrades(view);
}

function clearErrors(): void {
  for (const b of blocks) {
    for (const [field] of FIELDS) {
      b.errors[field].textContent = '';
      b.inputs[field].removeAttribute('aria-invalid');
    }
  }
}

/** Puts each problem under its field (path tiers.INDEX.FIELD); the rest go to the status line. */
function showIssues(issues: readonly ApiIssue[]): void {
  const elsewhere: string[] = [];
  for (const issue of issues) {
    const [root, index, field] = issue.path;
    const block = root === 'tiers' && index !== undefined ? blocks[Number(index)] : undefined;
    if (block && field && field in block.errors) {
      const key = field as Field;
      block.errors[key].textContent = [block.errors[key].textContent, issue.message].filter(Boolean).join(' ');
      block.inputs[key].setAttribute('aria-invalid', 'true');
    } else elsewhere.push(issue.message);
  }
  say(`Nothing was saved: ${elsewhere.length > 0 ? elsewhere.join(' ') : 'correct the fields marked in red.'}`, true);
  // Show the first refused field with its reason; with none, the status line that holds the problem.
  const first = blocks.flatMap((b) => FIELDS.map(([field]) => b.inputs[field])).find((input) => input.getAttribute('aria-invalid') === 'true');
  if (first) first.focus();
  else status.scrollIntoView({ block: 'nearest' });
}

async function load(): Promise<void> {
  say('Loading…');
  const answer = await api.getLoyaltyOverview({});
  if (!answer.ok) {
    say(answer.issues.map((i) => i.message).join(' '), true);
    return;
  }
  showOverview(answer.value);
  say('');
}

async function save(): Promise<void> {
  clearErrors();
  const tiers = blocks.map((b) => ({ id: b.id, tier: b.inputs.tier.value, min_spend_12m: b.inputs.min_spend_12m.value, min_orders_12m: b.inputs.min_orders_12m.value, discount_pct: b.inputs.discount_pct.value, perks: b.inputs.perks.value }));
  say('Saving…');
  const answer = await api.saveLoyaltyTiers({ tiers });
  if (!answer.ok) {
    showIssues(answer.issues);
    return;
  }
  showOverview(answer.value.overview);
  const replaced = answer.value.replaced.length > 0 ? ` Replaced: ${answer.value.replaced.join('; ')}.` : '';
  say(answer.value.written > 0 ? `Saved to the Loyalty tab; the next scoring applies it.${replaced}` : 'Nothing had changed.');
  // The status line sits above the ladder, out of sight of the Save button a person just pressed.
  status.scrollIntoView({ block: 'nearest' });
}

function addTier(): void {
  const { node, block } = tierBlock({ id: '', tier: '', min_spend_12m: null, min_orders_12m: null, discount_pct: null, perks: '' }, blocks.length);
  if (blocks.length === 0) replaceChildren(tiersBox, []);
  blocks.push(block);
  tiersBox.append(node);
  block.inputs.tier.focus();
}

async function drawCard(card: MembershipCard): Promise<void> {
  byId('card-business').textContent = card.businessName || 'Membership card';
  byId('card-name').textContent = card.name;
  byId('card-tier').textContent = card.tier || 'Member';
  byId('card-number').textContent = card.membershipNo;
  // Quiet zone of 4 modules, as the QR standard asks, so a till scanner finds it on any background.
  await toCanvas(qrCanvas, card.membershipNo, { errorCorrectionLevel: 'M', margin: 4, width: 240 });
  // The library sizes the canvas inline in pixels; the stylesheet sizes it in millimetres for print instead.
  qrCanvas.style.removeProperty('width');
  qrCanvas.style.removeProperty('height');
  cardView.hidden = false;
  cardView.dataset.number = card.membershipNo;
}

async function showCard(id: string): Promise<void> {
  cardIdBox.value = id;
  cardError.textContent = '';
  cardIdBox.removeAttribute('aria-invalid');
  const answer = await api.getMembershipCard({ id: id.trim() });
  if (!answer.ok) {
    cardView.hidden = true;
    cardError.textContent = answer.issues.map((i) => i.message).join(' ');
    cardIdBox.setAttribute('aria-invalid', 'true');
    return;
  }
  await drawCard(answer.value);
}

function guard(work: () => Promise<void>): () => void {
  return () => {
    work().catch((error: unknown) => say(`Something went wrong: ${error instanceof Error ? error.message : String(error)}`, true));
  };
}

byId('add-tier').addEventListener('click', addTier);
byId('save-tiers').addEventListener('click', guard(save));
byId('show-card').addEventListener('click', guard(() => showCard(cardIdBox.value)));
cardIdBox.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') guard(() => showCard(cardIdBox.value))();
});
byId('print-card').addEventListener('click', () => window.print());
guard(async () => {
  await load();
  document.body.dataset.ready = 'true';
})();
