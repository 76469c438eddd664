// The SQL console: one read-only query at a time through /api/sql, its rows as a table, CSV export.
// The server does the checking (read-only user, statement rules, time and row limits, street scope).
import {ApiError, el, getJson, post, renderHeader, session} from './common.js';

const EXAMPLES = [
  ['年度目标完成率（全区）', "SELECT year, kpi, actual, target, round(completion_rate, 3) AS completion_rate, round(pace, 3) AS pace\nFROM kpi_progress\nWHERE street = ''\nORDER BY year, kpi"],
  ['各街道入会人数（按月）', "SELECT bucket, street, value\nFROM kpi_latest\nWHERE kpi = 'members_joined' AND grain = 'month' AND street != ''\n  AND industry = '' AND employment_form = '' AND category = ''\nORDER BY bucket, street"],
  ['新就业形态入会（按年）', "SELECT toYear(bucket) AS year, employment_form, value\nFROM kpi_latest\nWHERE kpi = 'members_joined' AND grain = 'year' AND street = ''\n  AND industry = '' AND employment_form NOT IN ('', 'standard') AND category = ''\nORDER BY year, value DESC"],
  ['被拒事件（按原因）', "SELECT reason, count() AS events\nFROM rejected_events\nGROUP BY reason\nORDER BY events DESC"],
];
// a street officer's query reads kpi_latest / kpi_progress only and returns a street column
const OFFICER_EXAMPLES = [
  ['本街道年度目标完成率', 'SELECT year, street, kpi, actual, target, round(completion_rate, 3) AS completion_rate\nFROM kpi_progress\nORDER BY year, kpi'],
  ['本街道入会人数（按月）', "SELECT bucket, street, value\nFROM kpi_latest\nWHERE kpi = 'members_joined' AND grain = 'month'\n  AND industry = '' AND employment_form = '' AND category = ''\nORDER BY bucket"],
];

const sqlBox = document.getElementById('sql');
const status = document.getElementById('status');
const error = document.getElementById('error');
const result = document.getElementById('result');

function showError(e) {
  error.textContent = e instanceof ApiError ? `${e.status}：${e.message}` : '请求失败：' + e.message;
}

function showRows(data, ms) {
  const head = el('tr', {}, data.columns.map(c => el('th', {text: c})));
  const body = data.rows.map(r => el('tr', {}, data.columns.map(c => el('td', {
    class: typeof r[c] === 'number' ? 'n' : null, text: r[c] === null ? 'NULL' : String(r[c])}))));
  result.replaceChildren(el('table', {class: 'grid', id: 'result-table'}, el('thead', {}, head), el('tbody', {}, body)));
  status.textContent = `${data.rows.length} 行 · ${ms} 毫秒`;
}

async function run() {
  error.textContent = '';
  status.textContent = '查询中…';
  const started = performance.now();
  try {
    const r = await post('/api/sql', {sql: sqlBox.value});
    showRows(await r.json(), Math.round(performance.now() - started));
  } catch (e) {
    status.textContent = '';
    showError(e);
  }
}

async function exportCsv() {
  error.textContent = '';
  try {
    const blob = await (await post('/api/sql/csv', {sql: sqlBox.value})).blob();
    const url = URL.createObjectURL(blob);
    el('a', {href: url, download: 'query.csv'}).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    showError(e);
  }
}

async function main() {
  const [user, labels] = await Promise.all([session(), getJson('/api/labels')]);
  renderHeader(user, labels.street || {}, {title: 'SQL 查询', scopeName: user.street ? labels.street[user.street] : '全区'});
  document.getElementById('rules').textContent = user.street
    ? `只读；仅可查询视图 kpi_latest 与 kpi_progress，每次读取均限本街道（${labels.street[user.street]}）；不可用 WITH 命名子查询。`
    : '只读；仅 SELECT（可 UNION）；不可用 SETTINGS / FORMAT / INTO OUTFILE；超时、内存与结果行数受限；不可读取文件、用户与设置。';
  const examples = document.getElementById('examples');
  const mine = user.street ? OFFICER_EXAMPLES : EXAMPLES;
  for (const [name, sql] of mine) examples.append(el('option', {value: sql, text: name}));
  sqlBox.value = mine[0][1];
  examples.addEventListener('change', () => { if (examples.value) sqlBox.value = examples.value; });
  document.getElementById('run').addEventListener('click', run);
  document.getElementById('csv').addEventListener('click', exportCsv);
  sqlBox.addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
}

main().catch(showError);
