import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Email, Store } from 'aws-ses-v2-local/dist/store.js';
import sesStoreModule from 'aws-ses-v2-local/dist/store.js';

/**
 * The SES stand-in's mailbox across a restart. aws-ses-v2-local keeps its mail in module state; this reads that
 * store when the instance stops and puts the saved mail back when it starts (mail already there, by message id,
 * is not added twice: in one process every instance shares the one store).
 */

type StoreModule = { getStoreReadonly: () => Store };
// CommonJS: under ESM the default import is the module's exports object.
const storeModule = ((sesStoreModule as unknown as { default?: StoreModule }).default ??
  (sesStoreModule as unknown as StoreModule)) as StoreModule;

const store = (): Store => storeModule.getStoreReadonly();

/** Writes the mailbox to `file`; resolves to how many mails it holds. */
export const saveMailbox = async (file: string): Promise<number> => {
  const { emails } = store();
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(emails)}\n`);
  await rename(temporary, file);
  return emails.length;
};

/** Puts the saved mail back; resolves to how many mails the file held (0 when there is none). */
export const restoreMailbox = async (file: string): Promise<number> => {
  let saved: Email[];
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as Email[];
  } catch {
    return 0;
  }
  if (!Array.isArray(saved)) return 0;
  const { emails } = store();
  const present = new Set(emails.map((email) => email.messageId));
  const missing = saved.filter((email) => !present.has(email.messageId));
  // Oldest first, as the stand-in lists them.
  emails.splice(0, 0, ...missing);
  return saved.length;
};
