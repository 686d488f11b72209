const STAGES = new Set(['local', 'dev', 'stg', 'prod']);

/** The stages a receiver may run in; `local` is the laptop mode. */
export const isStageName = (value: string): boolean => STAGES.has(value);
