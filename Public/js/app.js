// The dashboard: a hash router over views, the API key form, the problem banner and the refresh.
// A view is { name, pattern, render(context) → Node }. A later record's view (risks, meetings, workload) is one
// more entry in `views` (and, when it belongs in the top bar, one more link in index.html's #nav).
import { ApiError, apiKey, setApiKey, stats } from './api.js';
import { h } from './dom.js';
import { portfolioView } from './views/portfolio.js';
import { projectView } from './views/project.js';
import { careersView, careerView, compareView } from './views/careers.js';

const views = [
  { name: 'portfolio', nav: 'portfolio', pattern: /^\/(?:portfolio)?$/, needsKey: true, refresh: true, render: portfolioView },
  { name: 'project', nav: 'portfolio', pattern: /^\/projects\/(\d+)$/, needsKey: true, refresh: true, render: projectView },
  { name: 'careers', nav: 'careers', pattern: /^\/careers$/, render: careersView },
  { name: 'compare', nav: 'careers', pattern: /^\/careers\/compare$/, render: compareView },
  { name: 'career', nav: 'careers', pattern: /^\/careers\/([A-Za-z0-9.-]+)$/, render: careerView },
];

const main = document.getElementById('view');
const banner = document.getElementById('error');
let generation = 0;

export function showProblem(error) {
  if (!error) { banner.hidden = true; banner.replaceChildren(); delete banner.dataset.status; return; }
  if (error.name === 'AbortError') return;
  const problem = error instanceof ApiError ? error.problem : { title: 'Error', detail: String(error.message || error) };
  banner.dataset.status = error.status ?? '';
  banner.replaceChildren(
    h('strong', {}, `${problem.title || 'Error'}${problem.status ? ` (${problem.status})` : ''}: `),
    h('span', { class: 'detail' }, problem.detail || 'the request failed'),
  );
  banner.hidden = false;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/portfolio';
  const [path, query = ''] = raw.split('?');
  return { path, query: new URLSearchParams(query) };
}

/** Renders the view the address names; `refresh` re-reads its data (304s when nothing changed). */
async function show({ refresh = false } = {}) {
  const mine = ++generation;
  sayKey();
  const { path, query } = parseHash();
  let match = null;
  const view = views.find((v) => (match = path.match(v.pattern)));
  for (const link of document.querySelectorAll('#nav a')) {
    if (view && link.dataset.view === view.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!refresh) showProblem(null);
  main.dataset.ready = '';
  if (!view) {
    main.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, `Nothing is shown at ${path}. `, h('a', { href: '#/portfolio' }, 'Go to the portfolio')));
    main.dataset.ready = 'missing';
    return;
  }
  if (view.needsKey && !apiKey()) {
    main.replaceChildren(
      h('h1', {}, view.name === 'portfolio' ? 'Portfolio' : 'Project'),
      h('p', { class: 'notice' }, 'Project records need an API key: enter one above (',
        h('code', {}, 'charter keys create --name me --role viewer'), '). ',
        h('a', { href: '#/careers' }, 'Career profiles'), ' need none.'),
    );
    main.dataset.ready = 'needs-key';
    return;
  }
  try {
    const before = { ...stats };
    const node = await view.render({ params: match.slice(1), query, refresh, current: () => mine === generation });
    if (mine !== generation) return;
    // A refresh whose every answer was a 304 leaves the page as it is (scroll, folds and focus included).
    const unchanged = refresh && stats.requests - before.requests === stats.notModified - before.notModified;
    if (node && !unchanged) main.replaceChildren(node);
    if (refresh) showProblem(null);
    const heading = main.querySelector('h1');
    document.title = `${heading ? heading.textContent : view.name} · Charter`;
    main.dataset.ready = view.name;
    if (!refresh && !view.keepFocus) main.focus({ preventScroll: true });
  } catch (error) {
    if (mine !== generation) return;
    showProblem(error);
    if (!refresh) main.replaceChildren(h('h1', {}, 'Could not load this view'), h('p', {}, 'See the message above.'));
    main.dataset.ready = 'error';
  }
}

// The key: entered once, kept for the tab's life.
const form = document.getElementById('key-form');
const input = document.getElementById('api-key');
const state = document.getElementById('key-state');
function sayKey() { state.textContent = apiKey() ? `key ${apiKey().slice(0, 8)}… in use` : 'no key'; }
form.addEventListener('submit', (event) => {
  event.preventDefault();
  setApiKey(input.value.trim());
  input.value = '';
  sayKey();
  show();
});
document.getElementById('key-clear').addEventListener('click', () => { setApiKey(''); sayKey(); show(); });
sayKey();

window.addEventListener('hashchange', () => show());
// Refresh what is shown every minute while the tab is visible, with If-None-Match (see api.js).
setInterval(() => {
  const { path } = parseHash();
  const view = views.find((v) => v.pattern.test(path));
  if (document.visibilityState === 'visible' && view?.refresh && (!view.needsKey || apiKey())) show({ refresh: true });
}, 60000);
window.charterRefresh = () => show({ refresh: true });
show();
