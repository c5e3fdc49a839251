// The WBS as a tree table with its roll-ups (effort, planned and actual cost, % complete); a summary package
// folds and unfolds its subtree with a button (keyboard and screen readers get aria-expanded).
import { h, label, money, number } from '../dom.js';

function rolledStatus(percent) {
  if (percent == null || percent === 0) return 'not started';
  return percent >= 100 ? 'completed' : 'in progress';
}

export function wbsTree(wbs, currency) {
  const items = wbs.items || [];
  const children = new Map();
  for (const item of items) {
    if (!children.has(item.parent)) children.set(item.parent, []);
    children.get(item.parent).push(item.id);
  }
  const rowById = new Map();
  function setHidden(id, hidden) {
    for (const child of children.get(id) || []) {
      const row = rowById.get(child);
      row.hidden = hidden;
      const button = row.querySelector('button');
      if (hidden || !button || button.getAttribute('aria-expanded') === 'true') setHidden(child, hidden);
    }
  }
  const rows = items.map((item) => {
    const summary = children.has(item.id);
    const toggle = summary
      ? h('button', {
        type: 'button', class: 'toggle', 'aria-expanded': 'true', 'aria-label': `Fold ${item.wbsCode} ${item.name}`,
        onclick: (event) => {
          const button = event.currentTarget;
          const open = button.getAttribute('aria-expanded') !== 'true';
          button.setAttribute('aria-expanded', String(open));
          button.setAttribute('aria-label', `${open ? 'Fold' : 'Unfold'} ${item.wbsCode} ${item.name}`);
          setHidden(item.id, !open);
        },
      }, '▾')
      : null;
    const row = h('tr', { dataset: { id: item.id, depth: item.depth }, class: summary ? 'summary-row' : undefined },
      h('td', {}, item.wbsCode),
      h('td', { style: `padding-left:${(item.depth - 1) * 1.1 + 0.4}rem` }, toggle, summary ? ' ' : '', item.name),
      // A summary package's own status is what was set on it; its roll-up says more.
      h('td', {}, summary ? rolledStatus(item.percentComplete) : label(item.status ?? '')),
      h('td', { class: 'num' }, item.percentComplete == null ? '—' : `${number(item.percentComplete, 0)} %`),
      h('td', { class: 'num' }, number(item.estimatedEffortHours)),
      // Leaves costed in different currencies are not added up: the API says so with currencyMixed.
      h('td', { class: 'num', dataset: { value: item.plannedCost ?? '' } },
        item.currencyMixed ? 'mixed currencies' : money(item.plannedCost, item.costCurrency ?? currency)),
      h('td', { class: 'num' },
        item.currencyMixed ? 'mixed currencies' : money(item.actualCost, item.costCurrency ?? currency)));
    rowById.set(item.id, row);
    return row;
  });
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Work breakdown structure', tabindex: 0 },
    h('table', { id: 'wbs', class: 'compact' },
      h('thead', {}, h('tr', {}, ['WBS', 'Package', 'Status', 'Complete', 'Effort (h)', 'Planned cost', 'Actual cost']
        .map((t, i) => h('th', { scope: 'col', class: i > 2 ? 'num' : undefined }, t)))),
      h('tbody', {}, rows)));
}
