// The cockpit: renders the panels of the district dashboard (dashboards/*.yaml) for the district or one
// street, and keeps them live: the server pushes `kpi-changed` (SSE) and the page re-reads its panels and
// the data clock. The layout (desktop, large screen, phone) is screen.js's and the CSS's; the drill-down to a street
// or a KPI's page, and back, is drill.js's.
import {ApiError, el, formatPercent, formatValue, getJson, post, renderHeader, session} from './common.js';
import {dataClockElement, refreshDataClock} from './data-clock.js';
import {go, keepYear, place, startDrill, streetNamed} from './drill.js';
import {mountStage, screenButtons} from './screen.js';
import {PALETTE, baseOption, lineOption} from './charts.js';
import {exportMenu} from './export-menu.js';

/* global echarts */
const DASHBOARD = 'district';
/** Pace (completion rate minus the share of the year gone) within ±5 points counts as on track. */
const PACE_BAND = 0.05;
const YEARS_REFRESH_MS = 30_000;
/** How often "落后当前 …" is worked out again when no event moves the clock. */
const CLOCK_REFRESH_MS = 60_000;
const DIMENSION_NAMES = {street: '街道', industry: '行业', employment_form: '用工形态', category: '类别'};

const state = {
  user: null,
  street: null,          // the street shown, null for the district
  dashboard: null,
  labels: {},
  year: null,
  yearChosen: false,     // the user picked a year: stop following the newest one
  charts: new Map(),     // panel id -> echarts instance
  refreshing: null,
  again: false,
  refreshes: 0,
};

function label(dimension, code) {
  return (state.labels[dimension] || {})[code] || code;
}

/** The panel's data, or with a suffix ('/export.csv', '/export.xlsx') its download. */
function panelUrl(panel, suffix = '') {
  const q = new URLSearchParams({year: state.year});
  if (state.street) q.set('street', state.street);
  return `/api/panels/${panel.id}${suffix}?${q}`;
}

// ---- rendering ------------------------------------------------------------------------------------

function paceClass(row) {
  if (row.target === null || row.target === undefined) return 'pace-none';
  if (row.pace < -PACE_BAND) return 'pace-behind';
  if (row.pace > PACE_BAND) return 'pace-ahead';
  return 'pace-on';
}

function paceText(row) {
  if (row.target === null || row.target === undefined) return '无年度目标';
  const points = Math.abs(row.pace * 100).toFixed(1);
  if (row.pace < -PACE_BAND) return `落后时序进度 ${points} 个百分点`;
  if (row.pace > PACE_BAND) return `超前时序进度 ${points} 个百分点`;
  return '与时序进度持平';
}

function numberSpan(text) {
  return el('span', {class: text.length > 9 ? 'num long' : 'num', text});
}

function renderCards(panel, data, box) {
  const rows = new Map(data.rows.map(r => [r.kpi_id, r]));
  box.replaceChildren(...panel.kpis.map(k => {
    const row = rows.get(k.id) || {kpi_id: k.id, actual: 0, target: null, completion_rate: null, pace: null};
    const done = Math.min(1, Number(row.completion_rate || 0));
    const bar = el('div', {class: 'bar'}, el('i'), el('b'));
    bar.children[0].style.width = (done * 100).toFixed(1) + '%';
    bar.children[1].style.left = (Math.min(1, Number(row.elapsed_share || 0)) * 100).toFixed(1) + '%';
    return el('div', {class: 'card ' + paceClass(row), dataset: {kpi: k.id, value: String(row.actual)}, title: '查看指标详情',
      onclick: () => go({street: state.street, kpi: k.id, year: state.year})},
      el('div', {class: 'name', text: k.name}),
      el('div', {class: 'value'}, numberSpan(formatValue(row.actual, k.unit)), el('span', {class: 'unit', text: k.unit})),
      row.target === null || row.target === undefined ? el('div', {class: 'target', text: '—'})
        : el('div', {class: 'target', text: `目标 ${formatValue(row.target, k.unit)} · 完成 ${formatPercent(row.completion_rate)}`}),
      el('div', {class: 'last-year', title: `截至 ${row.last_year_as_of ?? '—'}`, dataset: {value: String(row.last_year ?? '')},
        text: `去年同期 ${formatValue(row.last_year, k.unit)}`}),
      row.target === null || row.target === undefined ? null : bar,
      el('div', {class: 'pace', text: paceText(row)}));
  }));
}

function renderTable(panel, data, box) {
  const labelled = c => DIMENSION_NAMES[c] !== undefined;
  const head = el('tr', {}, data.columns.map(c => el('th', {text: DIMENSION_NAMES[c] || c})));
  const body = data.rows.map(r => el('tr', {}, data.columns.map(c => el('td', {
    class: typeof r[c] === 'number' ? 'n' : c === 'street' && label(c, r[c]) !== r[c] ? 'drill' : null,
    onclick: c === 'street' ? () => drillToStreet(label(c, r[c])) : null,
    text: labelled(c) ? label(c, r[c]) : typeof r[c] === 'number' ? formatValue(r[c]) : String(r[c] ?? ''),
  }))));
  box.replaceChildren(el('table', {class: 'grid'}, el('thead', {}, head), el('tbody', {}, body)));
  if (data.rows.length === 0) box.append(el('p', {class: 'empty', text: '暂无数据'}));
}

function barOption(panel, data) {
  const dim = panel.dimensions[0];
  if (!dim) {
    const values = new Map(data.rows.map(r => [r.kpi_id, r.value]));
    return {...baseOption(),
      xAxis: {type: 'category', data: panel.kpis.map(k => k.name), axisLabel: {interval: 0}},
      yAxis: {type: 'value'},
      series: [{type: 'bar', barMaxWidth: 48, label: {show: true, position: 'top'},
        data: panel.kpis.map((k, i) => ({value: values.get(k.id) ?? 0, itemStyle: {color: PALETTE[i % PALETTE.length]}}))}],
    };
  }
  const known = Object.keys(state.labels[dim] || {});
  const codes = [...new Set(data.rows.map(r => r[dim]))]
    .sort((a, b) => (known.indexOf(a) + 1 || 999) - (known.indexOf(b) + 1 || 999) || a.localeCompare(b));
  const byKey = new Map(data.rows.map(r => [r.kpi_id + '|' + r[dim], r.value]));
  return {...baseOption(),
    legend: {top: 0, textStyle: {color: '#cfe3ff'}},
    xAxis: {type: 'category', data: codes.map(c => label(dim, c)), axisLabel: {interval: 0}},
    yAxis: panel.kpis.map((k, i) => ({type: 'value', name: k.unit, show: i < 2})).slice(0, 2),
    series: panel.kpis.map((k, i) => ({name: k.name, type: 'bar', barMaxWidth: 36, yAxisIndex: Math.min(i, 1),
      label: {show: codes.length <= 6, position: 'top'}, data: codes.map(c => byKey.get(k.id + '|' + c) ?? 0)})),
  };
}

function pieOption(panel, data) {
  const dim = panel.dimensions[0];
  const n = panel.kpis.length;
  return {...baseOption(),
    tooltip: {trigger: 'item'},
    title: panel.kpis.map((k, i) => ({text: `${k.name}（${k.unit}）`, left: `${(i + 0.5) * 100 / n}%`, bottom: 4,
      textAlign: 'center', textStyle: {color: '#cfe3ff', fontSize: 13, fontWeight: 'normal'}})),
    series: panel.kpis.map((k, i) => ({name: k.name, type: 'pie', radius: ['30%', '58%'],
      center: [`${(i + 0.5) * 100 / n}%`, '46%'],
      label: {color: '#cfe3ff', formatter: '{b}\n{c}'},
      data: data.rows.filter(r => r.kpi_id === k.id).map(r => ({name: label(dim, r[dim]), value: r.value}))})),
  };
}

function funnelOption(panel, data) {
  const values = new Map(data.rows.map(r => [r.kpi_id, r.value]));
  // ECharts' funnel scales to 0..100 unless told the largest stage
  const largest = Math.max(1, ...panel.kpis.map(k => Number(values.get(k.id) ?? 0)));
  return {...baseOption(),
    tooltip: {trigger: 'item'},
    series: [{type: 'funnel', sort: 'none', min: 0, max: largest, left: '10%', width: '80%', top: 16, bottom: 16, minSize: '18%',
      label: {position: 'inside', color: '#071a33', formatter: p => `${p.name} ${formatValue(p.value)}`},
      data: panel.kpis.map(k => ({name: k.name, value: values.get(k.id) ?? 0}))}],
  };
}

const OPTIONS = {line: lineOption, bar: barOption, pie: pieOption, funnel: funnelOption};

function renderChart(panel, data, box) {
  let chart = state.charts.get(panel.id);
  if (!chart) {
    chart = echarts.init(box, 'dark', {renderer: 'canvas'});
    state.charts.set(panel.id, chart);
    // the box changes size without the window doing so: on the large screen the charts share what the cards leave
    new ResizeObserver(() => chart.resize()).observe(box);
    chart.on('click', p => drillToStreet(p.name));
  }
  chart.setOption(OPTIONS[panel.chart](panel, data), {notMerge: true});
}

/**
 * Draws a panel's answer as the answer's own copy of the panel says (its KPIs, names and units): the server reads the
 * catalog and the dashboards again when they change, so a KPI added since the page loaded shows at the next refresh.
 */
function render(loaded, data) {
  const panel = data.panel || loaded;
  const box = document.getElementById('panel-' + panel.id);
  box.classList.remove('failed');
  if (panel.chart === 'card') renderCards(panel, data, box);
  else if (panel.chart === 'table') renderTable(panel, data, box);
  else renderChart(panel, data, box);
  box.dataset.rows = String(data.rows.length);
}

function layout() {
  const cards = el('section', {class: 'cards'});
  // the alert feed first: a duty officer's eye goes to the top of the screen
  const charts = el('section', {class: 'charts'}, el('div', {class: 'panel alerts'}, el('h2', {text: '告警动态'}),
    el('div', {class: 'body', id: 'alert-feed'}, el('p', {class: 'empty', text: '加载中…'}))));
  for (const p of state.dashboard.panels) {
    const body = el('div', {class: p.chart === 'card' ? 'card-grid' : 'body ' + p.chart, id: 'panel-' + p.id, dataset: {panel: p.id}});
    const title = el('h2', {text: p.title}, exportMenu(p, {url: suffix => panelUrl(p, suffix), year: () => state.year,
      chart: () => state.charts.get(p.id), box: body}));
    if (p.chart === 'card') cards.append(title, body);
    else charts.append(el('div', {class: 'panel ' + p.chart}, title, body));
  }
  document.body.append(el('main', {}, cards, charts));
  mountStage();
}

const SEVERITY = {critical: '严重', warning: '警告', info: '提示'};
const STATUS = {firing: '触发中', pending: '待定', resolved: '已恢复'};

function alertItem(a) {
  const acked = a.acked_by ? el('span', {class: 'acked', text: `已确认：${a.acked_by} ${a.acked_at.slice(5, 16)}`}) : null;
  const ack = a.status === 'firing' && !a.acked_by
    ? el('button', {type: 'button', class: 'ack', text: '确认', dataset: {alert: a.alert_id}, onclick: () => acknowledge(a.alert_id)})
    : null;
  return el('li', {class: `alert ${a.status} ${a.severity}`, dataset: {alert: a.alert_id, status: a.status}},
    el('div', {class: 'head'},
      el('span', {class: 'severity', text: SEVERITY[a.severity] || a.severity}),
      el('span', {class: 'name', text: a.name}),
      el('span', {class: 'status', text: STATUS[a.status] || a.status}),
      el('span', {class: 'where', text: a.street ? label('street', a.street) : '全区'}),
      el('span', {class: 'time', text: a.at.slice(5, 19)})),
    el('div', {class: 'message', text: a.message}),
    acked, ack);
}

async function refreshAlerts() {
  const box = document.getElementById('alert-feed');
  try {
    const q = state.street ? '?street=' + state.street : '';
    const list = await getJson('/api/alerts' + q);
    box.replaceChildren(list.length ? el('ul', {class: 'alert-list'}, list.map(alertItem)) : el('p', {class: 'empty', text: '暂无告警'}));
    box.dataset.alerts = String(list.length);
  } catch (e) {
    box.replaceChildren(el('p', {class: 'empty', text: '告警加载失败：' + e.message}));
  }
}

async function acknowledge(alertId) {
  try {
    await post(`/api/alerts/${encodeURIComponent(alertId)}/ack`);
    await refreshAlerts();
  } catch (e) {
    await refreshAlerts();
    document.getElementById('alert-feed').prepend(el('p', {class: 'ack-error', role: 'alert',
      text: e instanceof ApiError ? `确认失败（${e.status}）：${e.message}` : '确认失败：' + e.message}));
  }
}

/** A click on a street's name or bar: that street's view (nothing for a name that is no street, or this one). */
function drillToStreet(name) {
  const street = streetNamed(name, state.labels);
  if (street && street !== state.street) go({street, kpi: null, year: state.year});
}

// ---- data -----------------------------------------------------------------------------------------

/** Fills the year list; without a choice by the user, shows the newest year with data. True if the year changed. */
async function chooseYear() {
  const years = await getJson('/api/years');
  const select = document.getElementById('year');
  const all = years.length ? years.map(y => y.year) : [new Date().getFullYear()];
  const before = state.year;
  if (!state.yearChosen) state.year = (years.find(y => y.hasData) || {year: all[0]}).year;
  const current = [...select.options].map(o => Number(o.value));
  if (current.join() !== all.join()) select.replaceChildren(...all.map(y => el('option', {value: y, text: y + ' 年'})));
  select.value = String(state.year);
  return state.year !== before;
}

async function refreshPanel(panel) {
  try {
    render(panel, await getJson(panelUrl(panel)));
  } catch (e) {
    const box = document.getElementById('panel-' + panel.id);
    box.classList.add('failed');
    box.title = e.message;
  }
}

/** Re-reads every panel; calls while one is running coalesce into one more run after it. */
function refreshAll() {
  if (state.refreshing) { state.again = true; return state.refreshing; }
  state.refreshing = (async () => {
    const started = performance.now();
    try {
      await Promise.all([...state.dashboard.panels.map(refreshPanel), refreshDataClock()]);
      state.refreshes += 1;
      document.body.dataset.refreshes = String(state.refreshes);
      document.body.dataset.refreshMs = String(Math.round(performance.now() - started));
    } finally {
      state.refreshing = null;
      if (state.again) { state.again = false; refreshAll(); }
    }
  })();
  return state.refreshing;
}

function listen() {
  const live = document.getElementById('live');
  const events = new EventSource('/api/events');
  events.addEventListener('hello', () => { live.className = 'live on'; live.textContent = '● 实时'; });
  events.addEventListener('kpi-changed', e => {
    const streets = JSON.parse(e.data).streets || [];
    // the district's figures are the roll-up '' (any street moves them); a street view waits for its street
    if (state.street === null ? streets.length > 0 : streets.includes(state.street)) refreshAll();
  });
  events.addEventListener('alerts-changed', e => {
    const streets = JSON.parse(e.data).streets || [];
    if (state.street === null || streets.includes(state.street)) refreshAlerts();
  });
  events.onerror = () => { live.className = 'live off'; live.textContent = '○ 重连中'; };
  // a safety net if pushes stop: each panel's own refresh interval
  for (const p of state.dashboard.panels) setInterval(() => refreshPanel(p), p.refreshSeconds * 1000);
  // a new year's first events (or targets) add a year; the newest one with data is followed
  setInterval(() => chooseYear().then(changed => changed && refreshAll()), YEARS_REFRESH_MS);
  setInterval(() => refreshDataClock(), CLOCK_REFRESH_MS);
}

/** Takes the street and year of the address (the page's start, a drill to a street, back); none: the newest year. */
function follow(where) {
  state.street = where.street;
  state.year = where.year;
  state.yearChosen = where.year !== null;
  const scopeName = state.street ? label('street', state.street) : '全区';
  document.title = `${scopeName} · ${state.dashboard.title}`;
  const scope = document.getElementById('scope');
  if (scope) scope.textContent = scopeName;
  return scopeName;
}

async function main() {
  [state.user, state.dashboard, state.labels] = await Promise.all([
    session(), getJson('/api/dashboards/' + DASHBOARD), getJson('/api/labels')]);
  const scopeName = follow(place());
  const year = el('select', {id: 'year', 'aria-label': '年度', onchange: e => {
    state.year = Number(e.target.value);
    state.yearChosen = true;
    keepYear(state.year);
    refreshAll();
  }});
  renderHeader(state.user, state.labels.street || {}, {title: state.dashboard.title, scopeName, extra: [
    year,
    el('span', {class: 'live off', id: 'live', text: '○ 连接中'}),
    dataClockElement(),
    ...screenButtons(),
  ]});
  layout();
  await chooseYear();
  // before the cards exist, so that no click on one finds the drill-down not ready
  startDrill({user: state.user, labels: state.labels, year: () => state.year, showCockpit: async where => {
    follow(where);
    await chooseYear();
    await Promise.all([refreshAll(), refreshAlerts()]);
  }});
  await Promise.all([refreshAll(), refreshAlerts()]);
  listen();
}

main().catch(e => document.body.append(el('p', {class: 'fatal', text: '驾驶舱加载失败：' + e.message})));
