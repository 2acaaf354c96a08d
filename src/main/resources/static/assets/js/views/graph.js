// The dependency graph of the open tasks (and the finished tasks they wait for), drawn as SVG by
// graph-layout.js. Each node is a link to its task; the same graph is also given as a list.
import { ApiError, get } from '../api.js';
import { empty, h, label, s, shortId, taskLink } from '../dom.js';
import { onChange } from '../live.js';
import { layout } from '../graph-layout.js';
import { byPriority } from './common.js';
import { liveRefresh } from './refresh.js';

export const title = 'Dependency graph';

const MAX_NODES = 300;
const MAX_LOOKUPS = 60;

export async function mount(main, { query }) {
  const root = h('div', { class: 'graph-view' });
  main.append(root);
  const known = new Map(); // finished tasks looked up once: completed is final, failed rarely moves
  let tag = query.get('tag') || '';

  async function load() {
    const [open, blocked] = await Promise.all([get('/api/tasks?limit=1000'), get('/api/tasks/blocked')]);
    const blockedIds = new Set(blocked.blocked.map((b) => b.task.id));
    const allTags = [...new Set(open.tasks.flatMap((t) => t.tags))].sort();
    let tasks = open.tasks.slice().sort(byPriority);
    if (tag) tasks = tasks.filter((t) => t.tags.includes(tag));
    const total = tasks.length;
    tasks = tasks.slice(0, MAX_NODES);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const missing = [...new Set(tasks.flatMap((t) => t.depends_on))].filter(
      (id) => !byId.has(id) && !known.has(id),
    );
    await Promise.all(
      missing.slice(0, MAX_LOOKUPS).map(async (id) => {
        try {
          const t = await get(`/api/tasks/${id}`);
          known.set(id, { id, name: t.name, status: t.status, priority: t.priority });
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          known.set(id, { id, name: shortId(id), status: 'unknown' });
        }
      }),
    );
    const nodes = tasks.map((t) => ({ ...t, blocked: blockedIds.has(t.id) }));
    for (const id of new Set(tasks.flatMap((t) => t.depends_on))) {
      if (!byId.has(id)) {
        const k = known.get(id) || { id, name: shortId(id), status: 'unknown' };
        nodes.push({ ...k, ghost: true });
        byId.set(id, k);
      }
    }
    const edges = tasks.flatMap((t) => t.depends_on.map((d) => [d, t.id]));
    draw(nodes, edges, allTags, total);
  }

  function draw(nodes, edges, allTags, total) {
    const filter = h(
      'form',
      { class: 'filters inline', role: 'search', 'aria-label': 'Filter the graph' },
      h('label', { for: 'graph-tag' }, 'Tag'),
      h(
        'select',
        {
          id: 'graph-tag',
          onchange: (e) => {
            tag = e.target.value;
            const url = new URL(location.href);
            if (tag) url.searchParams.set('tag', tag);
            else url.searchParams.delete('tag');
            history.replaceState(null, '', url);
            refresh.now();
          },
        },
        h('option', { value: '' }, 'all'),
        allTags.map((t) => h('option', { value: t, selected: t === tag }, t)),
      ),
    );
    const head = h(
      'div',
      { class: 'view-head' },
      h('h1', null, 'Dependency graph'),
      h(
        'p',
        { class: 'summary' },
        `${nodes.filter((n) => !n.ghost).length} open tasks · ${edges.length} dependencies · ${
          nodes.filter((n) => n.blocked).length
        } blocked`,
        total > MAX_NODES ? ` · showing the first ${MAX_NODES} of ${total} by priority` : '',
      ),
      filter,
    );
    if (nodes.length === 0) {
      root.replaceChildren(head, empty(tag ? `No open task is tagged ${tag}.` : 'No open tasks.'));
      return;
    }
    const ids = nodes.map((n) => n.id);
    const g = layout(ids, edges);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const svg = s(
      'svg',
      {
        class: 'graph',
        viewBox: `0 0 ${g.width} ${g.height}`,
        width: g.width,
        height: g.height,
        role: 'group',
        'aria-label': `Dependency graph: ${nodes.length} tasks, ${edges.length} dependencies; arrows point from a task to the tasks that wait for it`,
      },
      s(
        'defs',
        null,
        s(
          'marker',
          {
            id: 'arrow',
            viewBox: '0 0 10 10',
            refX: 9,
            refY: 5,
            markerWidth: 7,
            markerHeight: 7,
            orient: 'auto-start-reverse',
          },
          s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }),
        ),
      ),
      s(
        'g',
        { class: 'edges' },
        g.edges.map((e) =>
          s('path', {
            d: e.d,
            class: `edge${byId.get(e.from)?.status === 'completed' ? ' edge-done' : ''}`,
            'marker-end': 'url(#arrow)',
            'data-from': e.from,
            'data-to': e.to,
          }),
        ),
      ),
      s(
        'g',
        { class: 'nodes' },
        nodes.map((n) => node(n, g.nodes.get(n.id), g)),
      ),
    );
    root.replaceChildren(
      head,
      h('div', { class: 'graph-wrap', tabindex: -1 }, svg),
      legend(),
      asList(nodes, edges, byId),
    );
  }

  function node(n, p, g) {
    const name = n.name.length > 26 ? `${n.name.slice(0, 25)}…` : n.name;
    const state = n.blocked ? 'blocked' : n.status;
    const waits = (n.depends_on || []).length;
    return s(
      'a',
      {
        href: `/tasks/${n.id}`,
        class: `node status-${n.status}${n.blocked ? ' node-blocked' : ''}${n.ghost ? ' node-ghost' : ''}`,
        'data-task-id': n.id,
        'aria-label': `${n.name}: ${label(n.status)}${n.blocked ? ', blocked' : ''}${
          waits ? `, waits for ${waits}` : ''
        }`,
      },
      s('title', null, `${n.name} (${label(state)})`),
      s('rect', { x: p.x, y: p.y, width: g.nodeWidth, height: g.nodeHeight, rx: 8 }),
      s('text', { x: p.x + 10, y: p.y + 21, class: 'node-name' }, name),
      s(
        'text',
        { x: p.x + 10, y: p.y + 40, class: 'node-sub' },
        `${label(state)}${n.priority ? ` · ${n.priority}` : ''} · ${shortId(n.id)}`,
      ),
    );
  }

  function legend() {
    const item = (cls, text) =>
      h('li', null, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
    return h(
      'ul',
      { class: 'legend', 'aria-label': 'Legend' },
      item('status-pending', 'pending'),
      item('status-in_progress', 'in progress'),
      item('node-blocked', 'blocked'),
      item('status-completed', 'completed (finished)'),
      item('status-failed', 'failed (finished)'),
    );
  }

  function asList(nodes, edges, byId) {
    const waitsFor = new Map();
    for (const [from, to] of edges) (waitsFor.get(to) || waitsFor.set(to, []).get(to)).push(from);
    return h(
      'details',
      { class: 'as-list' },
      h('summary', null, 'The graph as a list'),
      h(
        'ul',
        { class: 'plain' },
        nodes
          .filter((n) => !n.ghost)
          .map((n) =>
            h(
              'li',
              null,
              taskLink(n.id, n.name),
              ` (${label(n.status)}${n.blocked ? ', blocked' : ''})`,
              waitsFor.has(n.id)
                ? [
                    ' waits for ',
                    waitsFor.get(n.id).flatMap((d, i) => [
                      i ? ', ' : '',
                      taskLink(d, byId.get(d)?.name),
                      ` (${label(byId.get(d)?.status ?? 'unknown')})`,
                    ]),
                  ]
                : '',
            ),
          ),
      ),
    );
  }

  const refresh = liveRefresh(load);
  const off = onChange(() => refresh());
  await load();
  return {
    unmount() {
      off();
      refresh.cancel();
    },
  };
}
