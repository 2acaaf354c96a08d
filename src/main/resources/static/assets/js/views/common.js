// Pieces several views draw: a task card and the slots for claims and actors.
import { badge, h, shortId, taskLink, time } from '../dom.js';
import { actionButton, actionsFor } from '../ui.js';

const PRIORITY_ORDER = { high: 0, medium: 1, low: 2 };

/** Higher priority first, then older first (the order `task ready` uses to break ties). */
export function byPriority(a, b) {
  return (
    (PRIORITY_ORDER[a.priority] ?? 3) - (PRIORITY_ORDER[b.priority] ?? 3) ||
    String(a.created_at).localeCompare(String(b.created_at))
  );
}

/**
 * Who holds the task, when claims exist (the many-agents issue adds `claim: {actor, lease_until}`
 * to a task): shown whenever the JSON carries it.
 */
export function claimLine(task) {
  const claim = task.claim;
  if (!claim || !claim.actor) return null;
  return h(
    'p',
    { class: 'claim' },
    'Claimed by ',
    h('strong', null, claim.actor),
    claim.lease_until ? [' until ', time(claim.lease_until)] : null,
  );
}

/** Who made the last change to the task, when audit entries carry an `actor`. */
export function actorLine(task) {
  const events = task.events || [];
  const last = events[events.length - 1];
  if (!last || !last.actor) return null;
  return h('p', { class: 'actor' }, 'Last change by ', h('strong', null, last.actor), ' ', time(last.at));
}

/** Tags as a list. */
export function tagList(tags) {
  if (!tags || tags.length === 0) return null;
  return h(
    'ul',
    { class: 'tags', 'aria-label': 'Tags' },
    tags.map((t) => h('li', null, t)),
  );
}

/** A task card for the board's columns. */
export function taskCard(task, { blockers, current, fresh, extra, after } = {}) {
  const nameId = `card-${task.id}`;
  const actions = actionsFor(task.status);
  return h(
    'li',
    {
      class: `card prio-${task.priority}${fresh ? ' fresh' : ''}${blockers ? ' is-blocked' : ''}`,
      'data-task-id': task.id,
      'aria-labelledby': nameId,
    },
    h('h3', { id: nameId, class: 'card-title' }, taskLink(task.id, task.name)),
    h(
      'p',
      { class: 'meta' },
      badge('prio', task.priority),
      ' ',
      h('code', { title: task.id }, shortId(task.id)),
      current ? [' ', h('span', { class: 'badge current' }, 'current')] : null,
      task.updated_at ? [' · ', time(task.updated_at)] : null,
    ),
    tagList(task.tags),
    blockers && blockers.length
      ? h(
          'p',
          { class: 'blocked' },
          h('span', { class: 'blocked-label' }, 'Blocked by '),
          blockers.flatMap((b, i) => [
            i ? ', ' : '',
            taskLink(b.id, b.name),
            b.status ? ` (${b.status.replaceAll('_', ' ')})` : '',
          ]),
        )
      : null,
    claimLine(task),
    actorLine(task),
    extra || null,
    actions.length
      ? h(
          'div',
          { class: 'actions', role: 'group', 'aria-label': `Actions for ${task.name}` },
          actions.map((a) => actionButton(task, a, after)),
        )
      : null,
  );
}
