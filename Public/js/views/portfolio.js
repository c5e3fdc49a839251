// The portfolio: one row per project.
//
// The seam: until GET /api/v1/portfolio exists, the rows come from the projects list and the open milestones
// (two requests) and the red/amber/green is worked out here from what a project says (overdue milestones, on
// hold). When the endpoint lands, set PORTFOLIO_ENDPOINT and map its items in `fromPortfolio`: the columns it
// adds (actual cost, open change requests) show by themselves, since a column is shown when a row has its value.
import { getAll, getJSON } from '../api.js';
import { h, label, money, number } from '../dom.js';

export const PORTFOLIO_ENDPOINT = null; // '/api/v1/portfolio' once it exists

function fromPortfolio(item) {
  return {
    id: item.id, key: item.key, name: item.name, status: item.status, rag: item.rag, ragReason: item.ragReason,
    progress: item.progress, manager: item.manager?.name ?? item.manager,
    budget: item.budget, actual: item.actual, nextMilestone: item.nextMilestone,
    openChangeRequests: item.openChangeRequests, overdueMilestones: item.overdueMilestones,
  };
}

function rag(project) {
  if (project.overdueMilestones > 0) return ['red', `${project.overdueMilestones} overdue milestone(s)`];
  if (project.status === 'on_hold') return ['amber', 'on hold'];
  if (project.forecastFinish && project.plannedFinish && project.forecastFinish > project.plannedFinish) {
    return ['amber', 'forecast after planned finish'];
  }
  return ['green', project.status === 'proposed' ? 'not started' : 'on track'];
}

export async function loadPortfolio() {
  if (PORTFOLIO_ENDPOINT) return (await getJSON(PORTFOLIO_ENDPOINT)).items.map(fromPortfolio);
  const [projects, open] = await Promise.all([
    getAll('/api/v1/projects?sort=key&expand=manager'),
    getAll('/api/v1/milestones?status=in.(planned,at_risk,missed)&sort=dueDate&fields=id,project,name,dueDate,status'),
  ]);
  const next = new Map();
  for (const m of open) if (!next.has(m.project)) next.set(m.project, m);
  return projects.map((p) => {
    const [colour, reason] = rag(p);
    return {
      id: p.id, key: p.key, name: p.name, status: p.status, rag: colour, ragReason: reason,
      progress: p.progress, manager: p.expand?.manager?.name,
      budget: p.fundingCurrency ? { amount: p.fundingAmount, currency: p.fundingCurrency } : null,
      nextMilestone: next.get(p.id) ?? null, overdueMilestones: p.overdueMilestones,
    };
  });
}

const columns = [
  { title: 'Project', cell: (r) => h('td', {}, h('a', { href: `#/projects/${r.id}` }, `${r.key} · ${r.name}`)) },
  { title: 'Status', cell: (r) => h('td', {}, h('span', { class: `badge s-${r.status}` }, label(r.status))) },
  {
    title: 'RAG',
    cell: (r) => h('td', { dataset: { rag: r.rag } },
      h('span', { class: `rag rag-${r.rag}`, title: r.ragReason }, r.rag), h('span', { class: 'muted small' }, ` ${r.ragReason ?? ''}`)),
  },
  { title: 'Progress', num: true, cell: (r) => h('td', { class: 'num', dataset: { value: r.progress ?? '' } }, r.progress == null ? '—' : `${number(r.progress, 1)} %`) },
  { title: 'Manager', cell: (r) => h('td', {}, r.manager ?? '—') },
  {
    title: 'Budget', num: true,
    cell: (r) => h('td', { class: 'num', dataset: { value: r.budget?.amount ?? '' } }, r.budget ? money(r.budget.amount, r.budget.currency) : '—'),
  },
  {
    title: 'Actual', num: true, when: (rows) => rows.some((r) => r.actual !== undefined),
    cell: (r) => h('td', { class: 'num' }, r.actual ? money(r.actual.amount, r.actual.currency) : '—'),
  },
  {
    title: 'Next milestone',
    cell: (r) => h('td', {}, r.nextMilestone ? [r.nextMilestone.name, h('br'), h('span', { class: 'muted small' }, `due ${r.nextMilestone.dueDate}`)] : '—'),
  },
  { title: 'Overdue', num: true, cell: (r) => h('td', { class: 'num' }, r.overdueMilestones ?? '—') },
  {
    title: 'Open change requests', num: true, when: (rows) => rows.some((r) => r.openChangeRequests !== undefined),
    cell: (r) => h('td', { class: 'num' }, r.openChangeRequests ?? '—'),
  },
];

export async function portfolioView() {
  const rows = await loadPortfolio();
  const shown = columns.filter((c) => !c.when || c.when(rows));
  const byStatus = (s) => rows.filter((r) => r.status === s).length;
  return h('div', {},
    h('h1', {}, 'Portfolio'),
    h('p', { class: 'summary' },
      `${rows.length} projects: ${byStatus('active')} active, ${byStatus('on_hold')} on hold, ${byStatus('proposed')} proposed; `,
      `${rows.filter((r) => r.rag === 'red').length} red, ${rows.filter((r) => r.rag === 'amber').length} amber.`),
    rows.length === 0
      ? h('p', { class: 'notice' }, 'No projects yet. ', h('code', {}, 'charter demo'), ' loads a demo portfolio.')
      : h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Projects', tabindex: 0 },
        h('table', { id: 'portfolio' },
          h('caption', { class: 'sr-only' }, 'One row per project'),
          h('thead', {}, h('tr', {}, shown.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.title)))),
          h('tbody', {}, rows.map((r) => h('tr', { dataset: { project: r.id, key: r.key } }, shown.map((c) => {
            const cell = c.cell(r);
            cell.dataset.label = c.title; // the heading beside each value when a phone shows rows as cards
            return cell;
          })))))),
  );
}
