// The SQL console: one read-only query at a time through /api/sql, its rows as a table or a chart, CSV export,
// the schema the user may read, their history and the saved queries, cancellation of a running query.
// The server does the checking (read-only user, statement rules, time and row limits, street scope): a saved or
// shared query is only text here, run through /api/sql as whoever runs it.
/* global echarts */
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

const $ = id => document.getElementById(id);
const sqlBox = $('sql');
const status = $('status');
const error = $('error');
const result = $('result');
const runButton = $('run');
const cancelButton = $('cancel');
const chartBox = $('chart');
const chartKind = $('chart-kind');
const chartLabel = $('chart-label');
const chartSeries = $('chart-series');
let chart = null;
let shown = null; // the result on the page: {columns, rows}

function showError(e) {
  error.textContent = e instanceof ApiError ? `${e.status}：${e.message}` : '请求失败：' + e.message;
}

function showRows(data) {
  const head = el('tr', {}, data.columns.map(c => el('th', {text: c})));
  const body = data.rows.map(r => el('tr', {}, data.columns.map(c => el('td', {
    class: typeof r[c] === 'number' ? 'n' : null, text: r[c] === null ? 'NULL' : String(r[c])}))));
  result.replaceChildren(el('table', {class: 'grid', id: 'result-table'}, el('thead', {}, head), el('tbody', {}, body)));
  const l = data.limits;
  status.textContent = `${l.rows} 行 · ${l.elapsedMs} 毫秒`;
  const p = l.profile;
  $('limits').textContent = `返回 ${l.rows} / 上限 ${l.maxRows} 行；用时 ${l.elapsedMs} 毫秒 / 上限 ${l.maxExecutionSeconds} 秒。`
    + `数据库账户限制：执行时间 ${p.max_execution_time} 秒，读取 ${p.max_rows_to_read} 行，结果 ${p.max_result_bytes} 字节，内存 ${p.max_memory_usage} 字节。`;
  shown = data;
  chartChoices(data);
}

// a column is numeric when every value of it is a number (NULLs aside) and it has one
function numericColumns(data) {
  return data.columns.filter(c => data.rows.some(r => typeof r[c] === 'number')
    && data.rows.every(r => r[c] === null || typeof r[c] === 'number'));
}

function chartChoices(data) {
  const numeric = numericColumns(data);
  const labels = data.columns.filter(c => !numeric.includes(c));
  chartLabel.replaceChildren(...(labels.length ? labels : data.columns).map(c => el('option', {value: c, text: `标签：${c}`})));
  chartSeries.replaceChildren(...numeric.map(c => el('label', {},
    el('input', {type: 'checkbox', value: c, checked: '', onchange: drawChart}), ' ' + c)));
  drawChart();
}

function drawChart() {
  const series = [...chartSeries.querySelectorAll('input:checked')].map(i => i.value).filter(c => c !== chartLabel.value);
  const kind = chartKind.value;
  chartBox.hidden = !kind || !shown || series.length === 0;
  if (chartBox.hidden) return;
  chart = chart || echarts.init(chartBox, 'dark', {renderer: 'canvas'});
  chart.setOption({
    backgroundColor: 'transparent',
    tooltip: {trigger: 'axis'},
    legend: {data: series},
    xAxis: {type: 'category', data: shown.rows.map(r => String(r[chartLabel.value]))},
    yAxis: {type: 'value'},
    series: series.map(c => ({name: c, type: kind, data: shown.rows.map(r => r[c])})),
  }, {notMerge: true});
  chart.resize();
  chartBox.dataset.series = String(series.length);
}

async function run() {
  error.textContent = '';
  status.textContent = '查询中…';
  runButton.disabled = true;
  cancelButton.disabled = false;
  try {
    showRows(await (await post('/api/sql', {sql: sqlBox.value})).json());
  } catch (e) {
    status.textContent = '';
    showError(e);
  } finally {
    runButton.disabled = false;
    cancelButton.disabled = true;
    loadHistory().catch(showError);
  }
}

async function cancel() {
  try {
    await post('/api/sql/cancel', {});
  } catch (e) {
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

function reuse(sql) {
  sqlBox.value = sql;
  sqlBox.focus();
}

function queryItem(sql, title, meta) {
  return el('li', {title: sql, onclick: () => reuse(sql)}, title, meta ? el('span', {class: 'meta', text: ` ${meta}`}) : null);
}

async function loadHistory() {
  const {history} = await getJson('/api/sql/history');
  $('history').replaceChildren(...history.map(h => queryItem(h.sql, h.sql.replace(/\s+/g, ' '))));
}

async function loadSaved() {
  const {saved} = await getJson('/api/sql/saved');
  $('saved').replaceChildren(...saved.map(q => queryItem(q.sql, q.name, `${q.author}${q.shared ? ' · 共享' : ''}`)));
}

async function save() {
  error.textContent = '';
  try {
    await post('/api/sql/saved', {name: $('save-name').value, sql: sqlBox.value, shared: $('save-shared').checked});
    $('save-name').value = '';
    $('save-shared').checked = false;
    await loadSaved();
  } catch (e) {
    showError(e);
  }
}

async function loadSchema() {
  const {tables} = await getJson('/api/sql/schema');
  $('schema').replaceChildren(...tables.map(t => el('details', {},
    el('summary', {title: t.comment || null}, t.name, el('span', {class: 'kind', text: t.kind === 'view' ? ' 视图' : ''})),
    el('ul', {}, t.columns.map(c => el('li', {title: c.comment || null},
      c.name, el('span', {class: 'type', text: ` ${c.type}`}),
      c.comment ? el('div', {class: 'type', text: c.comment}) : null))))));
}

async function main() {
  const [user, labels] = await Promise.all([session(), getJson('/api/labels')]);
  renderHeader(user, labels.street || {}, {title: 'SQL 查询', scopeName: user.street ? labels.street[user.street] : '全区'});
  $('rules').textContent = user.street
    ? `只读；仅可查询视图 kpi_latest 与 kpi_progress，每次读取均限本街道（${labels.street[user.street]}）；不可用 WITH 命名子查询。`
    : '只读；仅 SELECT（可 UNION）；不可用 SETTINGS / FORMAT / INTO OUTFILE；超时、内存与结果行数受限；不可读取文件、用户与设置。';
  const examples = $('examples');
  const mine = user.street ? OFFICER_EXAMPLES : EXAMPLES;
  for (const [name, sql] of mine) examples.append(el('option', {value: sql, text: name}));
  sqlBox.value = mine[0][1];
  examples.addEventListener('change', () => { if (examples.value) sqlBox.value = examples.value; });
  runButton.addEventListener('click', run);
  cancelButton.addEventListener('click', cancel);
  $('csv').addEventListener('click', exportCsv);
  $('save').addEventListener('click', save);
  chartKind.addEventListener('change', drawChart);
  chartLabel.addEventListener('change', drawChart);
  sqlBox.addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
  await Promise.all([loadSchema(), loadSaved(), loadHistory()]);
}

main().catch(showError);
