// A few lines of DOM building: every text goes in as text, never as HTML, so
// nothing a document says can become markup.

// h creates element tag with attributes and children. Attributes named onX
// add event listeners; class sets className; null, undefined and false are
// left out, as children too.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

// append adds children to el, flattening arrays.
export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// replace empties el and fills it with children.
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

const svgNS = 'http://www.w3.org/2000/svg';

// shapeIcon draws a node shape of the graph (a cytoscape shape name) as a
// small SVG, for the legend and the panels.
export function shapeIcon(shape, color, size = 14) {
  const svg = document.createElementNS(svgNS, 'svg');
  svg.setAttribute('width', size);
  svg.setAttribute('height', size);
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('shape');
  let el;
  const poly = (points) => {
    el = document.createElementNS(svgNS, 'polygon');
    el.setAttribute('points', points);
  };
  switch (shape.replace(/^round-/, '')) {
    case 'rectangle':
      el = document.createElementNS(svgNS, 'rect');
      for (const [k, v] of Object.entries({ x: 2, y: 4, width: 16, height: 12, rx: 3 })) el.setAttribute(k, v);
      break;
    case 'diamond':
      poly('10,1 19,10 10,19 1,10');
      break;
    case 'hexagon':
      poly('5,2 15,2 19,10 15,18 5,18 1,10');
      break;
    case 'pentagon':
      poly('10,1 19,8 15.5,19 4.5,19 1,8');
      break;
    case 'tag':
      poly('1,4 13,4 19,10 13,16 1,16');
      break;
    case 'triangle':
      poly('10,2 19,18 1,18');
      break;
    default:
      el = document.createElementNS(svgNS, 'circle');
      for (const [k, v] of Object.entries({ cx: 10, cy: 10, r: 8.5 })) el.setAttribute(k, v);
  }
  el.setAttribute('fill', color);
  el.setAttribute('stroke', 'rgba(0,0,0,.25)');
  el.setAttribute('stroke-width', '1.2');
  el.setAttribute('stroke-linejoin', 'round');
  svg.append(el);
  return svg;
}

// safeURL returns url when it is an http(s) URL, else null: a document's URL
// comes from the data and must not become a javascript: link.
export function safeURL(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
}
