// The dlq commands, one file per responsibility; `main.ts` loads them from here.
export { DLQ_ARCHIVE_USAGE, dlqArchive } from './dlq-archive.ts';
export { DLQ_LIST_USAGE, dlqList } from './dlq-list.ts';
export { DLQ_PEEK_USAGE, dlqPeek } from './dlq-read.ts';
export { DLQ_REDRIVE_USAGE, dlqRedrive } from './dlq-redrive.ts';
export { DLQ_CANCEL_USAGE, DLQ_STATUS_USAGE, dlqCancel, dlqStatus } from './dlq-tasks.ts';
