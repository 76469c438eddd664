// A panel that is no chart (the year cards, a table) as a PNG of the panel as shown, at its size in CSS pixels:
// each element's background and left border where it has them, each text at its place in its own font and colour.
// That is all these panels are made of; the charts export ECharts' own canvas instead.

const TRANSPARENT = /^(transparent|rgba\(\d+, \d+, \d+, 0\))$/;

function painted(colour) {
  return colour && !TRANSPARENT.test(colour);
}

/** The colour the box is seen on: its own background or the nearest ancestor's. */
function groundOf(box) {
  for (let e = box; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (painted(c)) return c;
  }
  return '#ffffff';
}

/** The PNG (a data: URL) of box as drawn now. */
export function panelImage(box) {
  const frame = box.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(frame.width);
  canvas.height = Math.round(frame.height);
  const g = canvas.getContext('2d');
  g.fillStyle = groundOf(box);
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.textBaseline = 'middle';
  for (const e of box.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    const x = r.left - frame.left;
    const y = r.top - frame.top;
    if (painted(s.backgroundColor)) { g.fillStyle = s.backgroundColor; g.fillRect(x, y, r.width, r.height); }
    const edge = parseFloat(s.borderLeftWidth);
    if (edge > 0 && painted(s.borderLeftColor)) { g.fillStyle = s.borderLeftColor; g.fillRect(x, y, edge, r.height); }
    for (const n of e.childNodes) {
      if (n.nodeType !== Node.TEXT_NODE || !n.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const t = range.getBoundingClientRect();
      g.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      g.fillStyle = s.color;
      g.fillText(n.textContent.trim(), t.left - frame.left, t.top - frame.top + t.height / 2);
    }
  }
  return canvas.toDataURL('image/png');
}
