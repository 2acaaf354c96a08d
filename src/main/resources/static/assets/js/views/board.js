// The board: what is pending, in progress, failed in this session and recently completed, with the
// blocked tasks marked and the actions each status allows. Redrawn on every committed change.
import { get, post, ApiError } from '../api.js';
import { duration, empty, h, time } from '../dom.js';
import { onChange, taskIds } from '../live.js';
import { dialog, field, notify } from '../ui.js';
import { byPriority, taskCard } from './common.js';
import { keepFocus, liveRefresh } from './refresh.js';

export const title = 'Board';

async function optional(promise) {
  try {
    return await promise;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 409)) return null;
    throw e;
  }
}

export async function mount(main) {
  const root = h('div', { class: 'board-view' });
  main.append(root);
  const fresh = new Set();
  let openTasks = [];

  async function load() {
    const [open, blocked, session, completed] = await Promise.all([
      get('/api/tasks?limit=1000'),
      get('/api/tasks/blocked'),
      optional(get('/api/session')),
      get('/api/history?status=completed&limit=10'),
    ]);
    openTasks = open.tasks;
    const blockers = new Map(blocked.blocked.map((b) => [b.task.id, b.blocked_by]));
    const current = session?.current_task_id ?? null;
    // The failed records themselves (with their version, for Retry's If-Match), newest first.
    const failedThisSession = await Promise.all(
      (session?.failed ?? [])
        .slice(-50)
        .reverse()
        .map((f) =>
          optional(get(`/api/tasks/${f.id}`)).then(
            (t) => t ?? { id: f.id, name: f.name, status: 'failed', failure_reason: f.reason },
          ),
        ),
    );
    const pending = open.tasks.filter((t) => t.status === 'pending').sort(byPriority);
    const inProgress = open.tasks.filter((t) => t.status === 'in_progress').sort(byPriority);
    const done = completed.records.map((r) => r.task);

    const card = (t, extra) =>
      taskCard(t, {
        blockers: blockers.get(t.id),
        current: t.id === current,
        fresh: fresh.has(t.id),
        extra,
        after: () => refresh.now(),
      });
    const column = (id, title, tasks, render, none) =>
      h(
        'section',
        { class: `column column-${id}`, 'aria-labelledby': `col-${id}` },
        h('h2', { id: `col-${id}` }, title, ' ', h('span', { class: 'count' }, String(tasks.length))),
        tasks.length
          ? h('ul', { class: 'cards', role: 'list' }, tasks.map(render))
          : empty(none),
      );

    keepFocus(root, () => {
      root.replaceChildren(
        h(
          'div',
          { class: 'view-head' },
          h('h1', null, 'Board'),
          h(
            'p',
            { class: 'summary' },
            `${open.tasks.length} open · ${inProgress.length} in progress · ${blockers.size} blocked`,
          ),
          h('button', { type: 'button', class: 'primary', onclick: () => createTask() }, 'New task'),
        ),
        h(
          'div',
          { class: 'columns' },
          column('pending', 'Pending', pending, (t) => card(t), 'Nothing pending.'),
          column('in-progress', 'In progress', inProgress, (t) => card(t), 'Nothing in progress.'),
          column(
            'failed',
            'Failed this session',
            failedThisSession,
            (t) =>
              card(t, t.failure_reason ? h('p', { class: 'reason' }, 'Reason: ', t.failure_reason) : null),
            'Nothing failed in this session.',
          ),
          column(
            'completed',
            'Recently completed',
            done,
            (t) =>
              card(
                t,
                h('p', { class: 'done' }, 'Completed ', time(t.completed_at), ' after ', duration(t.duration_seconds)),
              ),
            'Nothing completed yet.',
          ),
        ),
      );
    });
    fresh.clear();
  }

  async function createTask() {
    const name = h('input', { name: 'name', required: true, maxlength: 200, autocomplete: 'off' });
    const description = h('textarea', { name: 'description', maxlength: 10000, rows: 3 });
    const priority = h(
      'select',
      { name: 'priority' },
      ['low', 'medium', 'high'].map((p) => h('option', { value: p, selected: p === 'medium' }, p)),
    );
    const tags = h('input', { name: 'tags', autocomplete: 'off' });
    const parent = h(
      'select',
      { name: 'parent' },
      h('option', { value: '' }, '(none)'),
      openTasks.map((t) => h('option', { value: t.id }, t.name)),
    );
    const deps = openTasks.map((t) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', value: t.id }), ' ', t.name),
    );
    const ok = await dialog({
      title: 'New task',
      submitLabel: 'Create task',
      fields: [
        field('Name', name),
        field('Description', description),
        field('Priority', priority),
        field('Tags', tags, 'Separated by commas, e.g. db, api'),
        field('Parent task', parent),
        openTasks.length
          ? h('fieldset', { class: 'deps' }, h('legend', null, 'Waits for'), ...deps)
          : null,
      ].filter(Boolean),
      submit: async () => {
        await post('/api/tasks', {
          name: name.value,
          description: description.value || undefined,
          priority: priority.value,
          tags: tags.value
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
          parent_id: parent.value || undefined,
          depends_on: deps.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value),
        });
      },
    });
    if (ok) {
      notify(`Created “${name.value}”`);
      refresh.now();
    }
  }

  const refresh = liveRefresh(load);
  const off = onChange((change) => {
    if (!change.reset) for (const id of taskIds(change)) fresh.add(id);
    refresh();
  });
  await load();
  return {
    unmount() {
      off();
      refresh.cancel();
    },
  };
}
