// Saga view: the state graph with live figures, the same figures as a table, and the orders past their dwell limit.
import { api, h, table, seconds, time, orderLink, problemBox } from './api.js';
import { drawGraph } from './graph.js';
import { poll } from './poll.js';

let selected = null;

const breachingColumns = [
  { title: 'Order', value: o => orderLink(o.orderId) },
  { title: 'Tenant', value: o => o.tenantId },
  { title: 'State', value: o => o.state },
  { title: 'In state for', value: o => seconds(o.inStateSeconds), num: true },
  { title: 'Limit', value: o => seconds(o.limitSeconds), num: true },
  { title: 'Entered', value: o => time(o.stateEnteredAt) },
  { title: 'Deadline', value: o => time(o.deadlineAt) },
];

export function render(main, params, signal) {
  const graph = h('div', { class: 'graph', id: 'saga-graph' });
  const figures = h('div', { id: 'saga-figures' });
  const stateDetail = h('section', { id: 'state-detail', 'aria-live': 'polite' });
  const breaching = h('div', { id: 'breaching' });
  const asOf = h('p', { class: 'muted' });
  main.append(h('h2', {}, 'Saga'), asOf, graph, stateDetail, h('h2', {}, 'States'), figures,
    h('h2', {}, 'Orders past their dwell limit'), breaching);

  let overview = null;
  const select = name => { selected = name; draw(); showState(); };
  const draw = () => {
    const focused = document.activeElement?.getAttribute?.('data-state');
    graph.replaceChildren(drawGraph(overview, selected, select));
    if (focused) graph.querySelector(`[data-state="${CSS.escape(focused)}"]`)?.focus();
  };

  async function showState() {
    const state = overview?.states.find(s => s.name === selected);
    if (!state) { stateDetail.replaceChildren(); return; }
    const heading = h('h2', {}, `State ${state.name}`);
    const accepts = h('p', {}, 'Acts on: ', state.accepts.length ? state.accepts.join(', ') : 'nothing');
    if (state.dwellLimitSeconds == null) {
      stateDetail.replaceChildren(heading, accepts, h('p', {},
        `${state.orders ?? 0} orders. No dwell limit is set for ${state.name} `,
        `(Operations:DwellLimits:${state.name}), so its orders are counted, not listed. ` +
        'Open an order by id in the Order view.'));
      return;
    }
    try {
      const page = await api(`/operations/orders/breaching?state=${encodeURIComponent(state.name)}&limit=50`);
      const caption = `Orders in ${state.name} for longer than ${seconds(state.dwellLimitSeconds)}`;
      stateDetail.replaceChildren(heading, accepts,
        table(caption, breachingColumns, page.orders, o => ({ 'data-order': o.orderId })));
    } catch (error) {
      stateDetail.replaceChildren(heading, problemBox(error));
    }
  }

  poll(signal, 3000, async () => {
    overview = await api('/operations/saga');
    if (signal.aborted) return;
    asOf.textContent = 'Counts of waiting states are live (every few seconds); '
      + `times over the last ${seconds(overview.dwellWindowSeconds)}, `
      + `computed ${time(overview.asOf)}. Click a state for its waiting orders past the limit.`;
    draw();
    figures.replaceChildren(table('Orders, time in state (stays ended in the window) and dwell limits per state', [
      { title: 'State', value: s => s.name },
      { title: 'Kind', value: s => s.kind },
      { title: 'Orders', value: s => s.orders ?? '–', num: true },
      { title: 'p50', value: s => seconds(s.dwellP50Seconds), num: true },
      { title: 'p95', value: s => seconds(s.dwellP95Seconds), num: true },
      { title: 'Stays', value: s => s.dwellSamples, num: true },
      { title: 'Limit', value: s => seconds(s.dwellLimitSeconds), num: true },
      {
        title: 'Breaching',
        value: s => s.breaching == null ? '–' : (s.breaching > 0 ? `⚠ ${s.breaching}` : '0'),
        num: true,
      },
    ], overview.states, s => ({ 'data-state': s.name })));
    const page = await api('/operations/orders/breaching?limit=50');
    breaching.replaceChildren(table('Longest in their state first (first 50)', breachingColumns, page.orders,
      o => ({ 'data-order': o.orderId })));
    if (selected) await showState();
  }, main);
}
