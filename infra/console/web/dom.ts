/** A tiny element builder: text is always text (never parsed as HTML), so data cannot inject markup. */

/** A page's query (`#/page?key=value`). */
export type Query = Record<string, string | undefined>;

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined)
      element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : String(child));
  }
  return element;
};

/** A `#/page?query` link. */
export const pageHref = (page: string, query: Record<string, string | undefined> = {}): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return `#/${page}${text ? `?${text}` : ''}`;
};

export const table = (headers: string[], rows: Child[][], caption?: string): HTMLTableElement =>
  h(
    'table',
    {},
    caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
    h('thead', {}, h('tr', {}, ...headers.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell))))),
  );

export const statusBadge = (status: string | null | undefined): HTMLElement =>
  h('span', { class: `status status-${status ?? 'none'}` }, status ?? '—');

export const when = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) : '—';

export const ageText = (seconds: number | null | undefined): string => {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
};

export const errorBox = (error: unknown): HTMLElement =>
  h('div', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));

export const emptyState = (text: string): HTMLElement => h('p', { class: 'notice' }, text);

/** A filter form whose submit navigates to the page with its fields as the query (so the view is linkable). */
export const filterForm = (
  page: string,
  fields: HTMLElement[],
  extra: Record<string, string | undefined> = {},
): HTMLFormElement => {
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        const query: Record<string, string> = {};
        for (const [key, value] of data.entries())
          if (typeof value === 'string' && value !== '') query[key] = value;
        location.hash = pageHref(page, { ...extra, ...query });
      },
    },
    ...fields,
    h('button', { type: 'submit', class: 'primary' }, 'Apply'),
    h('a', { href: pageHref(page, extra) }, 'Clear'),
  );
  return form;
};

export const textField = (name: string, label: string, value: string | undefined, placeholder = '') =>
  h('label', {}, label, h('input', { name, value: value ?? '', placeholder, autocomplete: 'off' }));

export const selectField = (name: string, label: string, value: string | undefined, options: string[]) =>
  h(
    'label',
    {},
    label,
    h(
      'select',
      { name },
      h('option', { value: '' }, 'any'),
      ...options.map((option) => h('option', { value: option, selected: option === value }, option)),
    ),
  );

/** Prev/next links of a cursor-paged list; `cursors` is the trail of earlier pages' cursors. */
export const pager = (page: string, query: Record<string, string | undefined>, next: string | null) => {
  const trail = (query.trail ?? '').split(',').filter(Boolean);
  const back = trail.slice(0, -1);
  const links: HTMLElement[] = [];
  if (query.cursor !== undefined)
    links.push(
      h(
        'a',
        {
          href: pageHref(page, {
            ...query,
            cursor: trail.at(-1) === '-' ? undefined : trail.at(-1),
            trail: back.join(',') || undefined,
          }),
        },
        '← Newer',
      ),
    );
  if (next)
    links.push(
      h(
        'a',
        {
          href: pageHref(page, { ...query, cursor: next, trail: [...trail, query.cursor ?? '-'].join(',') }),
        },
        'Older →',
      ),
    );
  return h('nav', { class: 'pager', 'aria-label': 'Pages of results' }, ...links);
};
