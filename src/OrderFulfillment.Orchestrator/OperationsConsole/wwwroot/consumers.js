// Consumers view: lag per service, topic and partition; a partition whose commits are held back says why.
import { api, h, table, seconds, time, orderLink, problemBox } from './api.js';
import { poll } from './poll.js';

const isOrderId = key => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key ?? '');

function held(p) {
  const o = p.oldestPending;
  if (!o) return '–';
  return h('div', { class: 'held' },
    h('strong', {}, `⏸ held back at offset ${o.offset}: `),
    isOrderId(o.key) ? orderLink(o.key) : h('span', { class: 'mono' }, o.key ?? 'no key'),
    ` pending ${seconds(o.ageSeconds)}, ${o.attempts} attempt${o.attempts === 1 ? '' : 's'}`,
    o.lastErrorType
      ? h('div', {}, `last error: ${o.lastErrorType}: ${o.lastErrorMessage ?? ''}`)
      : h('div', { class: 'muted' },
        o.attempts === 0 ? 'waiting behind an earlier record of its key' : 'running, no error yet'));
}

function service(s) {
  const heading = h('h3', {}, `${s.service}${s.reachable ? '' : ' (unreachable)'}`);
  if (!s.reachable) {
    return h('section', { 'data-service': s.service }, heading,
      h('p', { class: 'error' }, `Not reachable: ${s.error ?? 'no answer'}.`));
  }
  const partitions = [...s.partitions]
    .sort((a, b) => (b.oldestPending ? 1 : 0) - (a.oldestPending ? 1 : 0) || b.lag - a.lag);
  return h('section', { 'data-service': s.service }, heading,
    h('p', { class: 'muted' }, `Reported by ${s.instance ?? '?'} at ${time(s.at)}; ` +
      `partitions owned by other replicas of ${s.service} are not shown.`),
    table(`${s.service}: partitions held back first, then by lag`, [
      { title: 'Group', value: p => p.groupId },
      { title: 'Topic', value: p => p.topic },
      { title: 'Partition', value: p => p.partition, num: true },
      { title: 'Committed', value: p => p.committedOffset ?? '–', num: true },
      { title: 'Position', value: p => p.position ?? '–', num: true },
      { title: 'High watermark', value: p => p.highWatermark ?? '–', num: true },
      { title: 'Lag', value: p => p.lag ?? '–', num: true },
      { title: 'Pending', value: p => p.pending, num: true },
      { title: 'Held back by', value: held },
    ], partitions, p => ({ 'data-topic': p.topic, 'data-partition': p.partition })));
}

export function render(main, params, signal) {
  const body = h('div', { id: 'consumers' });
  main.append(h('h2', {}, 'Consumers'), body);
  poll(signal, 5000, async () => {
    try {
      const status = await api('/operations/consumers');
      if (!signal.aborted) body.replaceChildren(...status.services.map(service));
    } catch (error) {
      body.replaceChildren(problemBox(error));
      throw error;
    }
  }, main);
}
