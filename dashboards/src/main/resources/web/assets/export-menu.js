// Each panel's 导出 menu: the panel as a PNG (a chart: ECharts' own image of its canvas; the cards and the table:
// panel-image.js's drawing of the panel as shown) and its data as CSV or Excel, which the server builds from the very
// rows the panel shows (GET /api/panels/{id}/export.csv|.xlsx, the same year and street).
import {el} from './common.js';
import {panelImage} from './panel-image.js';

/** A download of href; an empty name takes the server's (Content-Disposition). */
function save(href, name) {
  const a = el('a', {href, download: name});
  document.body.append(a);
  a.click();
  a.remove();
}

function png(panel, {year, chart, box}) {
  const c = chart();
  const image = c ? c.getDataURL({type: 'png', pixelRatio: 1, backgroundColor: getComputedStyle(box.parentElement).backgroundColor})
    : panelImage(box);
  save(image, `${panel.id}-${year()}.png`);
}

/**
 * The menu for a panel: url(suffix) is the panel's data URL with '/export.csv' or '/export.xlsx' after its id,
 * year() the year shown, chart() its ECharts instance (none for cards and tables), box the element it is drawn in.
 */
export function exportMenu(panel, {url, year, chart, box}) {
  const menu = el('details', {class: 'export', dataset: {exportPanel: panel.id}});
  const item = (format, text, action) => el('button', {type: 'button', text, dataset: {export: format}, onclick: () => {
    menu.open = false;
    action();
  }});
  menu.append(el('summary', {text: '导出', title: '导出图片或数据'}),
    el('div', {class: 'export-items'},
      item('png', 'PNG 图片', () => png(panel, {year, chart, box})),
      item('csv', 'CSV 数据', () => save(url('/export.csv'), '')),
      item('xlsx', 'Excel 表格', () => save(url('/export.xlsx'), ''))));
  return menu;
}
