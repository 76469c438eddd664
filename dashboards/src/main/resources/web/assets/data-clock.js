// The data's own clock in the page header: "数据截至 <the newest accepted event time>" (Beijing time, as the
// server sends it), and how far that is behind now once it is more than a few minutes: a replay, a stopped
// KPI job or a source that went quiet shows here, while pace and elapsed share are measured by it.
import {el, getJson} from './common.js';

/** Less behind than this is live data: event times run a little behind by nature (out-of-orderness, batching). */
const LIVE_MS = 5 * 60_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "2022-12-31T17:45:00.000+08:00" -> "2022-12-31 17:45:00": the server's Beijing time, whatever the browser's zone. */
export function asOfText(asOf) {
  return asOf.slice(0, 10) + ' ' + asOf.slice(11, 19);
}

/** "落后当前 N 分钟/小时/天" (whole units, rounded down), or null when the data is live. */
export function lagText(asOf, now) {
  const behind = now - Date.parse(asOf);
  if (behind <= LIVE_MS) return null;
  if (behind < HOUR) return `落后当前 ${Math.floor(behind / MINUTE)} 分钟`;
  if (behind < DAY) return `落后当前 ${Math.floor(behind / HOUR)} 小时`;
  return `落后当前 ${Math.floor(behind / DAY)} 天`;
}

/** The header's element; {@link refreshDataClock} fills it. */
export function dataClockElement() {
  return el('span', {class: 'data-clock', id: 'data-clock'},
    el('span', {class: 'as-of', id: 'as-of', text: '数据截至 —'}),
    el('span', {class: 'lag', id: 'lag'}));
}

/** Reads the clock; a failed read keeps the last time shown, marked failed, with the reason on hover. */
export async function refreshDataClock() {
  const box = document.getElementById('data-clock');
  let asOf;
  try {
    ({asOf} = await getJson('/api/clock'));
    box.classList.remove('failed');
  } catch (e) {
    box.classList.add('failed');
    box.title = e.message;
    return;
  }
  box.dataset.asOf = asOf || '';
  document.getElementById('as-of').textContent = asOf ? '数据截至 ' + asOfText(asOf) : '数据截至 —（尚无数据）';
  document.getElementById('lag').textContent = (asOf && lagText(asOf, Date.now())) || '';
}
