// The schedule as an SVG Gantt chart: a bar per leaf package (critical ones marked), the current baseline's bar
// under each, the links, the days off shaded, the milestones (due and forecast) and today's line.
import { byWbs, dateText, dayOf, h, s, todayDay } from './dom.js';

const ROW = 22;
const TOP = 34;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function gantt(schedule, today = todayDay()) {
  // Narrower labels on a phone, so that bars show beside them.
  const LABEL = window.innerWidth < 700 ? 150 : 230;
  const chars = Math.floor(LABEL / 6.6);
  const items = [...schedule.items].sort((a, b) => byWbs(a.wbsCode, b.wbsCode));
  const milestones = schedule.milestones || [];
  let first = dayOf(schedule.start);
  let last = dayOf(schedule.finish);
  for (const i of items) {
    if (i.baselineStart) first = Math.min(first, dayOf(i.baselineStart));
    if (i.baselineFinish) last = Math.max(last, dayOf(i.baselineFinish));
  }
  for (const m of milestones) {
    for (const d of [m.dueDate, m.forecastDate]) if (d) { first = Math.min(first, dayOf(d)); last = Math.max(last, dayOf(d)); }
  }
  last += 3;
  const days = last - first + 1;
  const dayW = Math.max(3, Math.min(24, Math.floor(1000 / days)));
  const width = LABEL + days * dayW + 10;
  const rows = items.length + milestones.length;
  const height = TOP + rows * ROW + 10;
  const x = (day) => LABEL + (day - first) * dayW;
  const rowOf = new Map(items.map((item, index) => [item.id, index]));
  const y = (index) => TOP + index * ROW;
  const critical = items.filter((i) => i.critical).length;

  const svg = s('svg', {
    class: 'gantt', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'gantt-title',
  });
  svg.append(s('title', { id: 'gantt-title' },
    `Gantt chart: ${items.length} packages from ${schedule.start} to ${schedule.finish}, ${critical} on the critical path`));
  svg.append(s('defs', {},
    s('marker', { id: 'arrow', viewBox: '0 0 6 6', refX: 6, refY: 3, markerWidth: 6, markerHeight: 6, orient: 'auto' },
      s('path', { d: 'M0,0 L6,3 L0,6 z', class: 'arrowhead' }))));

  // Days off, merged into runs.
  const off = (schedule.nonWorkingDays || []).map(dayOf).sort((a, b) => a - b);
  const shade = s('g', { class: 'nonworking' });
  for (let i = 0; i < off.length;) {
    let j = i;
    while (j + 1 < off.length && off[j + 1] === off[j] + 1) j += 1;
    shade.append(s('rect', { x: x(off[i]), y: TOP - 4, width: (off[j] - off[i] + 1) * dayW, height: rows * ROW + 4 }));
    i = j + 1;
  }
  svg.append(shade);

  // Month ticks.
  const axis = s('g', { class: 'axis' });
  for (let d = first; d <= last; d += 1) {
    const text = dateText(d);
    if (text.endsWith('-01') || d === first) {
      axis.append(s('line', { x1: x(d), x2: x(d), y1: 14, y2: height - 10 }));
      axis.append(s('text', { x: x(d) + 3, y: 12 }, `${MONTHS[Number(text.slice(5, 7)) - 1]} ${text.slice(2, 4)}`));
    }
  }
  svg.append(axis);

  // Links: from the end (or start, for SS/SF) of the predecessor to the start (or end) of the successor.
  const byId = new Map(items.map((i) => [i.id, i]));
  const links = s('g', { class: 'links' });
  for (const link of schedule.links || []) {
    const from = byId.get(link.predecessor);
    const to = byId.get(link.successor);
    if (!from || !to) continue;
    const fromX = link.type[0] === 'S' ? x(dayOf(from.earlyStartDate)) : x(dayOf(from.earlyFinishDate) + 1);
    const toX = link.type[1] === 'S' ? x(dayOf(to.earlyStartDate)) : x(dayOf(to.earlyFinishDate) + 1);
    const y1 = y(rowOf.get(from.id)) + ROW / 2 - 3;
    const y2 = y(rowOf.get(to.id)) + ROW / 2 - 3;
    const bend = Math.max(fromX, toX - 4) + 4;
    links.append(s('path', {
      d: `M${fromX},${y1} H${bend} V${y2} H${toX}`, 'marker-end': 'url(#arrow)',
      class: from.critical && to.critical ? 'link critical' : 'link',
    }));
  }
  svg.append(links);

  // Bars.
  const bars = s('g', { class: 'bars' });
  items.forEach((item, index) => {
    const top = y(index);
    const start = dayOf(item.earlyStartDate);
    const finish = dayOf(item.earlyFinishDate);
    const g = s('g', {
      class: `bar${item.critical ? ' critical' : ''} p-${item.progress}`,
      'data-id': item.id, 'data-critical': String(item.critical), 'data-wbs': item.wbsCode,
    });
    g.append(s('title', {}, `${item.wbsCode} ${item.name}: ${item.earlyStartDate} to ${item.earlyFinishDate}, ` +
      `${item.durationDays} working days, float ${item.totalFloat}${item.critical ? ', critical' : ''}, ${item.progress.replace('_', ' ')}` +
      (item.baselineStart ? `; baseline ${item.baselineStart} to ${item.baselineFinish}` : '')));
    g.append(s('text', { x: 4, y: top + 14, class: 'label' }, `${item.wbsCode} ${item.name}`.slice(0, chars)));
    if (item.baselineStart && item.baselineFinish) {
      const b0 = dayOf(item.baselineStart);
      const b1 = dayOf(item.baselineFinish);
      g.append(s('rect', { class: 'baseline', x: x(b0), y: top + 15, width: (b1 - b0 + 1) * dayW, height: 4 }));
    }
    if (item.durationDays === 0) {
      const cx = x(start) + dayW / 2;
      g.append(s('path', { class: 'shape', d: `M${cx},${top + 3} l6,6 l-6,6 l-6,-6 z` }));
    } else {
      g.append(s('rect', { class: 'shape', x: x(start), y: top + 4, width: (finish - start + 1) * dayW, height: 10, rx: 2 }));
    }
    bars.append(g);
  });
  svg.append(bars);

  // Milestones: a hollow diamond on the due date, a filled one on the forecast (red when it slips).
  const marks = s('g', { class: 'milestones' });
  milestones.forEach((m, index) => {
    const top = y(items.length + index);
    const g = s('g', { class: `milestone${m.slipDays > 0 ? ' slipping' : ''}`, 'data-id': m.id });
    g.append(s('title', {}, `${m.name}: due ${m.dueDate}, forecast ${m.forecastDate ?? 'none'}` +
      (m.slipDays ? `, ${m.slipDays > 0 ? 'late' : 'early'} by ${Math.abs(m.slipDays)} working days` : '')));
    g.append(s('text', { x: 4, y: top + 14, class: 'label' }, `◆ ${m.name}`.slice(0, chars)));
    const diamond = (day, cls) => {
      const cx = x(day) + dayW / 2;
      return s('path', { class: cls, d: `M${cx},${top + 3} l6,6 l-6,6 l-6,-6 z` });
    };
    g.append(diamond(dayOf(m.dueDate), 'due'));
    if (m.forecastDate) g.append(diamond(dayOf(m.forecastDate), 'forecast'));
    marks.append(g);
  });
  svg.append(marks);

  if (today >= first && today <= last) {
    svg.append(s('g', { class: 'today' },
      s('line', { x1: x(today) + dayW / 2, x2: x(today) + dayW / 2, y1: 16, y2: height - 6 }),
      s('text', { x: x(today) + dayW / 2 + 3, y: 26 }, 'today')));
  }

  const legend = h('p', { class: 'legend small' },
    h('span', { class: 'key k-bar' }), ' planned bar ', h('span', { class: 'key k-critical' }), ' critical path ',
    h('span', { class: 'key k-baseline' }), ' baseline ', h('span', { class: 'key k-off' }), ' day off ',
    h('span', { class: 'key k-today' }), ' today');
  const table = h('details', {},
    h('summary', {}, 'The schedule as a table'),
    h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Schedule table', tabindex: 0 },
      h('table', { class: 'compact' },
        h('thead', {}, h('tr', {}, ['WBS', 'Package', 'Start', 'Finish', 'Days', 'Float', 'Critical', 'Progress', 'Baseline start', 'Baseline finish']
          .map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, items.map((i) => h('tr', {},
          h('td', {}, i.wbsCode), h('td', {}, i.name), h('td', {}, i.earlyStartDate), h('td', {}, i.earlyFinishDate),
          h('td', { class: 'num' }, i.durationDays), h('td', { class: 'num' }, i.totalFloat), h('td', {}, i.critical ? 'yes' : 'no'),
          h('td', {}, i.progress.replace('_', ' ')), h('td', {}, i.baselineStart ?? '—'), h('td', {}, i.baselineFinish ?? '—')))))));
  return h('div', {},
    h('p', { class: 'summary' },
      `${items.length} packages, ${schedule.durationDays} working days from ${schedule.start} to ${schedule.finish}; `,
      `${critical} critical`, schedule.baseline ? `; baseline “${schedule.baseline.name}”` : '; no baseline',
      schedule.statusDate ? `; status date ${schedule.statusDate}` : '', schedule.calendar ? `; calendar ${schedule.calendar.name}` : ''),
    legend,
    h('div', { class: 'gantt-wrap', role: 'region', 'aria-label': 'Gantt chart, scrolls sideways', tabindex: 0 }, svg),
    table);
}
