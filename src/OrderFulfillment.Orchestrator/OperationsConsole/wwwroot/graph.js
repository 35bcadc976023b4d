// Draws the saga's state graph as SVG from GET /operations/saga: states in columns by their distance from Initial
// along the machine's transitions, transitions as labelled arrows. Nothing here knows the saga's states by name.
import { h, seconds } from './api.js';

const width = 180, height = 84, columnGap = 170, rowGap = 36, margin = 24;

/**
 * Where each state goes: states an order waits in, in columns by their distance from Initial along the transitions;
 * the outcomes (final states) in a row below, each under the states that lead to it, so arrows into them run down.
 */
function layout(overview) {
  const depth = new Map([[overview.states.find(s => s.kind === 'initial')?.name ?? overview.states[0]?.name, 0]]);
  const queue = [...depth.keys()];
  while (queue.length) {
    const from = queue.shift();
    for (const t of overview.transitions.filter(t => t.from === from && !depth.has(t.to))) {
      depth.set(t.to, depth.get(from) + 1);
      queue.push(t.to);
    }
  }
  const position = new Map();
  const rowsInColumn = [];
  const unreached = 1 + Math.max(0, ...depth.values());
  for (const state of overview.states.filter(s => s.kind !== 'final')) {
    const column = depth.get(state.name) ?? unreached;
    const row = rowsInColumn[column] = (rowsInColumn[column] ?? -1) + 1;
    position.set(state.name,
      { x: margin + column * (width + columnGap), y: margin + row * (height + rowGap), column, final: false });
  }
  const columnCount = Math.max(1, rowsInColumn.length);
  const outcomesY = margin + Math.max(1, ...rowsInColumn.map(r => (r ?? 0) + 1)) * (height + rowGap) + 50;
  const sourceColumn = state => {
    const from = overview.transitions
      .filter(t => t.to === state.name && position.has(t.from))
      .map(t => position.get(t.from).column);
    return from.length ? from.reduce((x, y) => x + y, 0) / from.length : columnCount - 1;
  };
  let nextFree = margin;
  const outcomes = overview.states.filter(s => s.kind === 'final').sort((x, y) => sourceColumn(x) - sourceColumn(y));
  for (const state of outcomes) {
    const x = Math.max(nextFree, margin + sourceColumn(state) * (width + columnGap));
    position.set(state.name, { x, y: outcomesY, column: columnCount, final: true });
    nextFree = x + width + columnGap / 2;
  }
  const right = Math.max(...[...position.values()].map(p => p.x + width));
  return { position, width: right + margin, height: outcomesY + height + margin };
}

/** The point at t of the cubic Bézier curve p0..p3. */
function cubic(t, p0, p1, p2, p3) {
  const u = 1 - t;
  return [0, 1].map(i => u * u * u * p0[i] + 3 * u * u * t * p1[i] + 3 * u * t * t * p2[i] + t * t * t * p3[i]);
}

function node(state, selected, onSelect) {
  const breaching = (state.breaching ?? 0) > 0;
  const lines = state.kind === 'final'
    ? [`${state.orders ?? 0} order${state.orders === 1 ? '' : 's'}`, 'final: orders stay here']
    : [
      state.kind === 'initial' ? 'start' : `${state.orders ?? 0} order${state.orders === 1 ? '' : 's'}`,
      state.dwellSamples
        ? `p50 ${seconds(state.dwellP50Seconds)} · p95 ${seconds(state.dwellP95Seconds)}`
        : 'no stays ended recently',
      state.dwellLimitSeconds == null
        ? 'no dwell limit'
        : `${breaching ? '⚠ ' : ''}${state.breaching} over ${seconds(state.dwellLimitSeconds)}`,
    ];
  const label = `${state.name}: ${lines.join(', ')}`;
  const group = h('svg:g', {
    class: `state ${state.kind}${breaching ? ' breaching' : ''}${selected ? ' selected' : ''}`,
    role: 'button', tabindex: 0, 'aria-label': label, 'aria-pressed': selected ? 'true' : 'false',
    'data-state': state.name,
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
  const { position, width: svgWidth, height: svgHeight } = layout(overview);

  // One arrow per pair of states, labelled with every event that takes it.
  const edges = new Map();
  for (const t of overview.transitions) {
    const key = `${t.from}→${t.to}`;
    (edges.get(key) ?? edges.set(key, { from: t.from, to: t.to, events: [] }).get(key)).events.push(t.event);
  }
  // Arrows leave and enter a state at points spread along its side, and each carries its label at its own place
  // along the curve, so arrows sharing a state do not share a line or a label.
  const drawn = [...edges.values()].filter(e => position.has(e.from) && position.has(e.to));
  const spread = (list, key) => Object.fromEntries(Map.groupBy(list, key).entries().flatMap(([, group]) =>
    group.map((edge, i) => [`${edge.from}→${edge.to}`, { index: i, count: group.length }])));
  const leaving = spread(drawn, e => e.from), entering = spread(drawn, e => e.to);
  const arrows = drawn.map((edge, index) => {
    const a = position.get(edge.from), b = position.get(edge.to), key = `${edge.from}→${edge.to}`;
    const out = leaving[key], into = entering[key];
    let d, labelX, labelY;
    if (b.final) {
      // Down to an outcome: leave from the bottom, label near the start, where arrows into one outcome are still
      // apart.
      const x1 = a.x + width * (out.index + 1) / (out.count + 1), y1 = a.y + height;
      const x2 = b.x + width * (into.index + 1) / (into.count + 1), y2 = b.y, bend = (y2 - y1) / 2;
      d = `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}`;
      [labelX, labelY] = cubic(0.3, [x1, y1], [x1, y1 + bend], [x2, y2 - bend], [x2, y2]);
    } else if (b.column > a.column) {
      const x1 = a.x + width, y1 = a.y + height * (out.index + 1) / (out.count + 1);
      const x2 = b.x, y2 = b.y + height * (into.index + 1) / (into.count + 1), bend = (x2 - x1) / 2;
      d = `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
      const t = out.count === 1 ? 0.5 : 0.3 + 0.4 * out.index / (out.count - 1);
      [labelX, labelY] = cubic(t, [x1, y1], [x1 + bend, y1], [x2 - bend, y2], [x2, y2]);
      labelY -= 3;
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
      h('svg:text',
        { class: 'edge-label', x: labelX, y: labelY - (edge.events.length - 1) * 11, 'text-anchor': 'middle' },
        edge.events.map((event, i) => h('svg:tspan', { x: labelX, dy: i === 0 ? 0 : 11 }, event))));
  });

  return h('svg:svg', {
    width: svgWidth, height: svgHeight, viewBox: `0 0 ${svgWidth} ${svgHeight}`, role: 'group',
    'aria-label': 'Saga state graph: states with orders in them, time spent and dwell-limit breaches; ' +
      'transitions labelled with their events',
  },
  h('svg:defs', {}, h('svg:marker', {
    id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7,
    orient: 'auto-start-reverse',
  },
  h('svg:path', { d: 'M0,0 L10,5 L0,10 z', fill: '#777' }))),
  arrows,
  overview.states.map(state => {
    const p = position.get(state.name);
    const g = node(state, state.name === selected, onSelect);
    g.setAttribute('transform', `translate(${p.x},${p.y})`);
    return g;
  }));
}
