// Draws the saga's state graph as SVG from GET /operations/saga: states in columns by their distance from Initial
// along the machine's transitions, transitions as labelled arrows. Nothing here knows the saga's states by name.
import { h, seconds } from './api.js';

const width = 180, height = 84, columnGap = 120, rowGap = 36, margin = 24;

function columns(overview) {
  const depth = new Map([[overview.states.find(s => s.kind === 'initial')?.name ?? overview.states[0]?.name, 0]]);
  const queue = [...depth.keys()];
  while (queue.length) {
    const from = queue.shift();
    for (const t of overview.transitions.filter(t => t.from === from && !depth.has(t.to))) {
      depth.set(t.to, depth.get(from) + 1);
      queue.push(t.to);
    }
  }
  const last = Math.max(0, ...depth.values());
  const byColumn = [];
  for (const state of overview.states) {
    const column = depth.get(state.name) ?? last + 1;
    (byColumn[column] ??= []).push(state);
  }
  // Within a column, waiting states above final ones, so the outcomes line up at the bottom.
  return byColumn.map(c => (c ?? []).sort((a, b) => (a.kind === 'final') - (b.kind === 'final')));
}

function node(state, selected, onSelect) {
  const breaching = (state.breaching ?? 0) > 0;
  const lines = [
    state.kind === 'initial' ? 'start' : `${state.orders ?? 0} order${state.orders === 1 ? '' : 's'}`,
    state.dwellSamples ? `p50 ${seconds(state.dwellP50Seconds)} · p95 ${seconds(state.dwellP95Seconds)}` : 'no stays ended recently',
    state.dwellLimitSeconds == null ? (state.kind === 'final' ? 'final' : 'no dwell limit')
      : `${breaching ? '⚠ ' : ''}${state.breaching} over ${seconds(state.dwellLimitSeconds)}`,
  ];
  const label = `${state.name}: ${lines.join(', ')}`;
  const group = h('svg:g', {
    class: `state ${state.kind}${breaching ? ' breaching' : ''}${selected ? ' selected' : ''}`,
    role: 'button', tabindex: 0, 'aria-label': label, 'aria-pressed': selected ? 'true' : 'false', 'data-state': state.name,
    onclick: () => onSelect(state.name),
    onkeydown: e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(state.name); } },
  },
  h('svg:title', {}, label),
  h('svg:rect', { width, height, rx: 8 }),
  h('svg:text', { class: 'name', x: 10, y: 20 }, state.name),
  lines.map((line, i) => h('svg:text', { x: 10, y: 40 + i * 16, 'data-line': i }, line)));
  return group;
}

export function drawGraph(overview, selected, onSelect) {
  const layout = columns(overview);
  const position = new Map();
  layout.forEach((states, column) => states.forEach((state, row) => position.set(state.name, {
    x: margin + column * (width + columnGap), y: margin + row * (height + rowGap), column,
  })));
  const rows = Math.max(1, ...layout.map(c => c.length));
  const svgWidth = margin * 2 + layout.length * (width + columnGap) - columnGap;
  const svgHeight = margin * 2 + rows * (height + rowGap) + 40;

  // One arrow per pair of states, labelled with every event that takes it.
  const edges = new Map();
  for (const t of overview.transitions) {
    const key = `${t.from}→${t.to}`;
    (edges.get(key) ?? edges.set(key, { from: t.from, to: t.to, events: [] }).get(key)).events.push(t.event);
  }
  const arrows = [...edges.values()].filter(e => position.has(e.from) && position.has(e.to)).map((edge, index) => {
    const a = position.get(edge.from), b = position.get(edge.to);
    let d, labelX, labelY;
    if (b.column > a.column) {
      const x1 = a.x + width, y1 = a.y + height / 2, x2 = b.x, y2 = b.y + height / 2, bend = (x2 - x1) / 2;
      d = `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
      labelX = (x1 + x2) / 2; labelY = (y1 + y2) / 2 - 4;
    } else {
      // Back or sideways: loop below both states.
      const x1 = a.x + width / 2, y1 = a.y + height, x2 = b.x + width / 2 + 12, y2 = b.y + height;
      const low = Math.max(y1, y2) + 30 + (index % 3) * 8;
      d = `M${x1},${y1} C${x1},${low} ${x2},${low} ${x2},${y2}`;
      labelX = (x1 + x2) / 2; labelY = low - 2;
    }
    const text = edge.events.join(', ');
    return h('svg:g', { class: 'transition', 'data-from': edge.from, 'data-to': edge.to },
      h('svg:title', {}, `${edge.from} → ${edge.to} on ${text}`),
      h('svg:path', { class: 'edge', d, 'marker-end': 'url(#arrow)' }),
      h('svg:text', { class: 'edge-label', x: labelX, y: labelY, 'text-anchor': 'middle' }, text));
  });

  return h('svg:svg', {
    width: svgWidth, height: svgHeight, viewBox: `0 0 ${svgWidth} ${svgHeight}`, role: 'group',
    'aria-label': 'Saga state graph: states with orders in them, time spent and dwell-limit breaches; transitions labelled with their events',
  },
  h('svg:defs', {}, h('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    h('svg:path', { d: 'M0,0 L10,5 L0,10 z', fill: '#777' }))),
  arrows,
  layout.flat().map(state => {
    const p = position.get(state.name);
    const g = node(state, state.name === selected, onSelect);
    g.setAttribute('transform', `translate(${p.x},${p.y})`);
    return g;
  }));
}
