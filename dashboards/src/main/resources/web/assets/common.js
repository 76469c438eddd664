// Shared by the cockpit and the SQL console: API calls (session, CSRF token), DOM building, number
// formats and the page header.

/** An API answer other than 2xx, with the server's message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let sessionPromise = null;

function toLogin() {
  location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
}

async function answer(r) {
  if (r.status === 401) { toLogin(); throw new ApiError(401, '请先登录'); }
  if (!r.ok) {
    const body = await r.json().catch(() => ({}));
    throw new ApiError(r.status, body.error || `${r.status} ${r.statusText}`);
  }
  return r;
}

/** The logged-in user: {username, name, role, street, csrfToken}. */
export function session() {
  sessionPromise ??= fetch('/api/session').then(answer).then(r => r.json());
  return sessionPromise;
}

export async function getJson(path) {
  return (await answer(await fetch(path, {headers: {Accept: 'application/json'}}))).json();
}

/** A state-changing request: JSON body and the session's CSRF token. */
export async function post(path, body) {
  const s = await session();
  return answer(await fetch(path, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken},
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
}

/** An element with attributes (class, dataset.*, text, on*) and children; text never parsed as HTML. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}

const INTEGER = new Intl.NumberFormat('zh-CN', {maximumFractionDigits: 0});
const MONEY = new Intl.NumberFormat('zh-CN', {minimumFractionDigits: 2, maximumFractionDigits: 2});
const DECIMAL = new Intl.NumberFormat('zh-CN', {maximumFractionDigits: 2});

/** A KPI value as leaders read it: grouped digits, money with its fen, hours with up to two decimals. */
export function formatValue(v, unit) {
  if (v === null || v === undefined) return '—';
  const n = Number(v);
  if (unit === '元') return MONEY.format(n);
  return Number.isInteger(n) ? INTEGER.format(n) : DECIMAL.format(n);
}

export function formatPercent(share) {
  return share === null || share === undefined ? '—' : (Number(share) * 100).toFixed(1) + '%';
}

/** The header every page shares: title, scope, navigation by role, the user and logout. */
export function renderHeader(user, streets, {title, scopeName, extra = []}) {
  const nav = el('nav', {class: 'nav'});
  if (!user.street) nav.append(el('a', {href: '/cockpit', text: '全区'}));
  for (const [code, name] of Object.entries(streets)) {
    if (!user.street || user.street === code) nav.append(el('a', {href: '/street/' + code, text: name.replace(/街道$/, '')}));
  }
  nav.append(el('a', {href: '/console', text: 'SQL 查询'}));
  const logout = el('button', {class: 'logout', type: 'button', text: '退出', onclick: async () => {
    await post('/api/logout').catch(() => {});
    location.href = '/login';
  }});
  const header = el('header', {class: 'top'},
    el('h1', {text: title}),
    el('span', {class: 'scope', id: 'scope', text: scopeName}),
    ...extra,
    nav,
    el('span', {class: 'user', text: `${user.name}（${user.username}）`}),
    logout);
  document.body.prepend(header);
  return header;
}
