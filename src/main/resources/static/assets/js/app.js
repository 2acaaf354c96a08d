// The board's shell: finds out whether a login is needed, opens the live stream, and draws the view
// the address names. Links between views are followed without reloading the page, so the live
// stream stays open; every view also works when loaded (or reloaded) directly.
import { get, onUnauthorized, post, setCsrf } from './api.js';
import { h } from './dom.js';
import { describe, keepConnected, onChange, onStatus, stop } from './live.js';
import { alertError, clearAlerts } from './ui.js';
import * as board from './views/board.js';
import * as task from './views/task.js';
import * as graph from './views/graph.js';
import * as historyView from './views/history.js';
import * as stats from './views/stats.js';
import * as memory from './views/memory.js';
import * as store from './views/store.js';
import * as login from './views/login.js';

const ROUTES = [
  [/^\/$/, board, 'board'],
  [/^\/tasks\/([^/]+)$/, task, null],
  [/^\/graph$/, graph, 'graph'],
  [/^\/history$/, historyView, 'history'],
  [/^\/stats$/, stats, 'stats'],
  [/^\/memory$/, memory, 'memory'],
  [/^\/store$/, store, 'store'],
  [/^\/sign-in$/, login, null],
];

const main = document.getElementById('main');
let current = null;
let session = { token_required: false, authenticated: true };
let generation = 0;

function match(path) {
  for (const [pattern, view, nav] of ROUTES) {
    const m = pattern.exec(path);
    if (m) return { view, nav, params: m.slice(1).map(decodeURIComponent) };
  }
  return null;
}

async function show({ focus = true } = {}) {
  const mine = ++generation;
  if (current && current.unmount) current.unmount();
  current = null;
  clearAlerts();
  const route = match(location.pathname);
  main.replaceChildren();
  main.setAttribute('aria-busy', 'true');
  for (const a of document.querySelectorAll('nav.views a')) {
    if (route && a.dataset.nav === route.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!route) {
    main.append(h('h1', null, 'Not found'), h('p', null, 'There is no view at ', h('code', null, location.pathname), '. ', h('a', { href: '/' }, 'Go to the board'), '.'));
    main.removeAttribute('aria-busy');
    return;
  }
  document.title = `${route.view.title} · auto-dev`;
  try {
    const mounted = await route.view.mount(main, {
      params: route.params,
      query: new URLSearchParams(location.search),
      signedIn,
    });
    if (mine !== generation) {
      if (mounted && mounted.unmount) mounted.unmount(); // the reader moved on meanwhile
      return;
    }
    current = mounted;
  } catch (e) {
    if (mine === generation) alertError(e, `Could not show ${route.view.title.toLowerCase()}`);
  } finally {
    if (mine === generation) main.removeAttribute('aria-busy');
  }
  if (focus && mine === generation) {
    const heading = main.querySelector('h1');
    (heading || main).setAttribute('tabindex', '-1');
    (heading || main).focus({ preventScroll: false });
  }
}

function go(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  return show();
}

// Follow same-origin links to views without reloading (SVG links included).
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a');
  if (!a || a.target === '_blank' || a.hasAttribute('download')) return;
  const href = a.getAttribute('href') ?? a.href?.baseVal;
  if (!href) return;
  const url = new URL(href, location.href);
  if (url.origin !== location.origin || !match(url.pathname) || url.pathname === '/sign-in') return;
  e.preventDefault();
  if (url.pathname === location.pathname && url.search === location.search) return;
  go(url.pathname + url.search + url.hash);
});
window.addEventListener('popstate', () => show());

function liveStatus() {
  const el = document.getElementById('live');
  const last = document.getElementById('last-change');
  const words = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' };
  onStatus((s) => {
    el.dataset.state = s.state;
    el.textContent = words[s.state] ?? s.state;
    el.title = s.revision != null ? `Revision ${s.revision}` : '';
  });
  onChange((change) => {
    if (change.reset) return;
    last.textContent = `Revision ${change.revision}: ${describe(change)}`;
  });
}

async function signedIn(state, next) {
  session = state;
  document.body.classList.remove('signed-out');
  setCsrf(state.csrf_header, state.csrf_token);
  document.getElementById('logout').hidden = !state.token_required;
  keepConnected();
  await go(next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
}

function needLogin() {
  stop();
  document.body.classList.add('signed-out');
  setCsrf(null, null);
  document.getElementById('logout').hidden = true;
  if (location.pathname !== '/sign-in') {
    const next = location.pathname + location.search;
    go(`/sign-in?next=${encodeURIComponent(next)}`, { replace: true });
  }
}

async function start() {
  liveStatus();
  onUnauthorized(needLogin);
  document.getElementById('logout').addEventListener('click', async () => {
    try {
      await post('/auth/logout', {});
    } finally {
      needLogin();
    }
  });
  try {
    session = await get('/auth/session');
  } catch (e) {
    alertError(e, 'Could not reach the server');
    return;
  }
  if (session.token_required && !session.authenticated) {
    needLogin();
    if (location.pathname === '/sign-in') show({ focus: false });
    return;
  }
  if (location.pathname === '/sign-in') {
    await signedIn(session, new URLSearchParams(location.search).get('next') || '/');
    return;
  }
  setCsrf(session.csrf_header, session.csrf_token);
  document.getElementById('logout').hidden = !session.token_required;
  keepConnected();
  await show({ focus: false });
}

start();
