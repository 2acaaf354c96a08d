// The live connection: one EventSource on /api/events for the whole page. The browser reconnects
// by itself with Last-Event-ID and the server replays what was missed, so views only ever see each
// change once, in order. A `reset` (or a fresh connection after the stream failed for good) tells
// views to reload everything they show.

const listeners = new Set();
const statusListeners = new Set();
let source = null;
let retryTimer = null;
let status = { state: 'connecting', revision: null, last: null };

/** Calls fn(change) for each committed change; fn({reset: true}) when views must reload. */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Calls fn(status) whenever the connection's state changes: connecting, live, reconnecting. */
export function onStatus(fn) {
  statusListeners.add(fn);
  fn(status);
  return () => statusListeners.delete(fn);
}

function setStatus(next) {
  status = { ...status, ...next };
  for (const fn of statusListeners) fn(status);
}

function emit(change) {
  for (const fn of [...listeners]) {
    try {
      fn(change);
    } catch (e) {
      console.error('a view failed on a change', e);
    }
  }
}

/** Opens the stream (again). */
export function connect() {
  close();
  let fresh = true;
  const es = new EventSource('/api/events');
  source = es;
  setStatus({ state: 'connecting' });
  es.addEventListener('ready', (e) => {
    const revision = Number(JSON.parse(e.data).revision);
    setStatus({ state: 'live', revision });
    if (fresh && status.everLive) emit({ reset: true, revision }); // changes may have been missed
    fresh = false;
    setStatus({ everLive: true });
  });
  es.addEventListener('change', (e) => {
    const change = JSON.parse(e.data);
    setStatus({ revision: change.revision, last: change });
    emit(change);
  });
  es.addEventListener('reset', (e) => {
    const data = JSON.parse(e.data);
    setStatus({ revision: data.revision });
    emit({ reset: true, revision: data.revision, reason: data.reason });
  });
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) {
      // The server refused the stream (restarting, logged out): try again in a while, as a new
      // connection, which makes the views reload once it is live.
      setStatus({ state: 'offline' });
      retryTimer = setTimeout(connect, 3000);
    } else {
      setStatus({ state: 'reconnecting' });
    }
  };
}

export function close() {
  clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
}

// A browser keeps at most six connections to one server over HTTP/1.1, and each open stream holds
// one. So a page that is left (or kept in the back-forward cache) closes its stream at once, and a
// tab that stays hidden for a while closes it too; coming back opens a fresh one, which makes the
// views reload (they may have missed changes).
const HIDDEN_GRACE_MS = 30000;
let hiddenTimer = null;
let wanted = false;
let listening = false;

/** Keeps the stream open while the page is shown (instead of connect()). */
export function keepConnected() {
  wanted = true;
  connect();
  if (listening) return;
  listening = true;
  window.addEventListener('pagehide', () => close());
  window.addEventListener('pageshow', (e) => {
    if (e.persisted && wanted) connect();
  });
  document.addEventListener('visibilitychange', () => {
    clearTimeout(hiddenTimer);
    if (document.visibilityState === 'hidden') {
      hiddenTimer = setTimeout(() => close(), HIDDEN_GRACE_MS);
    } else if (wanted && !source) {
      connect();
    }
  });
}

/** Closes the stream for good (signed out). */
export function stop() {
  wanted = false;
  close();
}

/** The task ids a change is about. */
export function taskIds(change) {
  const ids = new Set();
  for (const e of change.events || []) {
    for (const key of ['task_id', 'from', 'to', 'depends_on', 'current_task_id']) {
      if (typeof e[key] === 'string') ids.add(e[key]);
    }
  }
  return ids;
}

/** A one-line description of a change, for the status line and screen readers. */
export function describe(change) {
  const events = change.events || [];
  const main = events.find((e) => e.type !== 'session_started' && e.type !== 'scope_changed') ||
    events[0];
  if (!main) return `change ${change.revision}`;
  const who = change.actor ? ` by ${change.actor}` : '';
  const what = main.type.replaceAll('_', ' ');
  const name = main.name ? ` “${main.name}”` : '';
  return `${what}${name}${who}`;
}
