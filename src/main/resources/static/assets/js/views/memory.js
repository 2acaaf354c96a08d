// The working memory: project type, facts, key decisions and learned patterns, with search.
import { get, query } from '../api.js';
import { empty, h, label, section, shortId, taskLink, time } from '../dom.js';
import { onChange } from '../live.js';
import { tagList } from './common.js';
import { liveRefresh } from './refresh.js';

export const title = 'Memory';

const MEMORY_EVENTS = new Set([
  'project_type_set',
  'fact_set',
  'fact_removed',
  'decision_recorded',
  'pattern_learned',
  'memory_entry_forgotten',
]);

export async function mount(main, { query: params }) {
  const root = h('div', { class: 'memory-view' });
  main.append(root);
  const q = h('input', { id: 'memory-q', type: 'search', value: params.get('q') ?? '', autocomplete: 'off' });
  const hits = h('div', { class: 'results', 'aria-live': 'polite' });
  const content = h('div');
  const form = h(
    'form',
    { class: 'filters inline', role: 'search', 'aria-label': 'Search the memory' },
    h('label', { for: 'memory-q' }, 'Search'),
    q,
    h('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const url = new URL(location.href);
    if (q.value.trim()) url.searchParams.set('q', q.value.trim());
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    search();
  });
  root.replaceChildren(h('div', { class: 'view-head' }, h('h1', null, 'Memory'), form), hits, content);

  async function search() {
    const text = q.value.trim();
    if (!text) {
      hits.replaceChildren();
      return;
    }
    const result = await get(`/api/memory/search${query({ q: text, limit: 50 })}`);
    hits.replaceChildren(
      section(
        'h-hits',
        `${result.count} found for “${result.query}”`,
        result.hits.length
          ? h(
              'ul',
              { class: 'plain entries' },
              result.hits.map((hit) =>
                h(
                  'li',
                  null,
                  h('span', { class: 'badge kind' }, label(hit.kind)),
                  ' ',
                  hit.key ? h('code', null, hit.key) : null,
                  hit.key ? ' = ' : null,
                  hit.text,
                ),
              ),
            )
          : empty('Nothing matches every word.'),
      ),
    );
  }

  function entry(e) {
    return h(
      'li',
      null,
      h('p', null, e.text),
      h(
        'p',
        { class: 'meta' },
        time(e.at),
        e.task_id ? [' · about ', taskLink(e.task_id)] : null,
        ' · ',
        h('code', { title: e.id }, shortId(e.id)),
      ),
      tagList(e.tags),
    );
  }

  async function load() {
    const memory = await get('/api/memory');
    const facts = Object.entries(memory.facts || {});
    content.replaceChildren(
      h(
        'div',
        { class: 'memory-grid' },
        section(
          'h-project',
          'Project type',
          memory.project_type ? h('p', { class: 'big' }, label(memory.project_type)) : empty('Not set.'),
        ),
        section(
          'h-facts',
          `Facts (${facts.length})`,
          facts.length
            ? h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', null, h('code', null, k)), h('dd', null, v)]))
            : empty('No facts.'),
        ),
        section(
          'h-decisions',
          `Key decisions (${memory.key_decisions.length})`,
          memory.key_decisions.length
            ? h('ul', { class: 'plain entries' }, memory.key_decisions.slice().reverse().map(entry))
            : empty('No key decisions.'),
        ),
        section(
          'h-patterns',
          `Learned patterns (${memory.learned_patterns.length})`,
          memory.learned_patterns.length
            ? h('ul', { class: 'plain entries' }, memory.learned_patterns.slice().reverse().map(entry))
            : empty('No learned patterns.'),
        ),
      ),
    );
  }

  const refresh = liveRefresh(async () => {
    await load();
    await search();
  });
  const off = onChange((change) => {
    if (change.reset || (change.events || []).some((e) => MEMORY_EVENTS.has(e.type))) refresh();
  });
  await Promise.all([load(), search()]);
  return {
    unmount() {
      off();
      refresh.cancel();
    },
  };
}
