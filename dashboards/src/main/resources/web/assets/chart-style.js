// The cockpit's one chart style (ECharts, dark theme): its colours and the options every chart starts from, shared
// by the cockpit's panels and a KPI's page.

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
