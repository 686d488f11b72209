/** `base` without a trailing slash, so `${base}/path` never doubles it. */
export const trimBase = (base: string): string => base.replace(/\/+$/, '');
