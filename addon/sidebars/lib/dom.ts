/** Text for an HTML context: & < > " ' replaced, so data can never become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

type Child = Node | string | null | undefined | false;

/** Properties set on a new element: text and attributes only, never markup. */
export interface ElementProps {
  class?: string;
  text?: string;
  attrs?: Record<string, string | undefined>;
}

/**
 * Builds an element from plain data: text goes in as text nodes and attributes through setAttribute, so a
 * customer's name can never run as HTML. Sidebars build every view with this instead of innerHTML.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, children: readonly Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) if (value !== undefined) node.setAttribute(name, value);
  if (props.text !== undefined) node.textContent = props.text;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** Replaces a node's children. */
export function replaceChildren(node: Element, children: readonly Child[]): void {
  node.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}
