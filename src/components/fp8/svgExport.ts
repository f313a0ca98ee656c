/**
 * "SVG" buttons of the FP8 charts: the chart's own <svg> (React-rendered, colours inline) copied
 * into a standalone file — xmlns, viewBox, width/height, a background, the chart's title as
 * visible text and as <title>, a generic font stack — serialized with XMLSerializer (labels stay
 * text: the serializer escapes them) and downloaded.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';
const HEAD = 22;

export function standaloneSvg(svg: SVGSVGElement, title: string, colors: { bg: string; fg: string }): string {
  const doc = svg.ownerDocument;
  const w = Number(svg.getAttribute('width')) || Math.round(svg.getBoundingClientRect().width);
  const h = (Number(svg.getAttribute('height')) || Math.round(svg.getBoundingClientRect().height)) + HEAD;
  const root = doc.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('viewBox', `0 0 ${w} ${h}`);
  root.setAttribute('width', String(w));
  root.setAttribute('height', String(h));
  root.setAttribute('font-family', 'system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif');
  const add = (parent: Element, name: string, attrs: Record<string, string>, text?: string) => {
    const el = doc.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    parent.appendChild(el);
    return el;
  };
  add(root, 'title', {}, title);
  add(root, 'rect', { width: String(w), height: String(h), fill: colors.bg });
  add(root, 'text', { x: '8', y: '15', 'font-size': '12', 'font-weight': '600', fill: colors.fg }, title);
  const g = add(root, 'g', { transform: `translate(0,${HEAD})` });
  for (const child of Array.from(svg.childNodes)) g.appendChild(child.cloneNode(true));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
}

export function downloadText(text: string, filename: string, type = 'image/svg+xml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
