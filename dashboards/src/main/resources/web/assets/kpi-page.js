// A KPI's page, the drill-down from its card (GET /api/kpis/{id}): the year against target beside last year, the
// newest month's 同比 and 环比, the twelve months against last year's, the days of both years, each street's
// completion against its target (click a street: its own page of the KPI), its industries and employment forms. It is
// shown over the cockpit, in the cockpit's place (so the large screen's stage and the header stay); drill.js opens
// and closes it as the address changes.
import {baseOption} from './charts.js';
import {el, formatPercent, formatValue, getJson} from './common.js';
import {back, go, streetNamed} from './drill.js';

/* global echarts */
/** The page re-reads its KPI this often while it is open (the cockpit's live push re-reads the cockpit's panels). */
const REFRESH_MS = 30_000;
const SLICES = {industry: '各行业', employment_form: '各用工形态'};
const SPECIAL = {district_level: '区总本级', unspecified: '未注明'};

const page = {section: null, where: null, context: null, charts: new Map(), timer: null};

function label(dimension, code) {
  return (page.context.labels[dimension] || {})[code] || SPECIAL[code] || code;
}

/** A growth rate as leaders read it: +12.5% / −3.0%, or — without a base. */
export function formatChange(rate) {
  if (rate === null || rate === undefined) return '—';
  return (rate > 0 ? '+' : rate < 0 ? '−' : '') + Math.abs(rate * 100).toFixed(1) + '%';
}

function apiPath({kpi, street, year}) {
  const q = new URLSearchParams();
  if (year) q.set('year', year);
  if (street) q.set('street', street);
  return `/api/kpis/${encodeURIComponent(kpi)}?${q}`;
}

function figure(key, name, value, text) {
  return el('div', {class: 'figure', dataset: {figure: key, value: value === null || value === undefined ? '' : String(value)}},
    el('span', {class: 'name', text: name}), el('span', {class: 'num', text}));
}

function crumbs(data) {
  const {user} = page.context;
  const year = page.where.year;
  const link = (text, where) => el('a', {href: '#', text, onclick: e => { e.preventDefault(); go(where); }});
  return el('nav', {class: 'crumbs'},
    el('button', {type: 'button', id: 'kpi-back', text: '← 返回', onclick: back}),
    user.street ? null : link('全区', {street: null, kpi: null, year}),
    data.scope.street ? link(label('street', data.scope.street), {street: data.scope.street, kpi: null, year}) : null,
    el('span', {class: 'here', text: data.kpi.name}));
}

function figures(data) {
  const {kpi, total} = data;
  const month = [...data.months].reverse().find(m => m.value !== null);
  const out = [
    figure('actual', `${data.year} 年累计`, total.actual, formatValue(total.actual, kpi.unit) + ' ' + kpi.unit),
    figure('target', '年度目标', total.target, total.target === null || total.target === undefined ? '无' : formatValue(total.target, kpi.unit)),
    figure('completion', '完成率', total.completion_rate, formatPercent(total.completion_rate)),
    figure('last-year', `${data.year - 1} 年全年`, total.last_year, formatValue(total.last_year, kpi.unit)),
  ];
  if (month) {
    out.push(figure('month', `${Number(month.month.slice(5))} 月`, month.value, formatValue(month.value, kpi.unit)),
      figure('yoy', '同比', month.yoy, formatChange(month.yoy)),
      figure('mom', '环比', month.mom, formatChange(month.mom)));
  }
  return el('div', {class: 'figures'}, out);
}

function monthTable(data) {
  const unit = data.kpi.unit;
  const head = el('tr', {}, ['月份', `${data.year} 年`, `${data.year - 1} 年`, '同比', '环比'].map(t => el('th', {text: t})));
  const rows = data.months.map(m => el('tr', {dataset: {month: m.month}},
    el('td', {text: `${Number(m.month.slice(5))} 月`}),
    el('td', {class: 'n', text: formatValue(m.value, unit)}),
    el('td', {class: 'n', text: formatValue(m.last_year, unit)}),
    el('td', {class: 'n', text: formatChange(m.yoy)}),
    el('td', {class: 'n', text: formatChange(m.mom)})));
  return el('table', {class: 'grid months'}, el('thead', {}, head), el('tbody', {}, rows));
}

function monthsOption(data) {
  return {...baseOption(),
    legend: {top: 0, textStyle: {color: '#cfe3ff'}},
    xAxis: {type: 'category', data: data.months.map(m => `${Number(m.month.slice(5))}月`)},
    yAxis: {type: 'value', name: data.kpi.unit},
    series: [
      {name: `${data.year} 年`, type: 'bar', barMaxWidth: 18, data: data.months.map(m => m.value ?? '-')},
      {name: `${data.year - 1} 年`, type: 'bar', barMaxWidth: 18, data: data.months.map(m => m.last_year ?? '-')},
    ],
  };
}

function daysOption(data) {
  const thisYear = new Map(data.days.this_year.map(d => [d.day.slice(5), d.value]));
  const lastYear = new Map(data.days.last_year.map(d => [d.day.slice(5), d.value]));
  const days = [...new Set([...thisYear.keys(), ...lastYear.keys()])].sort();
  return {...baseOption(),
    legend: {top: 0, textStyle: {color: '#cfe3ff'}},
    xAxis: {type: 'category', data: days},
    yAxis: {type: 'value', name: data.kpi.unit},
    dataZoom: [{type: 'inside'}],
    series: [
      {name: `${data.year} 年`, type: 'line', showSymbol: days.length < 40, data: days.map(d => thisYear.get(d) ?? 0)},
      {name: `${data.year - 1} 年`, type: 'line', showSymbol: days.length < 40, data: days.map(d => lastYear.get(d) ?? 0)},
    ],
  };
}

function streetsOption(data) {
  const streets = data.streets;
  return {...baseOption(),
    legend: {top: 0, textStyle: {color: '#cfe3ff'}},
    xAxis: {type: 'category', data: streets.map(s => label('street', s.street)), axisLabel: {interval: 0}},
    yAxis: {type: 'value', name: data.kpi.unit},
    series: [
      {name: '完成', type: 'bar', barMaxWidth: 36,
        label: {show: true, position: 'top', formatter: p => formatPercent(streets[p.dataIndex].completion_rate)},
        data: streets.map(s => s.actual)},
      {name: '目标', type: 'bar', barMaxWidth: 36, data: streets.map(s => s.target ?? '-')},
    ],
  };
}

function sliceOption(data, dimension) {
  const rows = [...data.by[dimension]].reverse(); // largest on top
  return {...baseOption(),
    grid: {left: 110, right: 48, top: 8, bottom: 24},
    tooltip: {trigger: 'item'},
    xAxis: {type: 'value'},
    yAxis: {type: 'category', data: rows.map(r => label(dimension, r.code))},
    series: [{type: 'bar', barMaxWidth: 22, label: {show: true, position: 'right'}, data: rows.map(r => r.value)}],
  };
}

function chart(id, option) {
  let c = page.charts.get(id);
  if (!c) {
    const box = document.getElementById(id);
    c = echarts.init(box, 'dark', {renderer: 'canvas'});
    new ResizeObserver(() => c.resize()).observe(box);
    page.charts.set(id, c);
  }
  c.setOption(option, {notMerge: true});
  return c;
}

function panel(id, title, body) {
  return el('div', {class: 'panel'}, el('h2', {text: title}), body || el('div', {class: 'body', id}));
}

/** The page's frame for one KPI and scope; the KPI's slices decide which panels it has. */
function build(data) {
  for (const c of page.charts.values()) c.dispose();
  page.charts.clear();
  const scopeName = data.scope.street ? label('street', data.scope.street) : '全区';
  page.section.replaceChildren(
    el('div', {class: 'kpi-head'}, el('div', {id: 'kpi-crumbs'}),
      el('h2', {id: 'kpi-title', text: `${data.kpi.name}（${data.kpi.unit}）· ${data.year} 年 · ${scopeName}`}),
      el('div', {id: 'kpi-figures'})),
    el('div', {class: 'kpi-panels'},
      panel('kpi-months', '月度趋势（本年与上年）'),
      panel('kpi-month-table', '月度同比与环比', el('div', {class: 'body table', id: 'kpi-month-table'})),
      panel('kpi-days', '每日趋势（本年与上年）'),
      panel('kpi-streets', data.kpi.hasTarget ? '各街道完成与目标' : '各街道完成'),
      ...Object.keys(data.by).map(d => panel('kpi-by-' + d, SLICES[d] || d))));
}

function fill(data) {
  Object.assign(page.section.dataset, {kpi: data.kpi.id, year: String(data.year), street: data.scope.street || ''});
  document.getElementById('kpi-crumbs').replaceChildren(crumbs(data));
  document.getElementById('kpi-figures').replaceChildren(figures(data));
  document.getElementById('kpi-month-table').replaceChildren(monthTable(data));
  chart('kpi-months', monthsOption(data));
  chart('kpi-days', daysOption(data));
  chart('kpi-streets', streetsOption(data)).off('click');
  page.charts.get('kpi-streets').on('click', p => {
    const street = streetNamed(p.name, page.context.labels);
    if (street && street !== data.scope.street) go({street, kpi: data.kpi.id, year: data.year});
  });
  for (const d of Object.keys(data.by)) chart('kpi-by-' + d, sliceOption(data, d));
  page.section.dataset.loaded = String(Number(page.section.dataset.loaded || 0) + 1);
}

async function load() {
  const where = page.where;
  let data;
  try {
    data = await getJson(apiPath(where));
  } catch (e) {
    if (where !== page.where) return;
    page.section.replaceChildren(el('p', {class: 'fatal', role: 'alert', text: `指标加载失败：${e.message}`}),
      el('button', {type: 'button', id: 'kpi-back', text: '← 返回', onclick: back}));
    page.charts.clear();
    return;
  }
  if (where !== page.where) return; // the leader moved on while it loaded
  if (!page.charts.size || page.section.dataset.kpi !== data.kpi.id || (page.section.dataset.street || null) !== data.scope.street
      || page.section.dataset.year !== String(data.year)) build(data);
  fill(data);
}

/** Shows the KPI page of {@code where} ({kpi, street, year}) in the cockpit's place. */
export function openKpiPage(where, context) {
  page.context = context;
  page.where = where;
  if (!page.section) {
    page.section = el('section', {id: 'kpi-page', class: 'kpi-page'});
    document.querySelector('main').after(page.section);
  }
  document.querySelector('main').hidden = true;
  page.section.hidden = false;
  document.body.classList.add('kpi-open');
  clearInterval(page.timer);
  page.timer = setInterval(load, REFRESH_MS);
  return load();
}

/** Back to the cockpit: the page is hidden and stops reading. */
export function closeKpiPage() {
  if (!page.section) return;
  clearInterval(page.timer);
  page.where = null;
  page.section.hidden = true;
  document.querySelector('main').hidden = false;
  document.body.classList.remove('kpi-open');
}
