// The console's shell: takes the operator token, routes #/view/... to a view, and stops a view's polling when it is
// left.
import { token, h } from './api.js';
import * as saga from './saga.js';
import * as order from './order.js';
import * as consumers from './consumers.js';
import * as deadLetters from './deadletters.js';
import * as reconciliation from './reconciliation.js';

const views = { saga, order, consumers, 'dead-letters': deadLetters, reconciliation };
const main = document.getElementById('view');
const form = document.getElementById('token-form');
const forget = document.getElementById('forget-token');
let current = null;

// A token given in the URL fragment (never sent to the server) is kept for this tab and removed from the address bar.
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.has('token')) {
  token.set(fragment.get('token'));
  history.replaceState(null, '', location.pathname + location.search + '#/saga');
}

function askForToken(message) {
  current?.abort();
  form.hidden = false;
  forget.hidden = true;
  main.replaceChildren(h('p', {}, message));
  document.getElementById('token-input').focus();
}

form.addEventListener('submit', event => {
  event.preventDefault();
  token.set(document.getElementById('token-input').value);
  form.reset();
  route();
});
forget.addEventListener('click', () => { token.clear(); askForToken('Token forgotten.'); });
document.addEventListener('token-refused', () => {
  token.clear();
  askForToken('The token was refused (expired or invalid): give another.');
});

function route() {
  current?.abort();
  if (!token.get()) { askForToken('The console needs an operator token.'); return; }
  form.hidden = true;
  forget.hidden = false;
  const [name, ...params] = (location.hash.replace(/^#\/?/, '') || 'saga').split('/');
  const view = views[name] ?? saga;
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', link.getAttribute('href') === `#/${name}`);
    if (link.getAttribute('href') === `#/${name}`) link.setAttribute('aria-current', 'page');
  }
  current = new AbortController();
  main.replaceChildren();
  view.render(main, params.map(decodeURIComponent), current.signal);
}

window.addEventListener('hashchange', route);
route();
