// The REST API as the board uses it: JSON in and out, the CSRF token of a login on every change,
// If-Match with the version the page showed, and problem details turned into errors whose message
// is the problem's own detail.

let csrfHeader = 'X-CSRF-Token';
let csrfToken = null;
let unauthorized = () => {};

/** A refused or failed call: `status`, the problem detail `problem`, and its detail as message. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(
      (problem && (problem.detail || problem.title)) ||
        (status === 0 ? 'the server cannot be reached' : `the server answered ${status}`),
    );
    this.status = status;
    this.problem = problem || {};
  }
}

/** Remembers the login's CSRF token (null where none is needed). */
export function setCsrf(header, token) {
  csrfHeader = header || csrfHeader;
  csrfToken = token || null;
}

/** What to do when a call answers 401 (the login ended): show the login. */
export function onUnauthorized(fn) {
  unauthorized = fn;
}

/**
 * Calls the API; resolves to {data, version, status}. `ifMatch` is a task version; `body` is sent
 * as JSON. Rejects with an ApiError carrying the problem detail.
 */
export async function request(path, { method = 'GET', body, ifMatch, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  if (method !== 'GET' && csrfToken) headers[csrfHeader] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: text.slice(0, 300) };
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/auth/')) unauthorized();
    throw new ApiError(response.status, data);
  }
  return { data, version: version(response.headers.get('ETag')), status: response.status };
}

/** GET, resolving to the JSON document. */
export async function get(path, options) {
  return (await request(path, options)).data;
}

/** POST with a JSON body. */
export function post(path, body, options = {}) {
  return request(path, { ...options, method: 'POST', body: body ?? {} });
}

function version(etag) {
  if (!etag) return null;
  const m = /^(?:W\/)?"(\d+)"$/.exec(etag.trim());
  return m ? Number(m[1]) : null;
}

/** A query string from an object, leaving out empty values; arrays repeat the key. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    for (const v of Array.isArray(value) ? value : [value]) q.append(key, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
