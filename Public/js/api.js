// Same-origin calls to Charter's API. The key lives in sessionStorage (gone when the tab closes); each answer
// with an ETag is kept, so a refresh sends If-None-Match and a 304 reuses what is shown. A failed call throws
// an ApiError carrying the RFC 9457 problem, whose `detail` the page shows.
const KEY = 'charter.apiKey';
const answers = new Map(); // "key\npath" -> {etag, data}

export const stats = { requests: 0, notModified: 0 };
window.charterStats = stats; // read by the browser tests (request budget, 304s)

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function apiKey() { return sessionStorage.getItem(KEY) || ''; }
export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key); else sessionStorage.removeItem(KEY);
  answers.clear();
}

/**
 * GET a JSON document. `auth: false` for career profiles, which need no key (so a wrong key never breaks them).
 * `signal` cancels a call a newer one replaced (search as you type).
 */
export async function getJSON(path, { auth = true, signal } = {}) {
  const headers = { Accept: 'application/json' };
  const key = auth ? apiKey() : '';
  if (key) headers.Authorization = `Bearer ${key}`;
  const id = `${key}\n${path}`;
  const kept = answers.get(id);
  if (kept) headers['If-None-Match'] = kept.etag;
  stats.requests += 1;
  const response = await fetch(path, { headers, signal, cache: 'no-store', credentials: 'same-origin' });
  if (response.status === 304 && kept) {
    stats.notModified += 1;
    return kept.data;
  }
  if (!response.ok) {
    let problem;
    try { problem = await response.json(); } catch { problem = { title: response.statusText, status: response.status }; }
    throw new ApiError(response.status, problem);
  }
  const data = await response.json();
  const etag = response.headers.get('ETag');
  if (etag) answers.set(id, { etag, data });
  return data;
}

/** Every page of a list (perPage 500, following rel="next"), for the few lists a view shows whole. */
export async function getAll(path, options) {
  const separator = path.includes('?') ? '&' : '?';
  const first = await getJSON(`${path}${separator}perPage=500`, options);
  let items = first.items;
  for (let page = 2; page <= Math.min(first.totalPages || 1, 20); page += 1) {
    items = items.concat((await getJSON(`${path}${separator}perPage=500&page=${page}`, options)).items);
  }
  return items;
}
