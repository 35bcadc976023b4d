// Order view: where an order is and what it waits for, its journal as a timeline, and the operator's actions on it.
import { api, h, table, seconds, time, problemBox, okBox, formValues } from './api.js';
import { poll } from './poll.js';

const sent = messages => messages.length === 0 ? '–'
  : h('ul', {}, messages.map(m => h('li', {}, `${m.type} → ${m.topic} `, h('span', { class: 'mono' }, m.messageId))));

const stepColumns = [
  { title: 'Recorded', value: s => time(s.recordedAt) },
  { title: 'After', value: s => seconds(s.sincePreviousSeconds), num: true },
  { title: 'Event', value: s => [s.eventType, h('br'), h('span', { class: 'mono muted' }, s.messageId ?? '')] },
  { title: 'From → to', value: s => s.fromState === s.toState ? s.fromState : `${s.fromState} → ${s.toState}` },
  { title: 'Outcome', value: s => s.outcome },
  { title: 'Read from', value: s => s.topic ? `${s.topic} [${s.partition}] @ ${s.offset}` : '–' },
  { title: 'Sent', value: s => sent(s.sent) },
  { title: 'Trace', value: s => s.traceId ? h('span', { class: 'mono' }, s.traceId) : '–' },
  { title: 'Operator', value: s => s.actor ? `${s.actor}: ${s.note}` : '–' },
];

function summary(timeline) {
  const inState = timeline.stateEnteredAt ? (Date.now() - Date.parse(timeline.stateEnteredAt)) / 1000 : null;
  return h('dl', { id: 'order-summary' },
    h('dt', {}, 'State'), h('dd', { 'data-field': 'state' }, timeline.state),
    h('dt', {}, 'In it since'), h('dd', {}, `${time(timeline.stateEnteredAt)} (${seconds(inState)})`),
    h('dt', {}, 'Deadline'), h('dd', {}, time(timeline.deadlineAt)),
    h('dt', {}, 'Tenant'), h('dd', {}, timeline.tenantId),
    h('dt', {}, timeline.state === 'Completed' || timeline.state === 'Cancelled' ? 'Still compensates' : 'Waits for'),
    h('dd', { 'data-field': 'waits-for' }, timeline.waitsFor.length ? timeline.waitsFor.join(', ') : 'nothing'));
}

/** What an accepted action did: the command sent again, the new deadline, or nothing yet. */
function acceptedWhat(accepted) {
  if (accepted.command) return `${accepted.command.type} sent again as ${accepted.command.messageId}`;
  return accepted.deadlineAt ? `new deadline ${time(accepted.deadlineAt)}` : 'the saga takes it next';
}

function actionForm(orderId, action, title, extra, onDone) {
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline', 'data-action': action, onsubmit: async event => {
    event.preventDefault();
    const values = formValues(form);
    try {
      const accepted = await api(`/operations/orders/${orderId}/${action}`, { method: 'POST', body: values });
      result.replaceChildren(okBox(
        `Accepted in ${accepted.state}: ${acceptedWhat(accepted)}. Follow the timeline for the outcome.`));
      onDone();
    } catch (error) {
      result.replaceChildren(problemBox(error));
    }
  } },
  h('fieldset', {}, h('legend', {}, title), extra,
    h('label', {}, 'Note (why, required)', h('textarea', { name: 'note', rows: 2, required: true, maxlength: 1000 })),
    h('button', { type: 'submit' }, title)));
  return h('div', {}, form, result);
}

export function render(main, params, signal) {
  const orderId = params[0];
  const lookup = h('form', { class: 'inline', onsubmit: event => {
    event.preventDefault();
    location.hash = `#/order/${encodeURIComponent(formValues(lookup).orderId ?? '')}`;
  } }, h('label', {}, 'Order id', h('input', { name: 'orderId', size: 38, value: orderId ?? '', required: true })),
  h('button', { type: 'submit' }, 'Open'));
  main.append(h('h2', {}, 'Order'), lookup);
  if (!orderId) return;

  const head = h('div');
  const steps = h('div', { id: 'timeline' });
  let refresh = () => {};
  main.append(head,
    h('h2', {}, 'Actions'),
    h('p', { class: 'muted' }, 'Each action is asked of the state machine first; a refusal says why. ' +
      'Who (your token) and why (the note) are journalled.'),
    actionForm(orderId, 'retry', 'Retry the current step', null, () => refresh()),
    actionForm(orderId, 'extend-deadline', 'Extend the deadline',
      h('label', {}, 'By (hh:mm:ss)', h('input', { name: 'by', value: '00:30:00', required: true, size: 10 })),
      () => refresh()),
    actionForm(orderId, 'cancel', 'Cancel as operator', null, () => refresh()),
    h('h2', {}, 'Timeline'), steps);

  const load = async () => {
    try {
      const timeline = await api(`/operations/orders/${encodeURIComponent(orderId)}/timeline`);
      if (signal.aborted) return;
      head.replaceChildren(h('h3', {}, `Order ${timeline.orderId}`), summary(timeline));
      steps.replaceChildren(table('Every journal entry, oldest first', stepColumns, timeline.steps,
        s => ({ 'data-event': s.eventType })));
    } catch (error) {
      head.replaceChildren(problemBox(error));
      throw error;
    }
  };
  refresh = load;
  poll(signal, 3000, load, main);
}
