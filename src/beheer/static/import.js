// One import: live progress, counters, ETA, throughput chart, failure reasons, steering
// buttons and report links. Polls GET status every second while the import runs (every 5 s
// in a hidden tab) and the summary every 10 s; stops polling once the import has ended.
import { drawChart } from './chart.js';
import {
  ApiError,
  api,
  fmtDec,
  fmtRate,
  fmtDuration,
  fmtInt,
  fmtTime,
  startSession,
  stateClass,
  stateLabel,
} from './common.js';

const uuid = location.pathname.split('/').pop();
const $ = (id) => document.getElementById(id);
const samples = [];
let last = null;
let summaryAt = 0;
let timer = 0;

const ended = (s) => s.status === 'finished' || s.status === 'error';
const running = (s) => s.status === 'active' && !s.paused;

function renderHeader(s) {
  const name = s.naam || `Import ${uuid.slice(0, 8)}`;
  $('title').textContent = name;
  document.title = `${name} — ZGW Documenten beheer`;
  $('uuid').textContent = uuid;
  let kind = s.dryRun ? 'Proefrun (dry run): controleert alles, slaat niets op' : 'Import';
  if (s.duplicateOf) kind += ` · dezelfde CSV als import ${s.duplicateOf}`;
  $('kind').textContent = kind;
}

function renderComment(s) {
  const show = s.comment && (s.paused || s.status === 'error' || s.status === 'finished');
  $('comment').hidden = !show;
  if (!show) return;
  $('comment').className = `notice ${s.status === 'error' ? 'error' : 'warn'}`;
  $('comment-title').textContent = s.paused
    ? 'Gepauzeerd — waarom'
    : s.status === 'error'
      ? 'Beëindigd — waarom'
      : 'Opmerking';
  $('comment-text').textContent = s.comment;
}

function renderProgress(s) {
  const badge = $('state');
  badge.textContent = stateLabel(s);
  badge.className = `badge ${stateClass(s)}`;
  const progress = $('progress');
  progress.max = Math.max(1, s.total);
  progress.value = s.processed;
  const pct = s.total > 0 ? (100 * s.processed) / s.total : 0;
  $('progress-text').textContent =
    s.status === 'pending'
      ? 'Wacht op de CSV.'
      : `${fmtInt(s.processed)} van ${fmtInt(s.total)} rijen (${fmtDec(pct)} %)`;
  $('c-total').textContent = fmtInt(s.total);
  $('c-processed').textContent = fmtInt(s.processed);
  $('c-ok-label').textContent = s.dryRun ? 'Geldig' : 'Geïmporteerd';
  $('c-ok').textContent = fmtInt(s.processedSuccessfully);
  $('c-failed').textContent = fmtInt(s.processedInvalid);
  $('c-rps').textContent = fmtRate(s.rowsPerSecond);
  $('c-mbps').textContent = s.bytesPerSecond === null ? '–' : fmtRate(s.bytesPerSecond / 1e6);
  $('c-eta').textContent = s.estimatedFinish
    ? `${fmtTime(s.estimatedFinish)} (over ${fmtDuration((Date.parse(s.estimatedFinish) - Date.now()) / 1000)})`
    : '–';
  $('c-bytes').textContent = `${fmtDec(s.bytesCopied / 1e6)} MB`;
  $('c-created').textContent = fmtTime(s.createdOn);
  $('c-started').textContent = fmtTime(s.startedOn);
  $('c-finished').textContent = fmtTime(s.finishedOn);
}

function renderActions(s) {
  $('pause').hidden = !running(s);
  $('resume').hidden = !(s.status === 'active' && s.paused);
  $('cancel').hidden = ended(s);
  const done = ended(s);
  $('report-links').hidden = !done;
  $('report-note').hidden = done;
  if (done) {
    $('report').href = `api/imports/${uuid}/report`;
    $('report-failures').href = `api/imports/${uuid}/report?alleen=mislukt`;
    $('report-excel').href = `api/imports/${uuid}/report?format=excel`;
  }
}

function renderChart(s) {
  if (s.status !== 'active') return;
  samples.push({ t: Date.now(), rps: s.rowsPerSecond ?? 0, mbps: (s.bytesPerSecond ?? 0) / 1e6 });
  if (samples.length > 3600) samples.shift();
  $('chart-figure').hidden = false;
  $('chart-empty').hidden = true;
  drawChart($('chart'), samples, fmtScale);
  $('chart-last').textContent = `Laatste meting: ${fmtRate(s.rowsPerSecond ?? 0)} documenten/s, ${fmtRate(
    (s.bytesPerSecond ?? 0) / 1e6,
  )} MB/s.`;
}

const scale = new Intl.NumberFormat('nl-NL', { maximumSignificantDigits: 2 });
const fmtScale = (n) => scale.format(n);

/** After the end the live rates are gone: the averages of the whole run stand in. */
function renderAverages(sum) {
  if (!last || !ended(last)) return;
  $('c-rps').textContent = `${fmtRate(sum.documentsPerSecond)} gemiddeld`;
  $('c-mbps').textContent = `${fmtRate(sum.megabytesPerSecond)} gemiddeld`;
}

function renderFailures(sum) {
  const rows = sum.failures.map((f) => {
    const tr = document.createElement('tr');
    const cells = [
      ['Reden', f.reason, ''],
      ['Code', f.code ?? '–', ''],
      ['Aantal', fmtInt(f.count), 'num'],
      ['Eerste rijen', f.firstRows.join(', '), ''],
    ];
    for (const [label, value, cls] of cells) {
      const td = document.createElement('td');
      td.dataset.label = label;
      td.className = cls;
      td.textContent = value;
      tr.append(td);
    }
    return tr;
  });
  $('failures')
    .querySelector('tbody')
    .replaceChildren(...rows);
  $('failures').hidden = rows.length === 0;
  $('no-failures').hidden = rows.length > 0;
}

function render(s) {
  renderHeader(s);
  renderComment(s);
  renderProgress(s);
  renderActions(s);
  renderChart(s);
}

async function refreshSummary() {
  summaryAt = Date.now();
  const sum = await api(`imports/${uuid}/summary`);
  renderFailures(sum);
  renderAverages(sum);
}

async function poll() {
  clearTimeout(timer);
  try {
    const s = await api(`imports/${uuid}/status`);
    const changed = !last || last.status !== s.status || last.paused !== s.paused;
    const failuresMoved = last && last.processedInvalid !== s.processedInvalid;
    last = s;
    render(s);
    if (changed || (failuresMoved && Date.now() - summaryAt > 10_000)) await refreshSummary();
    if (ended(s)) {
      if (changed && last) $('action-state').textContent = '';
      return;
    }
  } catch (err) {
    $('action-state').textContent =
      err instanceof ApiError && err.status === 404
        ? 'Deze import bestaat niet (meer).'
        : `Verbinding: ${err.message}`;
    if (err instanceof ApiError && err.status === 404) return;
  }
  const visible = document.visibilityState === 'visible';
  timer = setTimeout(poll, visible && last && !last.paused ? 1000 : 5000);
}

async function steer(op, doneText) {
  const buttons = ['pause', 'resume', 'cancel'].map($);
  for (const b of buttons) b.disabled = true;
  try {
    last = await api(`imports/${uuid}/${op}`, { method: 'POST' });
    render(last);
    $('action-state').textContent = doneText;
  } catch (err) {
    $('action-state').textContent = `Niet gelukt: ${err.message}`;
  } finally {
    for (const b of buttons) b.disabled = false;
  }
  await poll();
}

$('pause').addEventListener('click', () =>
  steer('pause', 'Gepauzeerd: de import stopt na de lopende batch en wacht tot u hervat.'),
);
$('resume').addEventListener('click', () => steer('resume', 'Hervat.'));
$('cancel').addEventListener('click', () => {
  if (confirm('Deze import annuleren? Wat al is geïmporteerd blijft staan.')) {
    void steer('cancel', 'Geannuleerd: de import stopt na de lopende batch.');
  }
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && last && !ended(last)) void poll();
});

await startSession();
await poll();
