import { ApiError, loadConfig, loadSession } from './api.ts';
import { ensureSignedIn, signOut } from './auth.ts';
import { errorBox, h, type Query } from './dom.ts';
import { renderAudit } from './pages/audit.ts';
import { renderDlqs } from './pages/dlqs.ts';
import { renderEndpoints } from './pages/endpoints.ts';
import { renderEvents } from './pages/events.ts';
import { renderJourney } from './pages/journey.ts';
import { renderOverview } from './pages/overview.ts';
import { renderSync } from './pages/sync.ts';

/** The console's pages, by the first segment of the `#/…` address; each renders into <main>. */

type Page = (main: HTMLElement, query: Query, rest: string[]) => Promise<void>;

const PAGES: Record<string, { title: string; render: Page }> = {
  '': { title: 'Overview', render: renderOverview },
  events: {
    title: 'Events',
    render: (main, query, rest) => (rest[0] ? renderJourney(main, rest[0]) : renderEvents(main, query)),
  },
  dlqs: { title: 'DLQs', render: renderDlqs },
  endpoints: { title: 'Endpoints', render: renderEndpoints },
  sync: { title: 'Sync', render: renderSync },
  audit: { title: 'Audit', render: renderAudit },
};

const parseHash = () => {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?');
  const [page = '', ...rest] = path.split('/').map(decodeURIComponent);
  const query: Query = Object.fromEntries(new URLSearchParams(search).entries());
  return { page, rest, query };
};

const markNav = (page: string) => {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('#nav a')) {
    const target = link.getAttribute('href')!.replace(/^#\/?/, '');
    if (target === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
};

let renderCount = 0;

const render = async () => {
  const main = document.getElementById('main')!;
  const { page, rest, query } = parseHash();
  const entry = PAGES[page];
  const count = ++renderCount;
  markNav(page);
  main.replaceChildren(h('p', { class: 'loading', 'aria-busy': 'true' }, 'Loading…'));
  document.title = `${entry?.title ?? 'Not found'} · tsunagi console`;
  const target = h('div', {});
  try {
    if (!entry) throw new Error(`no page "${page}"`);
    await entry.render(target, query, rest);
  } catch (error) {
    target.replaceChildren(
      h('h1', {}, entry?.title ?? 'Not found'),
      errorBox(error instanceof ApiError ? `${error.message} (${error.status})` : error),
    );
  }
  if (count !== renderCount) return;
  main.replaceChildren(...target.childNodes);
  main.focus({ preventScroll: true });
  document.body.dataset.ready = page || 'overview';
};

const start = async () => {
  await loadConfig();
  if (!(await ensureSignedIn())) return;
  const session = await loadSession();
  const who = document.getElementById('who')!;
  who.replaceChildren(
    `${session.user.name} · ${session.user.role}${session.user.tenant ? ` · tenant ${session.user.tenant}` : ''} · ${session.target}`,
    session.local ? '' : ' ',
    session.local ? '' : h('button', { type: 'button', onclick: () => signOut() }, 'Sign out'),
  );
  window.addEventListener('hashchange', () => void render());
  await render();
};

start().catch((error: unknown) => {
  document.getElementById('main')!.replaceChildren(h('h1', {}, 'tsunagi console'), errorBox(error));
});
