// Small DOM and formatting helpers. Every text goes in as a text node (never as HTML), so nothing a
// task's name or note holds can run as markup; the page's Content-Security-Policy forbids inline
// scripts and styles anyway.

/**
 * Builds an element: h('a', {href: '/x', class: 'link'}, 'text', child, [more]).
 * Attributes whose value is null, undefined or false are left out; `true` sets an empty attribute;
 * keys starting with "on" add event listeners.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Replaces an element's children, with the same rules as h() (nulls left out, arrays flattened). */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** The first 8 characters of an id, as the command line shows it. */
export function shortId(id) {
  return String(id).slice(0, 8);
}

const units = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/** 5400 → "1h 30m"; 0 → "0s". Two units at most, as people read durations. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  let left = Math.max(0, Math.round(seconds));
  if (left === 0) return '0s';
  const parts = [];
  for (const [unit, size] of units) {
    if (left >= size && parts.length < 2) {
      parts.push(Math.floor(left / size) + unit);
      left %= size;
    } else if (parts.length > 0) {
      break;
    }
  }
  return parts.join(' ');
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "3 minutes ago", for an ISO instant. */
export function ago(iso) {
  if (!iso) return '';
  const diff = (Date.parse(iso) - Date.now()) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return relative.format(Math.round(diff), 'second');
  if (abs < 2700) return relative.format(Math.round(diff / 60), 'minute');
  if (abs < 64800) return relative.format(Math.round(diff / 3600), 'hour');
  if (abs < 2592000) return relative.format(Math.round(diff / 86400), 'day');
  return new Date(iso).toLocaleDateString();
}

/** A <time> element showing "3 minutes ago", the exact time in its title and datetime. */
export function time(iso) {
  if (!iso) return null;
  return h('time', { datetime: iso, title: new Date(iso).toLocaleString() }, ago(iso));
}

/** "2026-06-01 09:00" in the reader's time zone. */
export function stamp(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(
    d.getMinutes(),
  )}`;
}

/** "in_progress" → "in progress". */
export function label(wire) {
  return String(wire ?? '').replaceAll('_', ' ');
}

/** A status or priority badge: the word is always written, colour only repeats it. */
export function badge(kind, value) {
  return h('span', { class: `badge ${kind}-${value}` }, label(value));
}

/** A section with a heading that labels it. */
export function section(id, title, ...children) {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': id },
    h('h2', { id }, title),
    ...children,
  );
}

/** Runs fn at most once per `ms`, after the last call (coalesces bursts of changes). */
export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/** A paragraph that says nothing is there, in words. */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** A task link by id and name. */
export function taskLink(id, name) {
  return h('a', { href: `/tasks/${id}` }, name ?? shortId(id));
}
