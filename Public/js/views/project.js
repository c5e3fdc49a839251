// One project: schedule (Gantt), milestones, WBS, deliverables, budget. Each section names the data it draws
// from (`loads`), fetched in parallel once per page. A later record (the earned-value S-curve, status reports,
// the business case, risks) is one more loader and one more entry in `sections`.
import { ApiError, getAll, getJSON } from '../api.js';
import { h, label, money, number, s } from '../dom.js';
import { gantt } from '../gantt.js';
import { wbsTree } from './wbs.js';

const loaders = {
  // The list, filtered to the one project, is what embeds its manager and sponsor (`expand`).
  project: async (id) => {
    const [project] = (await getJSON(`/api/v1/projects?id=eq.${id}&expand=manager,sponsor`)).items;
    if (!project) throw new ApiError(404, { title: 'Not Found', status: 404, detail: `no project has id ${id}` });
    return project;
  },
  schedule: (id) => getJSON(`/api/v1/projects/${id}/schedule`),
  wbs: (id) => getJSON(`/api/v1/projects/${id}/wbs`),
  deliverables: (id) => getAll(`/api/v1/deliverables?project=eq.${id}&expand=owner`),
  budget: (id) => getJSON(`/api/v1/projects/${id}/budget-vs-actual`),
};

export const sections = [
  { id: 'schedule', title: 'Schedule', loads: ['schedule'], render: (d) => gantt(d.schedule) },
  { id: 'milestones', title: 'Milestones', loads: ['schedule'], render: (d) => milestones(d.schedule) },
  { id: 'wbs', title: 'Work breakdown', loads: ['wbs', 'project'], render: (d) => wbsTree(d.wbs, d.project.fundingCurrency) },
  { id: 'deliverables', title: 'Deliverables', loads: ['deliverables'], render: (d) => deliverables(d.deliverables) },
  { id: 'budget', title: 'Budget burn', loads: ['budget'], render: (d) => budget(d.budget) },
];

export async function projectView({ params }) {
  const id = params[0];
  const project = await loaders.project(id); // a failure here (401, 404) is the page's problem
  const names = [...new Set(sections.flatMap((x) => x.loads))].filter((n) => n !== 'project');
  const settled = await Promise.allSettled(names.map((n) => loaders[n](id)));
  const data = { project };
  const failed = {};
  names.forEach((n, i) => {
    if (settled[i].status === 'fulfilled') data[n] = settled[i].value; else failed[n] = settled[i].reason;
  });
  const p = project;
  return h('div', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#/portfolio' }, 'Portfolio'), ' › ', p.key),
    h('h1', {}, `${p.key} · ${p.name}`),
    h('p', { class: 'summary' },
      h('span', { class: `badge s-${p.status}` }, label(p.status)),
      ` ${number(p.progress, 1)} % complete`,
      p.expand?.manager ? ` · manager ${p.expand.manager.name}` : '', p.expand?.sponsor ? ` · sponsor ${p.expand.sponsor.name}` : '',
      p.fundingCurrency ? ` · funding ${money(p.fundingAmount, p.fundingCurrency)}` : '',
      p.overdueMilestones ? ` · ${p.overdueMilestones} overdue milestone(s)` : ''),
    p.objectives ? h('p', {}, p.objectives) : null,
    h('nav', { 'aria-label': 'Sections', class: 'sections' },
      h('ul', {}, sections.map((x) => h('li', {}, h('a', { href: `#/projects/${id}`, 'data-section': x.id, onclick: jump }, x.title))))),
    sections.map((x) => {
      const missing = x.loads.map((n) => failed[n]).find(Boolean);
      return h('section', { id: `section-${x.id}`, 'aria-labelledby': `h-${x.id}` },
        h('h2', { id: `h-${x.id}` }, x.title),
        missing ? h('p', { class: 'problem inline', role: 'alert' }, missing.problem?.detail ?? String(missing.message)) : x.render(data));
    }));
}

function jump(event) {
  event.preventDefault();
  const target = document.getElementById(`section-${event.currentTarget.dataset.section}`);
  target.scrollIntoView();
  target.querySelector('h2').setAttribute('tabindex', '-1');
  target.querySelector('h2').focus({ preventScroll: true });
}

function slip(m) {
  if (m.slipDays == null) return '—';
  if (m.slipDays > 0) return h('span', { class: 'late' }, `${m.slipDays} working days late`);
  if (m.slipDays < 0) return h('span', { class: 'early' }, `${-m.slipDays} working days early`);
  return 'on time';
}

function milestones(schedule) {
  const list = schedule.milestones || [];
  if (!list.length) return h('p', {}, 'No milestones.');
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Milestones', tabindex: 0 },
    h('table', { id: 'milestones' },
      h('thead', {}, h('tr', {}, ['Milestone', 'Due', 'Forecast', 'Slippage', 'Achieved'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.map((m) => h('tr', { dataset: { id: m.id, slip: m.slipDays ?? '' } },
        h('td', {}, m.name), h('td', {}, m.dueDate), h('td', {}, m.forecastDate ?? '—'), h('td', {}, slip(m)),
        h('td', {}, m.achievedDate ?? '—'))))));
}

function deliverables(list) {
  if (!list.length) return h('p', {}, 'No deliverables.');
  const order = { submitted: 0, rejected: 1, draft: 2, accepted: 3 };
  const sorted = [...list].sort((a, b) => order[a.status] - order[b.status] || a.id - b.id);
  const waiting = list.filter((d) => d.status === 'submitted').length;
  return h('div', {},
    h('p', { class: 'summary', id: 'awaiting-review' }, `${waiting} awaiting review`),
    h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Deliverables', tabindex: 0 },
      h('table', { id: 'deliverables' },
        h('thead', {}, h('tr', {}, ['Deliverable', 'Status', 'Owner', 'Submitted', 'Review'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, sorted.map((d) => h('tr', { dataset: { id: d.id, status: d.status } },
          h('td', {}, d.name),
          h('td', {}, h('span', { class: `badge d-${d.status}` }, d.status === 'submitted' ? 'awaiting review' : d.status)),
          h('td', {}, d.expand?.owner?.name ?? '—'),
          h('td', {}, d.submittedAt ? d.submittedAt.slice(0, 10) : '—'),
          h('td', {}, d.reviewComments ?? (d.reviewedAt ? `reviewed ${d.reviewedAt.slice(0, 10)}` : '—'))))))));
}

function budget(report) {
  const c = report.currency;
  const months = report.months || [];
  const W = 640;
  const H = 220;
  const pad = { l: 10, r: 10, t: 10, b: 28 };
  const top = Math.max(1, ...months.map((m) => Math.max(m.cumulativePlanned ?? 0, m.cumulativeActual ?? 0)));
  const x = (i) => pad.l + (months.length <= 1 ? 0 : (i * (W - pad.l - pad.r)) / (months.length - 1));
  const y = (v) => H - pad.b - (v / top) * (H - pad.t - pad.b);
  const line = (key) => months.map((m, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(m[key] ?? 0).toFixed(1)}`).join(' ');
  const last = months[months.length - 1];
  const chart = s('svg', { class: 'burn', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'burn-title' },
    s('title', { id: 'burn-title' }, `Cumulative actual against the straight-line plan, fiscal year ${report.fiscalYear}` +
      (last ? `: ${money(last.cumulativeActual, c)} spent against ${money(last.cumulativePlanned, c)} planned by ${last.month}` : '')),
    s('line', { x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b, class: 'axisline' }),
    months.map((m, i) => s('text', { x: x(i), y: H - 10, class: 'tick', 'text-anchor': 'middle' }, m.month.slice(5))),
    s('path', { d: line('cumulativePlanned'), class: 'planned' }),
    s('path', { d: line('cumulativeActual'), class: 'actual' }));
  const rows = (report.categories || []).map((k) => h('tr', { dataset: { category: k.category } },
    h('th', { scope: 'row' }, k.category), h('td', { class: 'num' }, money(k.budget, c)), h('td', { class: 'num' }, money(k.actual, c)),
    h('td', { class: 'num' }, money(k.variance, c)), h('td', { class: 'num' }, k.percentUsed == null ? '—' : `${number(k.percentUsed, 1)} %`)));
  const t = report.total || {};
  return h('div', {},
    h('p', { class: 'summary', id: 'burn-summary' },
      `Fiscal year ${report.fiscalYear} (${report.from} to ${report.until}): `,
      h('span', { 'data-value': t.actual }, money(t.actual, c)), ' spent of ', h('span', { 'data-value': t.budget }, money(t.budget, c)),
      ` (${number(t.percentUsed, 1)} %), burning ${money(report.burnRate, c)} a month.`),
    h('p', { class: 'legend small' }, h('span', { class: 'key k-actual' }), ' cumulative actual ', h('span', { class: 'key k-planned' }), ' cumulative plan (straight line)'),
    h('div', { class: 'chart-wrap' }, chart),
    h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Budget by category', tabindex: 0 },
      h('table', { id: 'budget' },
        h('thead', {}, h('tr', {}, ['Category', 'Budget', 'Actual', 'Variance', 'Used'].map((x, i) => h('th', { scope: 'col', class: i ? 'num' : undefined }, x)))),
        h('tbody', {}, rows),
        h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Total'), h('td', { class: 'num' }, money(t.budget, c)),
          h('td', { class: 'num' }, money(t.actual, c)), h('td', { class: 'num' }, money(t.variance, c)),
          h('td', { class: 'num' }, t.percentUsed == null ? '—' : `${number(t.percentUsed, 1)} %`))))));
}
