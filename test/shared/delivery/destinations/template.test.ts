import { describe, expect, it } from 'vitest';
import { lookup, renderTemplate, truncate } from '../../../../shared/delivery/destinations/template.ts';

const context = {
  event_id: 'evt_1',
  event_type: 'order.created',
  data: {
    object: { id: 'pi_1', amount: 1200, paid: true, customer: null },
    items: [{ sku: 'A-1' }, { sku: 'B-2' }],
    html: '<script>alert("x")</script> & \'quoted\'',
    mention: '<!channel> see <https://evil.example|this>',
    multiline: 'line one\r\nBcc: victim@example.com',
  },
};

describe('Function: renderTemplate', () => {
  it('replaces dotted paths, array indices and surrounding spaces', () => {
    // Act
    const text = renderTemplate('{{ event_id }}: {{data.object.id}} {{data.items.1.sku}}', context, 'none');

    // Assess
    expect(text).toBe('evt_1: pi_1 B-2');
  });

  it('renders numbers and booleans as text, missing and null as nothing, objects as JSON', () => {
    // Act
    const text = renderTemplate(
      '{{data.object.amount}}|{{data.object.paid}}|{{data.object.customer}}|{{data.nope.deeper}}|{{data.items.0}}',
      context,
      'none',
    );

    // Assess
    expect(text).toBe('1200|true|||{"sku":"A-1"}');
  });

  it('escapes inserted values for HTML but leaves the template markup alone', () => {
    // Act
    const html = renderTemplate('<p>{{data.html}}</p>', context, 'html');

    // Assess
    expect(html).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</p>');
  });

  it('keeps payload text from forming Slack mentions and links', () => {
    // Act
    const text = renderTemplate('<!here> {{data.mention}}', context, 'slack');

    // Assess
    expect(text).toBe('<!here> &lt;!channel&gt; see &lt;https://evil.example|this&gt;');
  });

  it('folds line breaks of a value into one header line', () => {
    // Act
    const subject = renderTemplate('Re: {{data.multiline}}', context, 'header');

    // Assess
    expect(subject).toBe('Re: line one Bcc: victim@example.com');
  });

  it('sees only own fields, never prototypes or functions', () => {
    // Prepare
    const hostile = JSON.parse('{"__proto__":{"polluted":"yes"},"a":{}}');

    // Act
    const text = renderTemplate(
      '[{{constructor}}][{{a.constructor.name}}][{{toString}}][{{a.__proto__}}][{{__proto__.polluted}}]',
      hostile,
      'none',
    );

    // Assess
    expect(text).toBe('[][][][][yes]');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves anything that is not a plain path untouched', () => {
    // Act
    const text = renderTemplate('{{ event_id + 1 }} {{#each items}} {{event_id}}', context, 'none');

    // Assess
    expect(text).toBe('{{ event_id + 1 }} {{#each items}} evt_1');
  });
});

describe('Function: lookup', () => {
  it('does not index into strings', () => {
    // Act & Assess
    expect(lookup({ a: 'text' }, 'a.length')).toBeUndefined();
    expect(lookup({ a: ['x'] }, 'a.length')).toBeUndefined();
  });
});

describe('Function: truncate', () => {
  it('cuts by characters and marks the cut', () => {
    // Act & Assess
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('ゆっくりしていってね', 5)).toBe('ゆっくり…');
    expect(Array.from(truncate('😀'.repeat(10), 4))).toHaveLength(4);
  });
});
