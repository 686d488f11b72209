import { describe, expect, it } from 'vitest';
import { readTruncatedText } from '../../../../shared/kernel/http/response-body.ts';

describe('Function: readTruncatedText', () => {
  it('keeps at most 64 KiB of the answer', async () => {
    // Prepare
    const response = new Response('x'.repeat(200 * 1024));

    // Act
    const text = await readTruncatedText(response);

    // Assess
    expect(text).toHaveLength(64 * 1024);
  });

  it('reads a short or empty answer whole', async () => {
    // Act
    const texts = await Promise.all([
      readTruncatedText(new Response('{"ok":true}')),
      readTruncatedText(new Response(null, { status: 204 })),
    ]);

    // Assess
    expect(texts).toEqual(['{"ok":true}', '']);
  });
});
