// Sanitises launcher-provided HTML (menu labels, notify messages) to a small allow-list of inline tags.
import { escapeHtml } from '../shared/html';

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'small',
  'span',
  'div',
  'p',
  'br',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'h1',
  'h2',
  'h3',
  'h4',
  'mark',
  'sub',
  'sup',
]);
const ALLOWED_ATTRS = new Set(['href', 'src', 'alt', 'title', 'class']);

function safeUrl(value: string): boolean {
  const v = value.trim().toLowerCase();
  return !/^(javascript|vbscript|data):/.test(v) || v.startsWith('data:image/');
}

function clean(node: Node, doc: Document): Node | null {
  if (node.nodeType === Node.TEXT_NODE) return doc.createTextNode(node.textContent ?? '');
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const element = node as Element;
  const tag = element.tagName.toLowerCase();
  const children = Array.from(element.childNodes);
  if (!ALLOWED_TAGS.has(tag)) {
    if (tag === 'script' || tag === 'style' || tag === 'iframe' || tag === 'object') return null;
    const fragment = doc.createDocumentFragment();
    for (const child of children) {
      const c = clean(child, doc);
      if (c) fragment.appendChild(c);
    }
    return fragment;
  }
  const out = doc.createElement(tag);
  for (const attr of Array.from(element.attributes)) {
    const name = attr.name.toLowerCase();
    if (!ALLOWED_ATTRS.has(name)) continue;
    if ((name === 'href' || name === 'src') && !safeUrl(attr.value)) continue;
    out.setAttribute(name, attr.value);
  }
  if (tag === 'a') {
    out.setAttribute('target', '_blank');
    out.setAttribute('rel', 'noopener noreferrer');
  }
  for (const child of children) {
    const c = clean(child, doc);
    if (c) out.appendChild(c);
  }
  return out;
}

/** Returns HTML safe to set as innerHTML; on the server (no DOMParser) returns the text with tags escaped. */
export function sanitizeHtml(html: string): string {
  if (typeof DOMParser === 'undefined') return escapeHtml(html);
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const container = document.createElement('div');
  for (const child of Array.from(parsed.body.childNodes)) {
    const c = clean(child, document);
    if (c) container.appendChild(c);
  }
  return container.innerHTML;
}
