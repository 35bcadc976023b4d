// The operations API as the page uses it, and small DOM helpers. Every call carries the operator's bearer token.
const tokenKey = 'orderfulfillment.operatorToken';

export const token = {
  get: () => sessionStorage.getItem(tokenKey),
  set: value => sessionStorage.setItem(tokenKey, value.trim()),
  clear: () => sessionStorage.removeItem(tokenKey),
};

/** A refused or failed call, carrying the problem details the API answered. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Authorization: `Bearer ${token.get() ?? ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status === 401) document.dispatchEvent(new CustomEvent('token-refused'));
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** Creates an element; attributes starting with "on" are listeners; children are nodes or text (never HTML). */
export function h(tag, attributes = {}, ...children) {
  const element = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function table(caption, columns, rows, rowAttributes = () => ({})) {
  return h('table', {},
    h('caption', { class: 'muted' }, caption),
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c.title)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { colspan: columns.length }, 'None.'))
      : rows.map(row => h('tr', rowAttributes(row),
        columns.map(c => h('td', { class: c.num ? 'num' : null }, c.value(row)))))));
}

/** A problem as the page shows it: the reason in words, and each field's errors. */
export function problemBox(error) {
  const problem = error.problem ?? {};
  const fields = Object.entries(problem.errors ?? {})
    .map(([field, messages]) => h('li', {}, `${field}: ${messages.join(' ')}`));
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, `Refused (${error.status ?? 'error'}${problem.title ? ': ' + problem.title : ''}). `),
    h('span', { class: 'reason' }, error.message), fields.length ? h('ul', {}, fields) : null);
}

export function okBox(text) {
  return h('div', { class: 'ok', role: 'status' }, text);
}

export const seconds = value => {
  if (value === null || value === undefined) return '–';
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 120) return `${value.toFixed(1)} s`;
  if (value < 7200) return `${(value / 60).toFixed(1)} min`;
  return `${(value / 3600).toFixed(1)} h`;
};

export const time = value => value ? new Date(value).toLocaleString() : '–';

export const orderLink = id => id ? h('a', { href: `#/order/${id}`, class: 'mono' }, id) : '–';

/** Reads a form's fields as an object of trimmed strings, leaving out empty ones. */
export function formValues(form) {
  return Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v !== ''));
}
