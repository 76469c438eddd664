// The three layouts of the cockpit. ?screen=large is the large screen (大屏): the page is a 1920×1080
// stage scaled to fit the window, centred with bars on the longer side, so a 16:9 wall screen of any size
// shows exactly the same picture and nothing scrolls. Without it, the desktop layout; at 420 px and less
// the CSS lays the same page out for a phone. A toggle switches between desktop and large screen, and the
// large screen can go full screen.
import {el} from './common.js';

const STAGE_WIDTH = 1920;
const STAGE_HEIGHT = 1080;

export function isLargeScreen() {
  return new URLSearchParams(location.search).get('screen') === 'large';
}

/** Scales the stage to the viewport: the largest 1920×1080 box that fits, in the middle. */
function fit(stage) {
  const scale = Math.min(innerWidth / STAGE_WIDTH, innerHeight / STAGE_HEIGHT);
  const left = (innerWidth - STAGE_WIDTH * scale) / 2;
  const top = (innerHeight - STAGE_HEIGHT * scale) / 2;
  stage.style.transform = `translate(${left}px, ${top}px) scale(${scale})`;
  stage.dataset.scale = String(scale);
}

/** The same page in the other layout: a new URL, so the choice can be bookmarked or sent. */
function switchLayout() {
  const q = new URLSearchParams(location.search);
  if (isLargeScreen()) q.delete('screen');
  else q.set('screen', 'large');
  const search = q.toString();
  location.assign(location.pathname + (search ? '?' + search : ''));
}

/** The header's buttons: the toggle, and on the large screen full screen (where the browser allows it). */
export function screenButtons() {
  const toggle = el('button', {type: 'button', class: 'screen-toggle', id: 'screen-toggle',
    text: isLargeScreen() ? '标准版' : '大屏', onclick: switchLayout});
  if (!isLargeScreen() || !document.fullscreenEnabled) return [toggle];
  const full = el('button', {type: 'button', class: 'fullscreen', id: 'fullscreen', text: '全屏', onclick: () =>
    document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()});
  document.addEventListener('fullscreenchange', () => { full.textContent = document.fullscreenElement ? '退出全屏' : '全屏'; });
  return [toggle, full];
}

/**
 * Puts the page (header and main) on the stage and, on the large screen, keeps it fitted to the window. The
 * stage is always 1920×1080 inside, so the charts keep their size; and it is fixed, so it adds nothing to the
 * document's size.
 */
export function mountStage() {
  const stage = el('div', {id: 'stage'}, ...document.body.children);
  document.body.append(stage);
  if (!isLargeScreen()) return;
  document.body.classList.add('screen-large');
  fit(stage);
  window.addEventListener('resize', () => fit(stage));
}
