// The login where a token is required: the API token, once, for a session cookie.
import { ApiError, post } from '../api.js';
import { h } from '../dom.js';

export const title = 'Sign in';

export async function mount(main, { query, signedIn }) {
  const token = h('input', {
    id: 'login-token',
    type: 'password',
    name: 'token',
    required: true,
    autocomplete: 'current-password',
    'aria-describedby': 'login-hint',
  });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'login' },
    h('h1', null, 'Sign in'),
    h(
      'p',
      { id: 'login-hint' },
      'This server asks for its API token: autodev.api.token, or the api-token file in its data folder (generated when it listens beyond loopback). You stay signed in for 12 hours, in this browser only.',
    ),
    h('div', { class: 'field' }, h('label', { for: 'login-token' }, 'API token'), token),
    error,
    button,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    error.hidden = true;
    try {
      const { data } = await post('/auth/login', { token: token.value });
      await signedIn(data, query.get('next') || '/');
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : String(err);
      error.hidden = false;
      token.select();
    } finally {
      button.disabled = false;
    }
  });
  main.append(form);
  token.focus();
  return {};
}
