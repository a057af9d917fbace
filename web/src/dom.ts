/**
 * The whole "framework": `h()` builds real DOM nodes, so a view is a function that returns an
 * element and wires its own listeners. No virtual DOM, no diffing — screens here are small
 * and re-render wholesale when their data changes.
 */

export type Child = Node | string | number | null | undefined | false | Child[];
type AttrValue = string | number | boolean | null | undefined | ((event: any) => void);
export type Attrs = Record<string, AttrValue>;

/** Properties that must be set as properties (the attribute only sets the initial state). */
const PROPS = new Set(['value', 'checked', 'selected', 'indeterminate']);

/** Append children, flattening arrays and dropping null/false so views can use `cond && h(...)`. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Create an element: `h('button', { type: 'button', onclick: save }, t('save'))`.
 * `on*` keys become listeners; `true` sets an empty attribute; null/false/undefined omit it.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (PROPS.has(key)) (el as unknown as Record<string, unknown>)[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

/** Replace all children of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

let ids = 0;
/** A document-unique id for tying labels, hints and errors to controls. */
export const uid = (prefix = 'f'): string => `${prefix}-${++ids}`;

/** Inline SVG element (charts, icons): SVG needs its namespace. */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, ...children);
  return el;
}
