// The printable monthly report (/report?month=YYYY-MM[&street=CODE]): one A4 landscape page (report.css), which
// ./platform report prints to PDF with headless Chromium. The year cards as of the month's last day with last
// year's at the same date, the trend panels cut at the month's end, the alerts fired in the month: all as the
// server answers /api/report. body[data-ready] is set once everything is drawn.
import {el, formatPercent, formatValue, getJson} from './common.js';
import {lineOption} from './charts.js';

/* global echarts */
const SEVERITY = {critical: '严重', warning: '警告', info: '提示'};

function card(c) {
  return el('div', {class: 'card', dataset: {kpi: c.kpi_id, value: String(c.actual)}},
    el('div', {class: 'name', text: c.name}),
    el('div', {class: 'value'}, el('b', {text: formatValue(c.actual, c.unit)}), el('span', {text: c.unit})),
    el('div', {text: c.target === null ? '无年度目标'
      : `目标 ${formatValue(c.target, c.unit)} · 完成 ${formatPercent(c.completion_rate)}`}),
    el('div', {text: `时序进度 ${formatPercent(c.elapsed_share)}`}),
    el('div', {class: 'last-year', dataset: {value: String(c.last_year)}, text: `去年同期 ${formatValue(c.last_year, c.unit)}`}));
}

function alerts(report, streets) {
  if (report.alerts.length === 0) return el('p', {class: 'empty', text: '本月无告警触发'});
  const rows = report.alerts.map(a => el('tr', {},
    el('td', {text: a.fired_at.slice(0, 16)}), el('td', {text: SEVERITY[a.severity] || a.severity}), el('td', {text: a.name}),
    el('td', {text: a.street ? streets[a.street] || a.street : '全区'}), el('td', {text: a.message})));
  return el('div', {},
    el('table', {}, el('thead', {}, el('tr', {}, ['时间', '级别', '告警', '范围', '内容'].map(h => el('th', {text: h})))),
      el('tbody', {}, rows)),
    report.moreAlerts ? el('p', {class: 'empty', text: `仅列出前 ${report.alerts.length} 条`}) : null);
}

function trendChart(trend, box) {
  const option = lineOption(trend.panel, trend);
  echarts.init(box, null, {renderer: 'svg'}).setOption({...option, animation: false,
    legend: {...option.legend, textStyle: {color: '#333'}}, dataZoom: []});
}

async function main() {
  const [report, labels] = await Promise.all([getJson('/api/report' + location.search), getJson('/api/labels')]);
  const streets = labels.street || {};
  const scope = report.scope.street ? streets[report.scope.street] || report.scope.street : '全区';
  const [year, month] = report.month.split('-').map(Number);
  document.title = `${scope} ${report.month} 月度报告 · ${report.title}`;
  const trends = report.trends.map(t => ({trend: t, box: el('div', {class: 'chart', dataset: {panel: t.panel.id}})}));
  document.body.append(
    el('header', {},
      el('h1', {text: `${report.title} · ${scope}`}),
      el('span', {class: 'month', id: 'report-month', text: `${year} 年 ${month} 月报告（${report.month}）`}),
      el('span', {class: 'as-of', text: `统计截至 ${report.asOf}`})),
    el('section', {class: 'cards'}, report.cards.map(card)),
    el('section', {class: 'trends'}, trends.map(({trend, box}) => el('figure', {}, el('figcaption', {text: trend.panel.title}), box))),
    el('section', {class: 'alerts'}, el('h2', {text: '本月触发的告警'}), alerts(report, streets)));
  for (const {trend, box} of trends) trendChart(trend, box);
  document.body.dataset.ready = '1';
}

main().catch(e => document.body.append(el('p', {class: 'fatal', text: '报告加载失败：' + e.message})));
