// `task stats` as charts: completions per week, the median time worked per week, and the failure
// rate, each with its numbers. Weeks are ISO weeks (Monday, UTC) of finishing.
import { get, query } from '../api.js';
import { duration, empty, h } from '../dom.js';
import { onChange } from '../live.js';
import { DURATION_STEPS, barChart, lineChart } from '../charts.js';
import { liveRefresh } from './refresh.js';

export const title = 'Stats';

const DAY = 86400000;

/** Every week from the first to the last listed, the missing ones with nothing finished. */
function allWeeks(weeks) {
  const listed = weeks.slice().sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  if (listed.length === 0) return [];
  const byStart = new Map(listed.map((w) => [w.starts_on, w]));
  const out = [];
  const last = Date.parse(`${listed[listed.length - 1].starts_on}T00:00:00Z`);
  for (let t = Date.parse(`${listed[0].starts_on}T00:00:00Z`); t <= last; t += 7 * DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byStart.get(day) ?? { week: null, starts_on: day, completed: 0, failed: 0, median_duration_seconds: null });
  }
  return out;
}

const percent = (v) => `${Math.round(v * 100)}%`;

export async function mount(main, { query: params }) {
  const root = h('div', { class: 'stats-view' });
  main.append(root);
  let weeks = params.get('weeks') || '12';

  async function load() {
    const stats = await get(`/api/stats${query({ weeks })}`);
    const list = allWeeks(stats.weeks);
    const labels = list.map((w) => w.starts_on.slice(5));
    const finished = stats.finished.completed + stats.finished.failed;
    const failureRate = finished ? stats.finished.failed / finished : null;
    const picker = h(
      'form',
      { class: 'filters inline', 'aria-label': 'Weeks shown' },
      h('label', { for: 'stats-weeks' }, 'Weeks'),
      h(
        'select',
        {
          id: 'stats-weeks',
          onchange: (e) => {
            weeks = e.target.value;
            const url = new URL(location.href);
            url.searchParams.set('weeks', weeks);
            history.replaceState(null, '', url);
            refresh.now();
          },
        },
        [
          ['4', 'last 4'],
          ['12', 'last 12'],
          ['26', 'last 26'],
          ['52', 'last 52'],
          ['0', 'all'],
        ].map(([v, t]) => h('option', { value: v, selected: v === weeks }, t)),
      ),
    );
    const figure = (label, value, note) =>
      h('div', { class: 'figure' }, h('dt', null, label), h('dd', null, value, note ? h('span', { class: 'muted' }, ` ${note}`) : null));
    root.replaceChildren(
      h('div', { class: 'view-head' }, h('h1', null, 'Stats'), picker),
      h(
        'dl',
        { class: 'figures' },
        figure('Completed', String(stats.finished.completed), 'tasks'),
        figure('Failed', String(stats.finished.failed), 'tasks'),
        figure('Failure rate', failureRate == null ? '–' : percent(failureRate), finished ? `of ${finished} finished` : ''),
        figure('Open', String((stats.open.pending ?? 0) + (stats.open.in_progress ?? 0)), `${stats.open.in_progress ?? 0} in progress`),
      ),
      list.length === 0
        ? empty('No task finished in these weeks yet.')
        : h(
            'div',
            { class: 'charts' },
            barChart({
              title: 'Completions per week',
              description: `Tasks completed and failed in each of ${list.length} weeks, by the Monday the week starts on.`,
              labels,
              labelHead: 'Week of',
              series: [
                { name: 'completed', values: list.map((w) => w.completed), cls: 'series-completed' },
                { name: 'failed', values: list.map((w) => w.failed), cls: 'series-failed' },
              ],
            }),
            lineChart({
              title: 'Median time worked per completed task',
              description: 'The median duration of the tasks completed in each week; a gap is a week with none.',
              labels,
              labelHead: 'Week of',
              series: [{ name: 'median', values: list.map((w) => w.median_duration_seconds ?? null), cls: 'series-duration' }],
              format: duration,
              steps: DURATION_STEPS,
            }),
            lineChart({
              title: 'Failure rate per week',
              description: 'Failed tasks among the tasks finished in each week; a gap is a week with none finished.',
              labels,
              labelHead: 'Week of',
              max: 1,
              series: [
                {
                  name: 'failure rate',
                  values: list.map((w) => (w.completed + w.failed ? w.failed / (w.completed + w.failed) : null)),
                  cls: 'series-failed',
                },
              ],
              format: percent,
            }),
          ),
    );
  }

  const refresh = liveRefresh(load);
  const off = onChange((change) => {
    if (change.reset || (change.events || []).some((e) => ['task_completed', 'task_failed', 'task_retried', 'task_created', 'task_started', 'task_deleted'].includes(e.type))) {
      refresh();
    }
  });
  await load();
  return {
    unmount() {
      off();
      refresh.cancel();
    },
  };
}
