import type { ClientApi } from '../lib/server';
import { el, replaceChildren } from '../lib/dom';

// The Dashboard's segment picker: "Everyone" or one saved segment, whose members alone the dashboard is then
// computed over (getSegmentDashboard / buildSegmentDashboard). Names are set as text.

/** Fills the picker with the saved segments (keeping the choice when it still exists) and calls onChange on a change. */
export async function fillSegmentPicker(api: ClientApi, select: HTMLSelectElement, onChange: () => void): Promise<void> {
  // A picker that cannot be filled leaves the dashboard of everyone, which still loads.
  const result = await api.listSegments({}).catch(() => undefined);
  const names = result?.ok ? result.value.map((s) => s.name) : [];
  const chosen = select.value;
  replaceChildren(select, [el('option', { text: 'Everyone', attrs: { value: '' } }), ...names.map((n) => el('option', { text: n, attrs: { value: n } }))]);
  select.value = names.includes(chosen) ? chosen : '';
  select.disabled = names.length === 0;
  select.title = names.length === 0 ? 'Save a segment in "Segments and reports" to see its dashboard' : 'Show the dashboard of one segment\'s members';
  select.onchange = onChange;
}
