// Small helpers: elements built from data (text is always text, never HTML), SVG, and number formats.
const SVG = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
export const s = (tag, attrs, ...children) => build(document.createElementNS(SVG, tag), attrs, children);

const moneyFormats = new Map();
function moneyFormat(currency) {
  if (!moneyFormats.has(currency)) {
    moneyFormats.set(currency, new Intl.NumberFormat('en-GB', { style: 'currency', currency }));
  }
  return moneyFormats.get(currency);
}

/** Minor units of `currency` as text: 240000000 EUR is "€2,400,000.00" (the exponent is the currency's). */
export function money(minor, currency) {
  if (minor === null || minor === undefined || !currency) return '—';
  const format = moneyFormat(currency);
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format(minor / 10 ** digits);
}

export const number = (value, digits = 0) =>
  value === null || value === undefined ? '—' : value.toLocaleString('en-GB', { maximumFractionDigits: digits });

/** Days since 1970-01-01 of "YYYY-MM-DD" (UTC, no time zone drift). */
export function dayOf(text) {
  const [y, m, d] = text.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86400000);
}
export function dateText(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
export function todayDay() {
  const now = new Date();
  return Math.round(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 86400000);
}

/** "1.10" after "1.9": WBS codes compared part by part. */
export function byWbs(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
  }
  return 0;
}

export const label = (text) => text.replaceAll('_', ' ');
