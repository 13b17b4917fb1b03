// The throughput chart: documents/s (left scale) and MB/s (right scale) over the time this
// page has been watching, drawn into the inline SVG of import.html. No library needed.
const W = 640;
const H = 220;
const PAD = { left: 52, right: 52, top: 12, bottom: 28 };
const NS = 'http://www.w3.org/2000/svg';

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v);
}

function text(x, y, content, anchor, cls) {
  const t = document.createElementNS(NS, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.setAttribute('text-anchor', anchor);
  if (cls) t.setAttribute('class', cls);
  t.textContent = content;
  return t;
}

function line(x1, y1, x2, y2) {
  const l = document.createElementNS(NS, 'line');
  for (const [k, v] of Object.entries({ x1, y1, x2, y2 })) l.setAttribute(k, String(v));
  return l;
}

/** samples: [{t (ms), rps, mbps}] */
export function drawChart(svg, samples, fmt) {
  const grid = svg.querySelector('#chart-grid');
  const labels = svg.querySelector('#chart-labels');
  const t0 = samples[0]?.t ?? 0;
  const span = Math.max(60_000, (samples.at(-1)?.t ?? 0) - t0);
  const maxR = niceMax(Math.max(...samples.map((s) => s.rps), 0));
  const maxM = niceMax(Math.max(...samples.map((s) => s.mbps), 0));
  const x = (t) => PAD.left + ((t - t0) / span) * (W - PAD.left - PAD.right);
  const y = (v, max) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);

  grid.replaceChildren();
  labels.replaceChildren();
  for (const f of [0, 0.5, 1]) {
    const gy = y(f * maxR, maxR);
    grid.append(line(PAD.left, gy, W - PAD.right, gy));
    labels.append(text(PAD.left - 6, gy + 4, fmt(f * maxR), 'end', 'lbl-rps'));
    labels.append(text(W - PAD.right + 6, gy + 4, fmt(f * maxM), 'start', 'lbl-mbps'));
  }
  labels.append(text(PAD.left, H - 8, '0 s', 'start'));
  labels.append(text(W - PAD.right, H - 8, `${Math.round(span / 1000)} s`, 'end'));

  const points = (key, max) =>
    samples.map((s) => `${x(s.t).toFixed(1)},${y(s[key], max).toFixed(1)}`).join(' ');
  svg.querySelector('#line-rps').setAttribute('points', points('rps', maxR));
  svg.querySelector('#line-mbps').setAttribute('points', points('mbps', maxM));
}
