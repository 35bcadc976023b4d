// Repeats a refresh every few seconds while its view is shown; a failed refresh is shown, and retried next time.
import { h } from './api.js';

export function poll(signal, intervalMs, refresh, statusHost) {
  const status = h('p', { class: 'muted', 'data-poll-status': '' });
  statusHost.append(status);
  let timer = null;
  const tick = async () => {
    try {
      await refresh();
      status.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${intervalMs / 1000} s.`;
    } catch (error) {
      status.textContent = `Refresh failed: ${error.message}. Retrying.`;
    }
    if (!signal.aborted) timer = setTimeout(tick, intervalMs);
  };
  signal.addEventListener('abort', () => clearTimeout(timer));
  tick();
}
