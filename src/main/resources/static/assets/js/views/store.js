// Store health: the `store` health component, what /actuator/info says about the store, and a
// full read-only check (`store verify`) on demand.
import { ApiError, get } from '../api.js';
import { empty, h, label, replace, section } from '../dom.js';
import { onChange } from '../live.js';
import { liveRefresh } from './refresh.js';

export const title = 'Store health';

function bytes(n) {
  if (n == null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u ? 1 : 0)} ${units[u]}`;
}

async function health() {
  try {
    return await get('/actuator/health');
  } catch (e) {
    // 503 when the store is DOWN still carries the document.
    if (e instanceof ApiError && e.problem && e.problem.components) return e.problem;
    throw e;
  }
}

export async function mount(main) {
  const root = h('div', { class: 'store-view' });
  main.append(root);
  const verifyOut = h('div', { class: 'results', 'aria-live': 'polite' });
  const verifyButton = h('button', { type: 'button', class: 'primary', onclick: () => verify() }, 'Verify every file now');

  async function verify() {
    verifyButton.disabled = true;
    replace(verifyOut, h('p', { class: 'muted' }, 'Reading every file…'));
    try {
      const report = await get('/api/store/verify');
      const finding = (f) =>
        h(
          'li',
          null,
          h('p', null, h('code', null, f.file), ': ', f.problem),
          h('p', { class: 'muted' }, f.meaning),
          f.repair ? h('p', null, 'Repair: ', f.repair) : null,
        );
      replace(verifyOut, 
        h(
          'p',
          { class: report.clean ? 'ok' : 'bad' },
          report.clean ? 'Clean: every file reads back intact.' : `${report.problems.length} problem(s): run 'store repair'.`,
        ),
        h(
          'dl',
          { class: 'details' },
          [
            ['Revision', report.revision],
            ['Open tasks', report.open_tasks],
            ['Archived records', report.archived_records],
            ['Journal entries', report.journal_entries],
          ].map(([k, v]) => [h('dt', null, k), h('dd', null, String(v))]),
        ),
        report.problems.length ? [h('h3', null, 'Problems'), h('ul', { class: 'findings' }, report.problems.map(finding))] : null,
        report.notes.length ? [h('h3', null, 'Notes'), h('ul', { class: 'findings' }, report.notes.map(finding))] : null,
      );
    } catch (e) {
      replace(verifyOut, h('p', { role: 'alert', class: 'bad' }, e.message));
    } finally {
      verifyButton.disabled = false;
    }
  }

  async function load() {
    const [h1, info] = await Promise.all([health(), get('/actuator/info')]);
    const store = h1.components?.store;
    const d = store?.details ?? {};
    const status = store?.status ?? h1.status;
    const row = (k, v) => [h('dt', null, k), h('dd', null, v)];
    const yes = (b) => (b === undefined ? '–' : b ? 'yes' : 'no');
    replace(root, 
      h(
        'div',
        { class: 'view-head' },
        h('h1', null, 'Store health'),
        h('p', { class: 'summary' }, h('span', { class: `badge health-${String(status).toLowerCase()}` }, label(status))),
      ),
      h(
        'div',
        { class: 'task-grid' },
        section(
          'h-health',
          'Health',
          store
            ? h(
                'dl',
                { class: 'details' },
                row('Folder', h('code', null, d.folder ?? '–')),
                row('Writable', yes(d.writable)),
                row('Lock obtainable', yes(d.lock_obtainable)),
                row('Files valid', yes(d.files_valid)),
                row('Last save succeeded', yes(d.last_save_ok)),
                row('Saves', String(d.saves ?? '–')),
                row('Failed saves', String(d.failures ?? '–')),
                d.last_failure ? row('Last failure', d.last_failure) : null,
                row('Free space', `${bytes(d.free_bytes)} (at least ${bytes(d.min_free_bytes)} wanted)`),
              )
            : empty('Details are shown to signed-in callers only.'),
        ),
        section(
          'h-info',
          'Store',
          h(
            'dl',
            { class: 'details' },
            row('Version', info.build?.version ?? '–'),
            row('Revision', String(info.store?.revision ?? '–')),
            row('Session', info.store?.session_id ? h('code', null, info.store.session_id.slice(0, 8)) : 'none open'),
            row('Open tasks', String(info.store?.open_tasks?.total ?? 0)),
            row('Archived records', String(info.history?.archived ?? '–')),
          ),
        ),
      ),
      section('h-verify', 'Check every file', h('p', null, 'Reads every file and changes nothing, like ', h('code', null, 'store verify'), '.'), verifyButton, verifyOut),
    );
  }

  const refresh = liveRefresh(load);
  const off = onChange(() => refresh());
  await load();
  return {
    unmount() {
      off();
      refresh.cancel();
    },
  };
}
