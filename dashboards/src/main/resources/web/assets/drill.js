// Drill-down: the address says what the leader looks at, the district or a street, the cockpit or a KPI's page, and
// the year (/cockpit, /street/S, /kpi/K, /street/S/kpi/K, ?year=Y; ?screen=large rides along). Clicking a street or a
// card pushes a new address (history.pushState) and shows it in place, so the browser's back (popstate) returns to
// where the leader was: the same scope, year and layout, scrolled as they left it. The server decides what a user
// may see (an officer's other street is refused); the page only never offers it.
import {closeKpiPage, openKpiPage} from './kpi-page.js';

/** {user, labels, year: () => the cockpit's year, showCockpit(where)}: see startDrill. */
let context = null;

/** What an address shows: {street, kpi, year}, each null when the address has none. */
export function place(loc = location) {
  const m = loc.pathname.match(/^(?:\/street\/([a-z_]+))?(?:\/kpi\/([a-z0-9_]+))?\/?$/);
  const year = Number(new URLSearchParams(loc.search).get('year'));
  return {street: (m && m[1]) || null, kpi: (m && m[2]) || null, year: Number.isInteger(year) && year > 0 ? year : null};
}

/** The address of a place; the page's other settings (the layout) are kept. */
function address({street, kpi, year}) {
  const q = new URLSearchParams(location.search);
  if (year) q.set('year', year); else q.delete('year');
  const path = (street ? '/street/' + street : kpi ? '' : '/cockpit') + (kpi ? '/kpi/' + kpi : '');
  const search = q.toString();
  return path + (search ? '?' + search : '');
}

function show(where) {
  if (where.kpi) return openKpiPage({...where, year: where.year ?? context.year()}, context);
  closeKpiPage();
  return context.showCockpit(where);
}

/** One level deeper (or across): a new history entry, remembering how far this one was scrolled. */
export function go(where) {
  history.replaceState({...history.state, scrollY}, '');
  history.pushState({drilled: true}, '', address(where));
  scrollTo(0, 0);
  return show(where);
}

/** Back to where the leader came from, or up to the scope's cockpit when the page was opened by its address. */
export function back() {
  if (history.state && history.state.drilled) history.back();
  else go({...place(), kpi: null});
}

/** The year chosen in the header, kept in the address (back and reload come to it); an open KPI page follows it. */
export function keepYear(year) {
  const where = {...place(), year};
  history.replaceState(history.state, '', address(where));
  if (where.kpi) show(where);
}

/** The street whose name a chart shows (a bar's axis label), if it is one the user could drill to. */
export function streetNamed(name, labels) {
  return Object.entries(labels.street || {}).find(([, n]) => n === name)?.[0] ?? null;
}

/**
 * Starts following the address, with the cockpit's {user, labels, year: () => its year (an address without one shows
 * the cockpit's), showCockpit(where): the cockpit re-scoped to a place's street and year}; a KPI page's address opens
 * that page now.
 */
export function startDrill(cockpit) {
  context = cockpit;
  history.scrollRestoration = 'manual';
  addEventListener('popstate', async e => {
    await show(place());
    scrollTo(0, (e.state && e.state.scrollY) || 0);
  });
  if (place().kpi) show(place());
}
