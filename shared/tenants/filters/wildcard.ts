/**
 * EventBridge's `wildcard` operator: `*` stands for any run of characters (possibly none), `\*` is a literal
 * star and `\\` a literal backslash. Two stars in a row, and a backslash before anything else, are refused.
 */

/** The literal pieces between the stars, or a problem with the pattern. */
export const parseWildcard = (pattern: string): { segments: string[] } | { problem: string } => {
  const segments: string[] = [];
  let current = '';
  let previousWasStar = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\')
        return { problem: 'a backslash may only escape "*" or "\\" in a wildcard' };
      current += next;
      i++;
      previousWasStar = false;
    } else if (c === '*') {
      if (previousWasStar) return { problem: 'a wildcard must not contain consecutive "*" characters' };
      segments.push(current);
      current = '';
      previousWasStar = true;
    } else {
      current += c;
      previousWasStar = false;
    }
  }
  segments.push(current);
  return { segments };
};

/**
 * Matches a value against the pieces: the first must start it, the last must end it, and the middle ones
 * must appear in order in between. Taking the leftmost place for each middle piece is always right for
 * patterns without `?`, so this is linear, never the backtracking blow-up of a regular expression.
 */
export const wildcardMatcher = (segments: readonly string[]): ((value: string) => boolean) => {
  if (segments.length === 1) {
    const only = segments[0]!;
    return (value) => value === only;
  }
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1);
  const minLength = segments.reduce((sum, s) => sum + s.length, 0);
  return (value) => {
    if (value.length < minLength || !value.startsWith(first) || !value.endsWith(last)) return false;
    let at = first.length;
    const end = value.length - last.length;
    for (const piece of middle) {
      const found = value.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
};
