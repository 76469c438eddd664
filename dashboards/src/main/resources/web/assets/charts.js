// The cockpit's one chart style (ECharts, dark theme), shared by the cockpit's panels, a KPI's page and the printed
// monthly report: the palette, the base every chart starts from, and the trend line of a KPI panel (one series per
// KPI over the panel's buckets).
export const PALETTE = ['#4fc3f7', '#ffd54f', '#81c784', '#ff8a65', '#ba68c8', '#4db6ac', '#f06292', '#aed581'];

export function baseOption() {
  return {
    backgroundColor: 'transparent',
    color: PALETTE,
    textStyle: {fontFamily: '"PingFang SC", "Microsoft YaHei", sans-serif'},
    tooltip: {trigger: 'axis'},
    grid: {left: 56, right: 16, top: 36, bottom: 32},
    animationDuration: 300,
  };
}

/** A day or month trend: rows {kpi_id, bucket, value}; a bucket without a row is 0. */
export function lineOption(panel, data) {
  const buckets = [...new Set(data.rows.map(r => r.bucket))].sort();
  const byKey = new Map(data.rows.map(r => [r.kpi_id + '|' + r.bucket, r.value]));
  return {...baseOption(),
    legend: {top: 0, textStyle: {color: '#cfe3ff'}},
    xAxis: {type: 'category', data: panel.grain === 'month' ? buckets.map(b => b.slice(0, 7)) : buckets},
    yAxis: {type: 'value'},
    dataZoom: panel.grain === 'day' ? [{type: 'inside'}] : [],
    series: panel.kpis.map(k => ({name: k.name, type: 'line', showSymbol: buckets.length < 40, symbolSize: 8, smooth: true,
      data: buckets.map(b => byKey.get(k.id + '|' + b) ?? 0)})),
  };
}
