import { apiGet } from '../api.ts';
import { emptyState, filterForm, h, pager, type Query, selectField, table, textField, when } from '../dom.ts';

interface AuditRecord {
  id: string;
  at: string;
  who: string;
  command: string;
  queue: string;
  filters: Record<string, string>;
  counts: Record<string, number>;
  outcome: string;
  detail: Record<string, string>;
}

const pairs = (record: Record<string, string | number>) =>
  Object.entries(record)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || '—';

export const renderAudit = async (main: HTMLElement, query: Query): Promise<void> => {
  const page = await apiGet<{ items: AuditRecord[]; next: string | null }>('/api/audit', {
    since: query.since,
    command: query.command,
    who: query.who,
    limit: query.limit ?? '50',
    cursor: query.cursor,
  });
  main.append(
    h('h1', {}, 'Audit'),
    filterForm('audit', [
      textField('since', 'Since (ISO)', query.since),
      selectField('command', 'Command', query.command, [
        'dlq redrive',
        'dlq archive',
        'dlq cancel',
        'dlq purge',
        'endpoints disable',
        'endpoints enable',
        'endpoints recover',
      ]),
      textField('who', 'Who contains', query.who),
    ]),
    page.items.length === 0
      ? emptyState('No audit records match.')
      : table(
          ['at (UTC)', 'who', 'what', 'queue', 'filters', 'counts', 'outcome', 'detail'],
          page.items.map((r) => [
            when(r.at),
            r.who,
            r.command,
            r.queue,
            pairs(r.filters),
            pairs(r.counts),
            r.outcome,
            pairs(r.detail),
          ]),
          'Audit records, newest first',
        ),
    pager('audit', query, page.next),
  );
};
