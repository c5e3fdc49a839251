// Career profiles (no key needed): search as you type, a profile page, and two occupations compared.
import { getJSON } from '../api.js';
import { h, number } from '../dom.js';

const CODE = /^(?:\d{2}-\d{4}\.\d{2}|[A-Z]{2,8}-\d{4}\.\d{2})$/;
const open = { auth: false };

function hitList(items) {
  return h('ul', { class: 'hits' }, items.map((hit) => h('li', { dataset: { code: hit.code } },
    h('a', { href: `#/careers/${hit.code}` }, hit.title), ' ',
    h('span', { class: 'muted small' }, hit.code, hit.hasFullProfile ? ' · full profile' : ''))));
}

export async function careersView({ query }) {
  const initial = query.get('q') || '';
  const results = h('div', { id: 'results' });
  const status = h('p', { id: 'search-status', class: 'muted', role: 'status', 'aria-live': 'polite' });
  const input = h('input', {
    id: 'career-search', type: 'search', value: initial, spellcheck: 'false',
    placeholder: 'e.g. project manager', 'aria-describedby': 'search-status',
  });
  let pending = null;
  let timer = 0;
  async function search() {
    const q = input.value.trim();
    history.replaceState(null, '', q ? `#/careers?q=${encodeURIComponent(q)}` : '#/careers');
    pending?.abort();
    if (q.length < 2) {
      results.replaceChildren();
      status.textContent = 'Type two letters or more.';
      return;
    }
    pending = new AbortController();
    try {
      const page = await getJSON(`/api/v1/careers?q=${encodeURIComponent(q)}&perPage=20&fields=code,title,hasFullProfile`, { ...open, signal: pending.signal });
      status.textContent = page.totalItems === 0 ? `No occupation matches “${q}”.` : `${page.totalItems} occupations match “${q}”.`;
      // A misspelt query is answered for its correction: say so, and offer it as the query.
      const correction = page.didYouMean
        ? h('p', { id: 'did-you-mean' }, 'Showing results for ',
          h('a', { href: `#/careers?q=${encodeURIComponent(page.didYouMean)}` }, page.didYouMean), '.')
        : null;
      results.replaceChildren(...[correction, hitList(page.items)].filter(Boolean));
    } catch (error) {
      if (error.name === 'AbortError') return;
      status.textContent = error.problem?.detail ?? String(error.message);
    }
  }
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 150); });
  const view = h('div', {},
    h('h1', {}, 'Careers'),
    h('p', {}, 'Occupations from O*NET, searched by title, description and tasks. ',
      h('a', { href: '#/careers/compare' }, 'Compare two occupations'), '.'),
    h('form', { role: 'search', class: 'search', onsubmit: (e) => { e.preventDefault(); search(); } },
      h('label', { for: 'career-search' }, 'Search occupations'), input),
    status, results);
  if (initial) await search(); else status.textContent = 'Type two letters or more.';
  return view;
}

function elements(title, list) {
  if (!list?.length) return null;
  return h('section', {}, h('h2', {}, title),
    h('ul', { class: 'elements' }, list.map((e) => h('li', {},
      h('strong', {}, e.name), e.importance != null ? h('span', { class: 'muted small' }, ` importance ${number(e.importance, 1)}`) : '',
      e.description ? [h('br'), h('span', { class: 'small' }, e.description)] : ''))));
}

export async function careerView({ params }) {
  const code = decodeURIComponent(params[0]);
  const profile = await getJSON(`/api/v1/careers/${encodeURIComponent(code)}`, open);
  const o = profile.occupation;
  return h('article', { dataset: { code: o.code } },
    h('p', { class: 'crumbs' }, h('a', { href: '#/careers' }, 'Careers'), ' › ', o.code),
    h('h1', {}, o.title),
    h('p', { class: 'muted' }, o.code, o.jobZone ? ` · job zone ${o.jobZone}` : '', ' · ',
      h('a', { href: `#/careers/compare?a=${encodeURIComponent(o.code)}` }, 'compare with another occupation')),
    h('p', {}, o.description),
    profile.titles?.length ? h('section', {}, h('h2', {}, 'Job titles'), h('p', {}, profile.titles.map((t) => t.title).join(' · '))) : null,
    profile.tasks?.length ? h('section', {}, h('h2', {}, 'Tasks'), h('ul', { id: 'tasks' }, profile.tasks.map((t) => h('li', {}, t.statement)))) : null,
    elements('Abilities', profile.abilities), elements('Knowledge', profile.knowledge), elements('Skills', profile.skills),
    profile.related?.length ? h('section', {}, h('h2', {}, 'Related occupations'),
      h('ul', {}, profile.related.map((r) => h('li', {}, h('a', { href: `#/careers/${r.code}` }, r.title ?? r.code))))) : null,
    profile.credit ? h('p', { class: 'muted small' }, profile.credit) : null);
}

export async function compareView({ query }) {
  const a = (query.get('a') || '15-1299.09').trim();
  const b = (query.get('b') || '13-1082.00').trim();
  const field = (id, text, value) => h('p', {}, h('label', { for: id }, text), h('input', {
    id, name: id, value, pattern: CODE.source, required: true, title: 'An occupation code such as 15-1299.09', spellcheck: 'false',
  }));
  const form = h('form', {
    class: 'compare-form',
    onsubmit: (event) => {
      event.preventDefault();
      const data = new FormData(event.currentTarget);
      location.hash = `#/careers/compare?a=${encodeURIComponent(data.get('a').trim())}&b=${encodeURIComponent(data.get('b').trim())}`;
    },
  }, field('a', 'From occupation (code)', a), field('b', 'To occupation (code)', b), h('button', { type: 'submit' }, 'Compare'));
  const [one, two, comparison] = await Promise.all([
    getJSON(`/api/v1/careers/${encodeURIComponent(a)}`, open),
    getJSON(`/api/v1/careers/${encodeURIComponent(b)}`, open),
    getJSON(`/api/v1/careers/compare?codes=${encodeURIComponent(a)},${encodeURIComponent(b)}`, open),
  ]);
  const card = (p) => h('div', { class: 'card' }, h('h2', {}, h('a', { href: `#/careers/${p.occupation.code}` }, p.occupation.title)),
    h('p', { class: 'muted small' }, p.occupation.code), h('p', {}, p.occupation.description),
    h('p', { class: 'small' }, `${p.tasks?.length ?? 0} tasks, ${(p.abilities?.length ?? 0) + (p.knowledge?.length ?? 0) + (p.skills?.length ?? 0)} rated elements`));
  const fmt = (v) => (v == null ? '—' : number(v, 2));
  return h('div', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#/careers' }, 'Careers'), ' › compare'),
    h('h1', {}, 'Compare two occupations'),
    form,
    h('div', { class: 'pair' }, card(one), card(two)),
    h('h2', {}, 'Shared elements'),
    comparison.shared.length
      ? h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Shared elements', tabindex: 0 }, h('table', { id: 'shared' },
        h('thead', {}, h('tr', {}, ['Element', 'Kind', 'Importance A', 'Importance B', 'Level A', 'Level B'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, comparison.shared.map((e) => h('tr', {}, h('td', {}, e.name), h('td', {}, e.domain),
          h('td', { class: 'num' }, fmt(e.importanceA)), h('td', { class: 'num' }, fmt(e.importanceB)),
          h('td', { class: 'num' }, fmt(e.levelA)), h('td', { class: 'num' }, fmt(e.levelB)))))))
      : h('p', { id: 'shared-none' }, 'No rated element is listed for both (full profiles carry ratings; the occupation list alone does not).'),
    h('h2', {}, `Only in ${one.occupation.title}`),
    comparison.onlyInA?.length ? h('ul', { id: 'only-a' }, comparison.onlyInA.map((e) => h('li', {}, e.name))) : h('p', {}, 'Nothing.'),
    h('h2', {}, `Only in ${two.occupation.title}`),
    comparison.onlyInB.length ? h('ul', { id: 'only-b' }, comparison.onlyInB.map((e) => h('li', {}, e.name))) : h('p', {}, 'Nothing.'));
}
