// Reconciliation view: the job's last run and its rules, and the orders whose saga and ledgers disagree.
import { api, h, table, time, orderLink, problemBox } from './api.js';
import { poll } from './poll.js';

const ledgerLine = l => `${l.service}: ${l.status ?? 'no record'}`
  + (l.units != null ? `, ${l.units} units` : '')
  + (l.amountUsd != null ? `, ${l.amountUsd} USD` : '')
  + (l.trackingNumber ? `, ${l.trackingNumber}` : '');
const ledgers = list => h('ul', {}, (list ?? []).map(l => h('li', {}, ledgerLine(l))));

export function render(main, params, signal) {
  const summary = h('div', { id: 'reconciliation-summary' });
  const mismatches = h('div', { id: 'mismatches' });
  let status = 'open';
  const choose = h('label', {}, 'Show', h('select', { onchange: e => { status = e.target.value; } },
    ['open', 'resolved', 'all'].map(s => h('option', { value: s }, s))));
  main.append(h('h2', {}, 'Reconciliation'), summary, h('h2', {}, 'Mismatches'), choose, mismatches);
  poll(signal, 10000, async () => {
    try {
      const [run, page] = await Promise.all([
        api('/operations/reconciliation'),
        api(`/operations/reconciliation/mismatches?status=${status}&limit=100`)]);
      if (signal.aborted) return;
      summary.replaceChildren(
        h('p', {}, `Last run ${time(run.lastRunAt)} checked ${run.lastRunOrders} orders `
          + `(${run.ordersChecked} in all, finished up to ${time(run.checkedUpTo)}); `
          + `every ${run.interval}, orders settled for ${run.settleTime}. Open mismatches: ${run.open}.`),
        run.lastError ? h('p', { class: 'error' }, `Last error at ${time(run.lastErrorAt)}: ${run.lastError}`) : null,
        table('Rules', [
          { title: 'Rule', value: r => r.rule },
          { title: 'Means', value: r => r.description },
          { title: 'Open', value: r => r.open, num: true },
        ], run.rules));
      mismatches.replaceChildren(table(`Oldest first${page.next ? ' (first 100)' : ''}`, [
        { title: 'Order', value: m => orderLink(m.orderId) },
        { title: 'Tenant', value: m => m.tenantId },
        { title: 'Rule', value: m => m.rule },
        { title: 'Outcome', value: m => `${m.outcome}${m.cancellationReason ? ` (${m.cancellationReason})` : ''}` },
        { title: 'Detail', value: m => m.detail },
        { title: 'Ledgers', value: m => ledgers(m.ledgers) },
        { title: 'First seen', value: m => time(m.firstSeenAt) },
        { title: 'Resolved', value: m => m.resolvedAt ? time(m.resolvedAt) : 'open' },
      ], page.items, m => ({ 'data-order': m.orderId })));
    } catch (error) {
      mismatches.replaceChildren(problemBox(error));
      throw error;
    }
  }, main);
}
