// Redrawing a view when changes arrive, without losing the reader's place.
import { alertError } from '../ui.js';

/**
 * A refresh that runs at once and coalesces bursts: a change that arrives while a reload is running
 * causes exactly one more reload after it, however many arrive. A failed reload is reported.
 */
export function liveRefresh(load) {
  let running = null;
  let again = false;
  let cancelled = false;
  const run = async () => {
    if (cancelled) return;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        await load();
      } catch (e) {
        if (e.name !== 'AbortError') alertError(e, 'Could not reload');
      }
    })();
    await running;
    running = null;
    if (again) {
      again = false;
      await run();
    }
  };
  const refresh = () => {
    run();
  };
  refresh.now = run;
  refresh.cancel = () => {
    cancelled = true;
  };
  return refresh;
}

/**
 * Rebuilds `root` with `render` and puts the keyboard focus back on the same control (the same
 * action of the same task, or the same link), so a live update never throws a keyboard user out.
 */
export function keepFocus(root, render) {
  const active = document.activeElement;
  let key = null;
  if (active && root.contains(active)) {
    const holder = active.closest('[data-task-id]');
    key = {
      task: holder?.dataset.taskId,
      action: active.dataset?.action,
      href: active.getAttribute('href'),
      id: active.id,
    };
  }
  render();
  if (!key) return;
  let target = null;
  if (key.id) target = document.getElementById(key.id);
  if (!target && key.task) {
    const holder = root.querySelector(`[data-task-id="${CSS.escape(key.task)}"]`);
    if (holder) {
      target = key.action
        ? holder.querySelector(`[data-action="${CSS.escape(key.action)}"]`)
        : key.href
          ? holder.querySelector(`a[href="${CSS.escape(key.href)}"]`)
          : null;
      target = target || holder.querySelector('a, button');
    }
  }
  if (target) target.focus();
}
