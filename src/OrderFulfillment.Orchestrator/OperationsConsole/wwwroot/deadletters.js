// Dead letters view: filters, groups (replayable as a whole), the list, and one dead letter opened with its actions.
import { api, h, table, time, orderLink, problemBox, okBox, formValues } from './api.js';

const filterFields =
  ['service', 'tenant', 'messageType', 'sourceTopic', 'reason', 'exception', 'from', 'to', 'status', 'orderId'];
let filters = { status: 'open' };

const query = values => new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString();

function filterForm(onApply) {
  const field = (name, label, input) =>
    h('label', {}, label, input ?? h('input', { name, value: filters[name] ?? '', size: 14 }));
  const select = (name, options) => h('select', { name },
    options.map(o => h('option', { value: o, selected: (filters[name] ?? '') === o }, o || 'any')));
  const apply = e => { e.preventDefault(); filters = formValues(form); onApply(); };
  const form = h('form', { class: 'inline', id: 'dead-letter-filters', onsubmit: apply },
    h('fieldset', {}, h('legend', {}, 'Filters'),
      field('service', 'Service'), field('tenant', 'Tenant'), field('messageType', 'Message type'),
      field('sourceTopic', 'Source topic'),
      field('reason', 'Reason', select('reason', ['', 'invalid', 'undeserializable', 'faulted', 'skipped'])),
      field('exception', 'Exception'), field('orderId', 'Order id'),
      field('from', 'From (ISO time)'), field('to', 'To (ISO time)'),
      field('status', 'Status', select('status', ['', 'open', 'replayed', 'discarded'])),
      h('button', { type: 'submit' }, 'Apply')));
  return form;
}

function noteForm(label, onSubmit, extra = null) {
  const result = h('div', { 'aria-live': 'polite' });
  const submit = async e => {
    e.preventDefault();
    try {
      result.replaceChildren(okBox(await onSubmit(formValues(form))));
    } catch (error) {
      result.replaceChildren(problemBox(error));
    }
  };
  const form = h('form', { class: 'inline', 'data-action': label.toLowerCase().replaceAll(' ', '-'), onsubmit: submit },
    h('fieldset', {}, h('legend', {}, label), extra,
      h('label', {}, 'Note (why, required)', h('textarea', { name: 'note', rows: 2, required: true })),
      h('button', { type: 'submit' }, label)));
  return h('div', {}, form, result);
}

function actionDone(action) {
  if (!action) return 'none yet';
  return `${action.status} by ${action.by} at ${time(action.at)}: ${action.note}${action.edited ? ' (edited)' : ''}`;
}

function parseEdited(text) {
  try {
    return JSON.parse(text ?? '');
  } catch (error) {
    throw Object.assign(new Error(`The body is not JSON: ${error.message}`), { status: 'page' });
  }
}

function detail(view, reload) {
  const s = view.summary ?? view;
  const body = view.body == null ? null : JSON.stringify(view.body, null, 2);
  const replay = view.replay ?? { allowed: false, reason: '' };
  const source = `${s.sourceTopic} [${view.sourcePartition ?? '?'}] @ ${view.sourceOffset ?? '?'} ` +
    `(${view.consumerGroup ?? s.service ?? '?'})`;
  const error = `${s.reason}${s.field ? ` (${s.field})` : ''}: ${s.exceptionType ?? ''} ${s.exceptionMessage ?? ''}`;
  return h('section', { id: 'dead-letter-detail' },
    h('h2', {}, `Dead letter ${s.id}: ${s.messageType} (${s.status})`),
    h('dl', {},
      h('dt', {}, 'Order'), h('dd', {}, orderLink(s.orderId)),
      h('dt', {}, 'Source'), h('dd', {}, source),
      h('dt', {}, 'Lies at'), h('dd', {}, `${view.topic} [${view.partition}] @ ${view.offset}`),
      h('dt', {}, 'Message id'), h('dd', { class: 'mono' }, view.messageId ?? '–'),
      h('dt', {}, 'Error'), h('dd', {}, error),
      h('dt', {}, 'Dead-lettered'), h('dd', {}, time(s.deadLetteredAt)),
      h('dt', {}, 'Action'), h('dd', {}, actionDone(s.action)),
      h('dt', {}, 'Replay now'),
      h('dd', { 'data-field': 'replay-verdict' }, `${replay.allowed ? 'allowed' : 'refused'}: ${replay.reason}`)),
    h('h3', {}, 'Headers'),
    table('Every header, DeadLetter-* included', [
      { title: 'Name', value: x => x.name },
      { title: 'Value', value: x => h('span', { class: 'mono' }, x.value ?? x.base64 ?? '') },
    ], view.headers ?? []),
    h('h3', {}, 'Body'),
    body
      ? h('pre', {}, body)
      : h('div', {}, h('p', {}, `Unreadable: ${view.bodyError ?? 'no body'}`), h('pre', {}, view.value?.preview ?? '')),
    h('h3', {}, 'Actions'),
    noteForm('Replay', async values => {
      const replayed =
        await api(`/operations/dead-letters/${s.id}/replay`, { method: 'POST', body: { note: values.note } });
      reload(s.id);
      return `Replayed to ${(replayed.summary ?? replayed).sourceTopic}.`;
    }),
    noteForm('Edit and replay', async values => {
      const edited = parseEdited(values.body);
      await api(`/operations/dead-letters/${s.id}/replay`,
        { method: 'POST', body: { note: values.note, body: edited } });
      reload(s.id);
      return 'Edited body checked against the schema and replayed.';
    }, h('label', {}, 'Body (JSON)', h('textarea', { name: 'body', rows: 8, cols: 60 }, body ?? ''))),
    noteForm('Discard', async values => {
      await api(`/operations/dead-letters/${s.id}/discard`, { method: 'POST', body: { note: values.note } });
      reload(s.id);
      return 'Discarded.';
    }));
}

function replayedGroup(result) {
  const refused = result.refused.length ? ': ' + result.refused.map(r => `#${r.id} ${r.reason}`).join('; ') : '';
  return `Matched ${result.matched}, replayed ${result.replayed.length}, refused ${result.refused.length}`
    + `${refused}${result.more ? ' (more remain: replay again)' : ''}.`;
}

export function render(main) {
  const groups = h('div', { id: 'dead-letter-groups' });
  const list = h('div', { id: 'dead-letter-list' });
  const opened = h('div');
  const open = async id => {
    try {
      opened.replaceChildren(detail(await api(`/operations/dead-letters/${id}`), open));
    } catch (error) {
      opened.replaceChildren(problemBox(error));
    }
    opened.querySelector('h2')?.scrollIntoView();
  };
  const showGroup = g => {
    filters = { ...filters, reason: g.reason, messageType: g.messageType, sourceTopic: g.sourceTopic };
    main.replaceChildren();
    render(main);
  };
  const replayGroup = g => noteForm('Replay group', async values => {
    const { status, orderId, ...groupFilters } = filters;
    const group = { reason: g.reason, messageType: g.messageType, sourceTopic: g.sourceTopic };
    const result = await api('/operations/dead-letters/replay',
      { method: 'POST', body: { ...groupFilters, ...group, note: values.note } });
    load();
    return replayedGroup(result);
  });
  const load = async () => {
    const q = query(filters);
    try {
      const [grouped, page] = await Promise.all(
        [api(`/operations/dead-letters/groups?${q}`), api(`/operations/dead-letters?${q}&limit=100`)]);
      groups.replaceChildren(table('By reason, message type and source topic, largest first', [
        { title: 'Reason', value: g => g.reason },
        { title: 'Message type', value: g => g.messageType },
        { title: 'Source topic', value: g => g.sourceTopic },
        { title: 'Count', value: g => g.count, num: true },
        { title: 'Open', value: g => g.open, num: true },
        { title: 'First', value: g => time(g.first) },
        { title: 'Last', value: g => time(g.last) },
        { title: 'Group', value: g => [
          h('button', { type: 'button', onclick: () => showGroup(g) }, 'Show'),
          replayGroup(g)] },
      ], grouped.groups));
      const openButton = d => h('button',
        { type: 'button', onclick: () => open(d.id), 'aria-label': `Open dead letter ${d.id}` }, `Open #${d.id}`);
      list.replaceChildren(table(`Newest first${page.next ? ' (first 100)' : ''}`, [
        { title: 'Id', value: openButton },
        { title: 'Status', value: d => d.status },
        { title: 'Service', value: d => d.service ?? '–' },
        { title: 'Message type', value: d => d.messageType },
        { title: 'Order', value: d => orderLink(d.orderId) },
        { title: 'Tenant', value: d => d.tenantId ?? '–' },
        { title: 'Reason', value: d => d.reason },
        { title: 'Exception', value: d => `${d.exceptionType ?? ''} ${d.exceptionMessage ?? ''}` },
        { title: 'When', value: d => time(d.deadLetteredAt) },
      ], page.items, d => ({ 'data-dead-letter': d.id, 'data-order': d.orderId ?? '' })));
    } catch (error) {
      list.replaceChildren(problemBox(error));
    }
  };
  main.append(h('h2', {}, 'Dead letters'), filterForm(load), h('h2', {}, 'Groups'), groups, h('h2', {}, 'List'),
    h('button', { type: 'button', onclick: load }, 'Refresh'), list, opened);
  load();
}
