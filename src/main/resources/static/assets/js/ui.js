// Shared pieces of the views: notices, the dialog, and the task actions with If-Match.
import { ApiError, post } from './api.js';
import { h, label, shortId } from './dom.js';

/** A short notice for something that worked; it goes away by itself. */
export function notify(message) {
  const region = document.getElementById('notices');
  const item = h('p', { class: 'notice' }, message);
  region.append(item);
  setTimeout(() => item.remove(), 5000);
}

/** A refusal or failure: stays until dismissed, read out at once (role=alert). */
export function alertError(error, context) {
  const region = document.getElementById('alerts');
  const text = error instanceof ApiError ? error.message : String(error?.message ?? error);
  const item = h(
    'div',
    { class: 'alert', role: 'alert' },
    h('p', null, context ? h('strong', null, `${context}: `) : null, text),
    h('button', { type: 'button', class: 'link', onclick: () => item.remove() }, 'Dismiss'),
  );
  region.append(item);
  return item;
}

/** Removes every alert (a new view starts clean). */
export function clearAlerts() {
  document.getElementById('alerts')?.replaceChildren();
}

/**
 * Opens a modal dialog with a form. `fields` are elements (labelled inputs); `submit(form)` runs
 * the action and may throw an ApiError, whose message is shown inside the dialog, which stays open.
 * Resolves to true when submitted successfully, false when cancelled.
 */
export function dialog({ title, fields, submitLabel, submit, danger = false }) {
  return new Promise((resolve) => {
    const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const submitButton = h(
      'button',
      { type: 'submit', class: danger ? 'danger' : 'primary' },
      submitLabel,
    );
    const form = h(
      'form',
      { method: 'dialog', novalidate: false },
      h('h2', { id: titleId }, title),
      ...fields,
      error,
      h(
        'div',
        { class: 'dialog-buttons' },
        h('button', { type: 'button', value: 'cancel', onclick: () => close(false) }, 'Cancel'),
        submitButton,
      ),
    );
    const el = h('dialog', { 'aria-labelledby': titleId }, form);
    let done = false;
    const close = (result) => {
      if (done) return;
      done = true;
      el.close();
      el.remove();
      resolve(result);
    };
    el.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      submitButton.disabled = true;
      error.hidden = true;
      try {
        await submit(form);
        close(true);
      } catch (err) {
        error.textContent = err instanceof ApiError ? err.message : String(err?.message ?? err);
        error.hidden = false;
        submitButton.disabled = false;
      }
    });
    document.body.append(el);
    el.showModal();
  });
}

let fieldCounter = 0;

/** A labelled form field: input, textarea or select. */
export function field(labelText, control, hint) {
  const id = control.id || `f${++fieldCounter}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, labelText),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  );
}

const ACTIONS = {
  start: { label: 'Start', done: 'Started', path: 'start' },
  complete: { label: 'Complete', done: 'Completed', path: 'complete' },
  fail: { label: 'Fail…', done: 'Failed', path: 'fail' },
  retry: { label: 'Retry', done: 'Back to pending:', path: 'retry' },
};

/** The actions a task in this status offers. */
export function actionsFor(status) {
  switch (status) {
    case 'pending':
      return ['start', 'fail'];
    case 'in_progress':
      return ['complete', 'fail'];
    case 'failed':
      return ['retry'];
    default:
      return [];
  }
}

/**
 * Runs a transition on a task at the version the page showed (If-Match): a task that changed
 * meanwhile is refused with 412 and its message shown. `fail` asks for the reason first. Resolves to
 * the changed task, or null when refused or cancelled.
 */
export async function runAction(task, action, { onRefused } = {}) {
  const spec = ACTIONS[action];
  const path = `/api/tasks/${task.id}/${spec.path}`;
  const ifMatch = task.version ?? null;
  if (action === 'fail') {
    const reason = h('textarea', { name: 'reason', required: true, maxlength: 2000, rows: 3 });
    let changed = null;
    const ok = await dialog({
      title: `Fail “${task.name}”`,
      fields: [field('Reason', reason, 'Why it failed or was abandoned; kept in its history.')],
      submitLabel: 'Fail task',
      danger: true,
      submit: async () => {
        changed = (await post(path, { reason: reason.value }, { ifMatch })).data;
      },
    });
    if (ok) notify(`Failed “${task.name}”`);
    return ok ? changed : null;
  }
  try {
    const { data } = await post(path, {}, { ifMatch });
    notify(`${spec.done} “${task.name}”`);
    return data;
  } catch (e) {
    const alert = alertError(e, `Could not ${action} “${task.name}” (${shortId(task.id)})`);
    if (onRefused) onRefused(e, alert);
    return null;
  }
}

/** A button for one action on a task. */
export function actionButton(task, action, after) {
  const spec = ACTIONS[action];
  return h(
    'button',
    {
      type: 'button',
      class: action === 'fail' ? 'danger-quiet' : action === 'complete' ? 'primary' : null,
      'data-action': action,
      'aria-label': `${spec.label.replace('…', '')} ${task.name}`,
      onclick: async (e) => {
        const button = e.currentTarget;
        button.disabled = true;
        try {
          const changed = await runAction(task, action);
          if (after) after(changed);
        } finally {
          button.disabled = false;
        }
      },
    },
    spec.label,
  );
}

/** "in progress" with its status class. */
export function statusBadge(status) {
  return h('span', { class: `badge status-${status}` }, label(status));
}
