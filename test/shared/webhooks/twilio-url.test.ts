import { describe, expect, it } from 'vitest';
import { appendQuery, queryParam, twilioUrlVariants } from '../../../shared/webhooks/twilio-url.ts';

describe('Module: twilio-url', () => {
  it.each([
    ['https://h.example/p?a=1', ['https://h.example/p?a=1', 'https://h.example:443/p?a=1']],
    ['https://h.example:443/p', ['https://h.example/p', 'https://h.example:443/p']],
    ['http://h.example/p', ['http://h.example/p', 'http://h.example:80/p']],
    ['https://h.example:8443/p', ['https://h.example/p', 'https://h.example:8443/p']],
    ['https://u:pw@[::1]/p', ['https://u:pw@[::1]/p', 'https://u:pw@[::1]:443/p']],
    ['not a url', ['not a url']],
  ])('derives the URLs Twilio may have signed from %s', (url, expected) => {
    // Assess
    expect(twilioUrlVariants(url)).toEqual(expected);
  });

  it('keeps the path and query exactly as received', () => {
    // Assess
    expect(twilioUrlVariants("https://h.example/it's?q=a'b")[0]).toBe("https://h.example/it's?q=a'b");
  });

  it('reads a decoded query parameter and null when absent', () => {
    // Assess
    expect(queryParam('https://h/p?x=1&bodySHA256=ab%63', 'bodySHA256')).toBe('abc');
    expect(queryParam('https://h/p', 'bodySHA256')).toBeNull();
  });

  it('appends a query with ? or &', () => {
    // Assess
    expect(appendQuery('https://h/p', 'a=1')).toBe('https://h/p?a=1');
    expect(appendQuery('https://h/p?x=1', 'a=1')).toBe('https://h/p?x=1&a=1');
    expect(appendQuery('https://h/p', '')).toBe('https://h/p');
  });
});
