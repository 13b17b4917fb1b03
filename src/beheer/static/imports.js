// The list of imports, newest first, 20 a page; refreshed every 5 s while the tab is visible.
import { api, fmtInt, fmtTime, startSession, stateClass, stateLabel } from './common.js';

const body = document.querySelector('#imports tbody');
const state = document.getElementById('list-state');
const page = Math.max(1, Number(new URLSearchParams(location.search).get('pagina')) || 1);

function cell(row, label, content, className) {
  const td = document.createElement('td');
  td.dataset.label = label;
  if (className) td.className = className;
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  row.append(td);
}

function rowOf(imp) {
  const tr = document.createElement('tr');
  const link = document.createElement('a');
  link.href = `imports/${imp.uuid}`;
  link.textContent = imp.naam || `Import ${imp.uuid.slice(0, 8)}`;
  cell(tr, 'Naam', link, 'name');
  const badge = document.createElement('span');
  badge.className = `badge ${stateClass(imp)}`;
  badge.textContent = stateLabel(imp);
  cell(tr, 'Status', badge);
  cell(tr, 'Soort', imp.dryRun ? 'Proefrun' : 'Import');
  cell(tr, 'Aangemaakt', fmtTime(imp.createdOn), 'time');
  cell(tr, 'Gestart', fmtTime(imp.startedOn), 'time');
  cell(tr, 'Klaar', fmtTime(imp.finishedOn), 'time');
  cell(tr, 'Rijen', fmtInt(imp.total), 'num');
  cell(tr, 'Verwerkt', fmtInt(imp.processed), 'num');
  cell(tr, 'Gelukt', fmtInt(imp.processedSuccessfully), 'num');
  cell(tr, 'Mislukt', fmtInt(imp.processedInvalid), 'num');
  return tr;
}

function pager(list) {
  const prev = document.getElementById('prev');
  const next = document.getElementById('next');
  prev.hidden = !list.previous;
  next.hidden = !list.next;
  prev.href = `imports?pagina=${page - 1}`;
  next.href = `imports?pagina=${page + 1}`;
  const pages = Math.max(1, Math.ceil(list.count / 20));
  document.getElementById('page-info').textContent = `Pagina ${page} van ${pages}`;
}

async function refresh() {
  try {
    const list = await api(`imports${page > 1 ? `?page=${page}` : ''}`);
    body.replaceChildren(...list.results.map(rowOf));
    state.textContent =
      list.count === 0
        ? 'Er zijn nog geen imports.'
        : `${fmtInt(list.count)} ${list.count === 1 ? 'import' : 'imports'}.`;
    pager(list);
  } catch (err) {
    state.textContent = `Kon de lijst niet laden: ${err.message}`;
  }
}

await startSession();
await refresh();
setInterval(() => {
  if (document.visibilityState === 'visible') void refresh();
}, 5000);
