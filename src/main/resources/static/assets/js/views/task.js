// One task: its details, description, context, dependencies, subtasks and its whole audit trail,
// with the actions its status allows. Every action is sent with If-Match = the version shown, so a
// task that changed meanwhile is refused (412) and the refusal's message is shown. While a note is
// being typed, a change made elsewhere is announced instead of redrawn under the typing.
import { ApiError, get, post, request } from '../api.js';
import { badge, duration, empty, h, label, replace, section, shortId, stamp, taskLink, time } from '../dom.js';
import { describe, onChange, taskIds } from '../live.js';
import { actionButton, actionsFor, alertError, notify, statusBadge } from '../ui.js';
import { claimLine, tagList } from './common.js';
import { keepFocus, liveRefresh } from './refresh.js';

export const title = 'Task';

export async function mount(main, { params }) {
  const root = h('div', { class: 'task-view' });
  main.append(root);
  let task = null;
  let deps = null;
  let tree = null;
  let stale = null;
  const kind = h(
    'select',
    { id: 'context-kind', name: 'kind' },
    h('option', { value: 'note' }, 'Note'),
    h('option', { value: 'decision' }, 'Decision'),
    h('option', { value: 'file' }, 'File touched'),
  );
  const value = h('input', {
    id: 'context-value',
    name: 'value',
    required: true,
    maxlength: 2000,
    autocomplete: 'off',
  });

  async function load() {
    const r = await request(`/api/tasks/${encodeURIComponent(params[0])}`);
    task = r.data;
    stale = null;
    [deps, tree] = await Promise.all([
      get(`/api/tasks/${task.id}/dependencies`),
      get(`/api/tasks/${task.id}/tree`),
    ]);
    document.title = `${task.name} · auto-dev`;
    render();
  }

  const editing = () => value.value.trim() !== '';

  function render() {
    keepFocus(root, () => replace(root, view()));
  }

  function view() {
    const open = task.status === 'pending' || task.status === 'in_progress';
    const actions = actionsFor(task.status);
    return [
      h(
        'div',
        { class: 'view-head' },
        h('h1', null, task.name),
        h(
          'p',
          { class: 'summary' },
          statusBadge(task.status),
          ' ',
          badge('prio', task.priority),
          ' ',
          h('code', { title: task.id }, shortId(task.id)),
          ` · version ${task.version}`,
        ),
      ),
      stale
        ? h(
            'div',
            { class: 'stale', role: 'status' },
            h(
              'p',
              null,
              `This task changed since you opened it (${stale}). Actions here still use version ${task.version} and will be refused.`,
            ),
            h('button', { type: 'button', onclick: () => refresh.now() }, 'Show the new version'),
          )
        : null,
      actions.length || open
        ? h(
            'section',
            { class: 'panel task-actions', 'aria-labelledby': 'h-actions' },
            h('h2', { id: 'h-actions' }, 'Actions'),
            actions.length
              ? h(
                  'div',
                  { class: 'actions', role: 'group', 'aria-label': 'Change the status' },
                  actions.map((a) => actionButton(task, a, () => refresh.now())),
                )
              : null,
            open ? contextForm() : null,
          )
        : null,
      h(
        'div',
        { class: 'task-grid' },
        section('h-details', 'Details', details()),
        section(
          'h-description',
          'Description',
          task.description ? h('p', { class: 'description' }, task.description) : empty('No description.'),
        ),
        section('h-context', 'Context', context()),
        section('h-deps', 'Dependencies', dependencies()),
        section('h-subtasks', 'Subtasks', subtasks()),
      ),
      section('h-trail', 'Audit trail', trail()),
    ];
  }

  function contextForm() {
    const form = h(
      'form',
      { class: 'context-form', 'aria-label': 'Record on this task' },
      h('label', { for: 'context-kind' }, 'Record a'),
      kind,
      h('label', { for: 'context-value', class: 'visually-hidden' }, 'Text'),
      value,
      h('button', { type: 'submit' }, 'Add'),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!value.value.trim()) {
        value.focus();
        return;
      }
      try {
        await post(
          `/api/tasks/${task.id}/context`,
          { kind: kind.value, value: value.value },
          { ifMatch: task.version },
        );
        notify(`Recorded the ${kind.value} on “${task.name}”`);
        value.value = '';
        await refresh.now();
      } catch (err) {
        const alert = alertError(err, `Could not record the ${kind.value}`);
        if (err instanceof ApiError && err.status === 412) {
          alert.append(
            h(
              'button',
              {
                type: 'button',
                onclick: () => {
                  alert.remove();
                  refresh.now();
                },
              },
              'Reload the task',
            ),
          );
        }
      }
    });
    return form;
  }

  function details() {
    const rows = [
      ['Status', statusBadge(task.status)],
      ['Priority', label(task.priority)],
      ['Tags', tagList(task.tags) ?? 'none'],
      ['Parent', task.parent_id ? taskLink(task.parent_id) : 'none'],
      ['Created', [stamp(task.created_at), ' (', time(task.created_at), ')']],
      task.started_at ? ['Started', stamp(task.started_at)] : null,
      task.completed_at ? ['Completed', stamp(task.completed_at)] : null,
      task.failed_at ? ['Failed', stamp(task.failed_at)] : null,
      task.failure_reason ? ['Reason', task.failure_reason] : null,
      ['Time worked', duration(task.duration_seconds)],
      ['Attempts', String(task.attempts)],
      task.session_id ? ['Session', h('code', null, shortId(task.session_id))] : null,
      task.claim ? ['Claim', claimLine(task)] : null,
    ].filter(Boolean);
    return h('dl', { class: 'details' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
  }

  function list(title, items, code) {
    return [
      h('h3', null, title, ' ', h('span', { class: 'count' }, String(items.length))),
      items.length
        ? h('ul', { class: 'plain' }, items.map((i) => h('li', null, code ? h('code', null, i) : i)))
        : empty('None.'),
    ];
  }

  function context() {
    const c = task.context || {};
    return [
      list('Files touched', c.files_modified || [], true),
      list('Decisions', c.decisions || []),
      list('Notes', c.notes || []),
    ];
  }

  function ref(r) {
    return h('li', null, taskLink(r.id, r.name), ' ', statusBadge(r.status));
  }

  function dependencies() {
    return [
      h('h3', null, 'Waits for'),
      deps.depends_on.length ? h('ul', { class: 'plain' }, deps.depends_on.map(ref)) : empty('Nothing.'),
      deps.blocked ? h('p', { class: 'blocked' }, 'Blocked until these are completed.') : null,
      h('h3', null, 'Needed by'),
      deps.dependents.length ? h('ul', { class: 'plain' }, deps.dependents.map(ref)) : empty('Nothing.'),
    ];
  }

  function subtasks() {
    const node = tree.roots && tree.roots[0];
    const children = node ? node.children : [];
    const item = (n) =>
      h(
        'li',
        null,
        taskLink(n.id, n.name),
        ' ',
        statusBadge(n.status),
        n.blocked ? ' (blocked)' : '',
        n.children && n.children.length ? h('ul', { class: 'tree' }, n.children.map(item)) : null,
      );
    return children.length ? h('ul', { class: 'tree' }, children.map(item)) : empty('No subtasks.');
  }

  function trail() {
    const events = task.events || [];
    const withActor = events.some((e) => e.actor);
    const head = ['When', 'What', 'Status', 'Detail', 'Session', 'Run'];
    if (withActor) head.push('By');
    return h(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Audit trail' },
      h(
        'table',
        { class: 'trail' },
        h('caption', { class: 'visually-hidden' }, `${events.length} entries, oldest first`),
        h('thead', null, h('tr', null, head.map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          null,
          events.map((e) =>
            h(
              'tr',
              null,
              h('td', null, h('time', { datetime: e.at, title: e.at }, stamp(e.at))),
              h('td', null, label(e.type)),
              h('td', null, e.from || e.to ? `${label(e.from ?? '')} → ${label(e.to ?? '')}` : ''),
              h('td', { class: 'detail' }, e.detail ?? ''),
              h('td', null, e.session_id ? h('code', null, shortId(e.session_id)) : ''),
              h('td', null, e.run_id ? h('code', null, shortId(e.run_id)) : ''),
              withActor ? h('td', null, e.actor ?? '') : null,
            ),
          ),
        ),
      ),
    );
  }

  function relatedIds() {
    const ids = new Set();
    if (deps) {
      for (const d of deps.depends_on) ids.add(d.id);
      for (const d of deps.dependents) ids.add(d.id);
    }
    const walk = (n) => {
      ids.add(n.id);
      (n.children || []).forEach(walk);
    };
    if (tree) (tree.roots || []).forEach(walk);
    return ids;
  }

  const refresh = liveRefresh(load);
  const off = onChange((change) => {
    if (change.reset) {
      if (!editing()) refresh();
      return;
    }
    const ids = taskIds(change);
    if (!task || !ids.has(task.id)) {
      // Redraw when a task shown here (a dependency, a dependent, a subtask) moved, or a task was
      // created or deleted (it may be a new subtask or dependent).
      const related = relatedIds();
      const structural = (change.events || []).some(
        (e) => e.type === 'task_created' || e.type === 'task_deleted',
      );
      if (structural || [...ids].some((id) => related.has(id))) refresh();
      return;
    }
    if (editing()) {
      stale = describe(change);
      render();
    } else {
      refresh();
    }
  });
  try {
    await load();
  } catch (e) {
    off();
    if (e instanceof ApiError) {
      root.replaceChildren(h('h1', null, 'Task not shown'), h('p', { role: 'alert' }, e.message));
      return {};
    }
    throw e;
  }
  return {
    unmount() {
      off();
      refresh.cancel();
    },
  };
}
