import { ApiError, apiGet, apiPost, isOperator } from '../api.ts';
import {
  ageText,
  emptyState,
  errorBox,
  filterForm,
  h,
  pageHref,
  type Query,
  statusBadge,
  table,
  textField,
  when,
} from '../dom.ts';

interface DlqRow {
  alias: string;
  name: string;
  depth: number | null;
  in_flight: number | null;
  oldest_age_seconds: number | null;
  age_note: string | null;
  source_queues: string[];
  move_tasks: { status: string; moved: number; to_move: number | null; task_handle: string | null }[];
}

interface Message {
  message_id: string;
  kind: string;
  event_id: string | null;
  tenant_id: string | null;
  provider: string | null;
  event_type: string | null;
  route_id: string | null;
  sent_at: string | null;
  receive_count: number | null;
  failure: { code: string; message: string; attempts: number; failed_at: string } | null;
  body: unknown;
}

interface ChangeResult {
  counts: { matched: number; moved: number; skipped: number; failed: number };
  outcome: string;
  mode?: string;
  destination?: string;
  would_move?: { message_id: string; event_id: string | null }[];
  input: Record<string, unknown>;
  confirmation?: string;
  truncated?: boolean;
  confirmation_expires_at: string;
  done?: boolean;
  follow?: string | null;
  errors?: string[];
  audit_id: string | null;
}

const FILTERS = ['tenant_id', 'provider', 'event_type', 'error', 'route_id', 'since'] as const;

const filtersOf = (query: Query) =>
  Object.fromEntries(FILTERS.filter((k) => query[k]).map((k) => [k, query[k]!])) as Record<string, string>;

const queueTable = (rows: DlqRow[]) =>
  table(
    ['DLQ', 'depth', 'in flight', 'oldest', 'source', 'move tasks'],
    rows.map((q) => [
      h('a', { href: pageHref('dlqs', { queue: q.alias }) }, q.alias),
      q.depth === null ? 'hidden' : String(q.depth),
      q.in_flight === null ? '—' : String(q.in_flight),
      q.age_note && q.oldest_age_seconds === null ? q.age_note : ageText(q.oldest_age_seconds),
      q.source_queues.join(', ') || '—',
      q.move_tasks.map((t) => `${t.status} ${t.moved}/${t.to_move ?? '?'}`).join('; ') || '—',
    ]),
    'Dead-letter queues',
  );

/** Shows the page again with fresh numbers. */
const refresh = () =>
  h(
    'button',
    { type: 'button', onclick: () => window.dispatchEvent(new HashChangeEvent('hashchange')) },
    'Refresh the queue',
  );

/** Runs a confirmed change in chunks until done, moving the progress bar; a move task is followed apart. */
const runChange = async (
  area: HTMLElement,
  path: string,
  preview: ChangeResult,
  queue: string,
): Promise<void> => {
  const total = Math.max(1, preview.counts.matched);
  const bar = h('progress', { max: total, value: 0, 'aria-label': 'Progress' });
  const line = h('p', { 'aria-live': 'polite' }, 'Starting…');
  area.replaceChildren(h('h2', {}, 'Running'), bar, line);
  let moved = 0;
  let failed = 0;
  for (;;) {
    const result = await apiPost<ChangeResult>(path, {
      ...preview.input,
      confirmation: preview.confirmation,
    });
    moved += result.counts.moved;
    failed += result.counts.failed;
    bar.value = Math.min(total, moved + failed);
    line.textContent = `${moved} of ~${total} done, ${failed} failed (${result.outcome})`;
    if (result.follow === 'tasks') return followTask(area, queue, bar, line);
    if (result.done) {
      area.append(
        h(
          'p',
          {},
          `Finished: ${result.outcome}. `,
          h('a', { href: pageHref('audit') }, 'See the audit trail'),
          '. ',
          refresh(),
        ),
      );
      return;
    }
  }
};

const followTask = async (area: HTMLElement, queue: string, bar: HTMLProgressElement, line: HTMLElement) => {
  for (;;) {
    const { tasks } = await apiGet<{ tasks: DlqRow['move_tasks'] }>(`/api/dlqs/${queue}/tasks`);
    const task = tasks[0];
    if (!task) return;
    bar.max = Math.max(1, task.to_move ?? task.moved);
    bar.value = task.moved;
    line.textContent = `move task ${task.status}: ${task.moved} of ${task.to_move ?? '?'} moved`;
    if (task.status !== 'RUNNING') {
      area.append(
        h(
          'p',
          {},
          `Finished: ${task.status.toLowerCase()}. `,
          h('a', { href: pageHref('audit') }, 'See the audit trail'),
          '. ',
          refresh(),
        ),
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
};

/** Preview → confirm → progress, for a redrive or an archive of a selection or of everything matching. */
const startChange = async (
  area: HTMLElement,
  queue: string,
  verb: 'redrive' | 'archive',
  input: Record<string, unknown>,
) => {
  area.replaceChildren(h('p', { 'aria-busy': 'true' }, 'Previewing (a dry run)…'));
  try {
    const path = `/api/dlqs/${queue}/${verb}`;
    const preview = await apiPost<ChangeResult>(`${path}/preview`, input);
    const ids = preview.would_move?.map((m) => m.event_id ?? m.message_id) ?? [];
    if (!preview.confirmation) {
      area.replaceChildren(emptyState(`Nothing to ${verb}: no message matches now.`));
      return;
    }
    const confirm = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onclick: () => void runChange(area, path, preview, queue).catch((e) => area.append(errorBox(e))),
      },
      `Confirm: ${verb} ${preview.counts.matched} message(s)`,
    );
    area.replaceChildren(
      h(
        'section',
        { class: 'preview', 'aria-label': 'Preview' },
        h('h2', {}, `Preview: ${verb}`),
        h(
          'p',
          {},
          verb === 'redrive'
            ? `${preview.counts.matched} message(s) would move to ${preview.destination ?? 'their source queue'} (${preview.mode === 'move_task' ? 'an SQS move task: the whole queue' : 'send, then delete each'}); ${preview.counts.skipped} would stay.`
            : `${preview.counts.matched} message(s) would be written to the archive and deleted; ${preview.counts.skipped} would stay.`,
        ),
        ids.length > 0
          ? h(
              'details',
              {},
              h('summary', {}, 'Exactly these'),
              h('ul', {}, ...ids.map((id) => h('li', {}, h('code', {}, id)))),
            )
          : null,
        preview.truncated
          ? h(
              'p',
              { class: 'notice' },
              'Only the first 1,000 matching messages are in this change: run it again for the rest.',
            )
          : null,
        h(
          'p',
          { class: 'muted' },
          `Confirm before ${when(preview.confirmation_expires_at)} UTC. The change is written to the audit trail under your name.`,
        ),
        h(
          'div',
          { class: 'actions' },
          confirm,
          h('button', { type: 'button', onclick: () => area.replaceChildren() }, 'Cancel'),
        ),
      ),
    );
    confirm.focus();
  } catch (error) {
    area.replaceChildren(errorBox(error instanceof ApiError ? error.message : error));
  }
};

const messagesView = async (main: HTMLElement, queue: string, query: Query) => {
  const filters = filtersOf(query);
  const limit = query.limit ?? '50';
  const page = await apiGet<{ items: Message[]; scanned: number }>(`/api/dlqs/${queue}/messages`, {
    ...filters,
    limit,
  });
  const area = h('div', { id: 'change' });
  const boxes: HTMLInputElement[] = [];
  const rows = page.items.map((m) => {
    const box = h('input', {
      type: 'checkbox',
      value: m.message_id,
      'aria-label': `Select ${m.event_id ?? m.message_id}`,
    });
    boxes.push(box);
    return [
      box,
      m.event_id
        ? h('a', { href: pageHref(`events/${encodeURIComponent(m.event_id)}`) }, h('code', {}, m.event_id))
        : h('code', {}, m.message_id),
      m.tenant_id ?? '—',
      m.route_id ?? '—',
      m.failure ? h('span', {}, statusBadge(m.failure.code), ` ${m.failure.message}`) : '—',
      when(m.failure?.failed_at || m.sent_at),
      h('details', {}, h('summary', {}, 'Peek'), h('pre', {}, JSON.stringify(m.body, null, 2))),
    ];
  });
  const selected = () => boxes.filter((b) => b.checked).map((b) => b.value);
  const act = (verb: 'redrive' | 'archive', selection: boolean) => () => {
    const ids = selected();
    if (selection && ids.length === 0) {
      area.replaceChildren(errorBox('Select one or more messages first.'));
      return;
    }
    void startChange(area, queue, verb, selection ? { ...filters, message_ids: ids } : { ...filters });
  };
  main.append(
    h('h2', {}, `Messages of ${queue}`),
    filterForm(
      'dlqs',
      FILTERS.map((k) => textField(k, k.replace('_', ' '), query[k], k === 'since' ? '2h or ISO time' : '')),
      { queue },
    ),
    h(
      'p',
      { class: 'muted' },
      `${page.items.length} shown of ${page.scanned} read (peeking hides nothing for long and deletes nothing).`,
    ),
    page.items.length === 0
      ? emptyState('No dead letters match.')
      : table(['', 'event', 'tenant', 'route', 'reason', 'failed (UTC)', 'body'], rows, 'Dead letters'),
    page.items.length >= Number(limit)
      ? h(
          'p',
          {},
          h('a', { href: pageHref('dlqs', { ...query, limit: String(Number(limit) + 50) }) }, 'Show 50 more'),
        )
      : '',
    isOperator()
      ? h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: act('redrive', true) }, 'Redrive selected…'),
          h('button', { type: 'button', onclick: act('redrive', false) }, 'Redrive all matching…'),
          h('button', { type: 'button', onclick: act('archive', true) }, 'Archive selected…'),
          h('button', { type: 'button', onclick: act('archive', false) }, 'Archive all matching…'),
        )
      : h('p', { class: 'notice' }, 'Your role (viewer) may look, not change.'),
    area,
  );
};

/** A running move task (started by the CLI): preview its cancel, then confirm it. */
const cancelTask = async (area: HTMLElement, queue: string) => {
  try {
    const preview = await apiPost<{
      cancelled: { moved: number; to_move: number | null };
      confirmation?: string;
    }>(`/api/dlqs/${queue}/tasks/cancel/preview`, {});
    const confirm = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onclick: async () => {
          const done = await apiPost<{ moved_before_cancel: number | null }>(
            `/api/dlqs/${queue}/tasks/cancel`,
            {
              confirmation: preview.confirmation,
            },
          ).catch((error: unknown) => {
            area.append(errorBox(error));
            return null;
          });
          if (done)
            area.replaceChildren(
              h('p', {}, `Cancelled after ${done.moved_before_cancel ?? '?'} moved. `, refresh()),
            );
        },
      },
      'Confirm: cancel the move task',
    );
    area.replaceChildren(
      h(
        'section',
        { class: 'preview', 'aria-label': 'Preview' },
        h('h2', {}, 'Preview: cancel'),
        h(
          'p',
          {},
          `The move task has moved ${preview.cancelled.moved} of ${preview.cancelled.to_move ?? '?'}; what it moved stays moved.`,
        ),
        h(
          'div',
          { class: 'actions' },
          confirm,
          h('button', { type: 'button', onclick: () => area.replaceChildren() }, 'Keep it running'),
        ),
      ),
    );
    confirm.focus();
  } catch (error) {
    area.replaceChildren(errorBox(error));
  }
};

export const renderDlqs = async (main: HTMLElement, query: Query): Promise<void> => {
  const list = await apiGet<{
    target: string;
    queues: DlqRow[];
    missing: { alias: string; reason: string }[];
  }>('/api/dlqs');
  main.append(
    h('h1', {}, 'DLQs'),
    h('p', { class: 'muted' }, list.target),
    queueTable(list.queues),
    ...list.missing.map((m) => h('p', { class: 'muted' }, `${m.alias}: ${m.reason}`)),
  );
  for (const q of list.queues.filter((q) => q.move_tasks.some((t) => t.status === 'RUNNING'))) {
    const area = h('div', {});
    main.append(
      isOperator()
        ? h(
            'p',
            {},
            `${q.alias}: a move task is running. `,
            h('button', { type: 'button', onclick: () => void cancelTask(area, q.alias) }, 'Cancel it…'),
          )
        : h('p', {}, `${q.alias}: a move task is running.`),
      area,
    );
  }
  const queue = query.queue ?? list.queues[0]?.alias;
  if (queue) await messagesView(main, queue, query);
};
