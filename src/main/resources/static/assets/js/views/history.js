// Finished tasks, newest first, with the filters of `task history` and paging by cursor. The
// filters live in the address, so a search can be bookmarked or shared.
import { ApiError, get, query } from '../api.js';
import { duration, empty, h, label, shortId, stamp, taskLink } from '../dom.js';
import { onChange } from '../live.js';
import { statusBadge } from '../ui.js';
import { liveRefresh } from './refresh.js';

export const title = 'History';

const FILTERS = [
  ['text', 'Text', 'search', 'Name, description, decisions and notes; case is ignored'],
  ['status', 'Status', ['', 'completed', 'failed']],
  ['tag', 'Tag', 'text'],
  ['priority', 'Priority', ['', 'high', 'medium', 'low']],
  ['since', 'Finished since', 'text', 'YYYY-MM-DD or an instant'],
  ['until', 'Finished before', 'text', 'Exclusive'],
  ['created_since', 'Created since', 'text'],
  ['created_until', 'Created before', 'text'],
  ['min_duration', 'Worked at least', 'text', '90, 45m, 2h, 1d, 1h30m'],
  ['max_duration', 'Worked at most', 'text'],
  ['parent', 'Parent task', 'text', 'An id or a prefix of 4+ characters'],
  ['session', 'Session', 'text', 'A session id or prefix'],
];

export async function mount(main, { query: params }) {
  const root = h('div', { class: 'history-view' });
  main.append(root);
  const controls = {};
  const cursors = [];
  let cursor = params.get('cursor') || '';

  const fields = FILTERS.map(([name, text, type, hint]) => {
    const id = `h-${name}`;
    const control = Array.isArray(type)
      ? h(
          'select',
          { id, name },
          type.map((v) => h('option', { value: v, selected: params.get(name) === v }, v ? label(v) : 'any')),
        )
      : h('input', {
          id,
          name,
          type,
          value: params.get(name) ?? '',
          autocomplete: 'off',
          'aria-describedby': hint ? `${id}-hint` : null,
        });
    controls[name] = control;
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, text),
      control,
      hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    );
  });
  const attempts = h('input', { type: 'checkbox', id: 'h-attempts', checked: params.get('attempts') === 'true' });
  const limit = h(
    'select',
    { id: 'h-limit' },
    ['20', '50', '100'].map((n) => h('option', { value: n, selected: (params.get('limit') || '50') === n }, n)),
  );
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Search finished tasks' },
    h('div', { class: 'filter-grid' }, fields),
    h(
      'div',
      { class: 'filter-row' },
      h('label', { class: 'check', for: 'h-attempts' }, attempts, ' Every attempt (also failures retried later)'),
      h('label', { for: 'h-limit' }, 'Per page'),
      limit,
      h('button', { type: 'submit', class: 'primary' }, 'Search'),
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            for (const c of Object.values(controls)) c.value = '';
            attempts.checked = false;
            cursors.length = 0;
            cursor = '';
            search();
          },
        },
        'Clear',
      ),
    ),
    error,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    cursors.length = 0;
    cursor = '';
    search();
  });
  root.replaceChildren(
    h('div', { class: 'view-head' }, h('h1', null, 'History')),
    form,
    results,
  );

  function values() {
    const v = {};
    for (const [name, control] of Object.entries(controls)) v[name] = control.value.trim();
    v.attempts = attempts.checked ? 'true' : '';
    v.limit = limit.value;
    return v;
  }

  async function search() {
    const v = values();
    const url = new URL(location.href);
    url.search = query({ ...v, limit: v.limit === '50' ? '' : v.limit, cursor });
    history.replaceState(null, '', url);
    error.hidden = true;
    let page;
    try {
      page = await get(`/api/history${query({ ...v, cursor })}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      error.textContent = e.message;
      error.hidden = false;
      const bad = e.problem.field && controls[e.problem.field];
      if (bad) bad.setAttribute('aria-invalid', 'true');
      results.replaceChildren();
      return;
    }
    for (const c of Object.values(controls)) c.removeAttribute('aria-invalid');
    render(page);
  }

  function render(page) {
    const rows = page.records.map((r) =>
      h(
        'tr',
        null,
        h('td', null, taskLink(r.task.id, r.task.name), r.superseded ? h('span', { class: 'muted' }, ' (retried later)') : null),
        h('td', null, statusBadge(r.task.status)),
        h('td', null, label(r.task.priority)),
        h('td', null, (r.task.tags || []).join(', ')),
        h('td', null, h('time', { datetime: r.archived_at }, stamp(r.archived_at))),
        h('td', { class: 'num' }, duration(r.task.duration_seconds)),
        h('td', { class: 'num' }, String(r.task.attempts)),
        h('td', null, h('code', null, shortId(r.task.id))),
      ),
    );
    const pager = h(
      'nav',
      { class: 'pager', 'aria-label': 'Pages' },
      h(
        'button',
        {
          type: 'button',
          disabled: cursors.length === 0,
          onclick: () => {
            cursor = cursors.pop() ?? '';
            search();
          },
        },
        '← Newer',
      ),
      h('span', null, `Page ${cursors.length + 1} · ${page.count} shown`),
      h(
        'button',
        {
          type: 'button',
          disabled: !page.next_cursor,
          onclick: () => {
            cursors.push(cursor);
            cursor = page.next_cursor;
            search();
          },
        },
        'Older →',
      ),
    );
    results.replaceChildren(
      page.records.length
        ? h(
            'div',
            { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Finished tasks' },
            h(
              'table',
              { class: 'history' },
              h('caption', { class: 'visually-hidden' }, 'Finished tasks, newest first'),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['Task', 'Status', 'Priority', 'Tags', 'Finished', 'Worked', 'Attempts', 'Id'].map((c) =>
                    h('th', { scope: 'col' }, c),
                  ),
                ),
              ),
              h('tbody', null, rows),
            ),
          )
        : empty('No finished task matches.'),
      pager,
    );
  }

  // A newly finished task shows on the first page; later pages are stable (cursors never move).
  const refresh = liveRefresh(async () => {
    if (cursors.length === 0 && !cursor) await search();
  });
  const off = onChange((change) => {
    if (
      change.reset ||
      (change.events || []).some((e) => e.type === 'task_completed' || e.type === 'task_failed' || e.type === 'task_retried')
    ) {
      refresh();
    }
  });
  await search();
  return {
    unmount() {
      off();
      refresh.cancel();
    },
  };
}
