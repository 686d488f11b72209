import { describe, expect, it } from 'vitest';
import {
  compileTransform,
  TRANSFORM_LIMITS,
  transformProblem,
} from '../../../../shared/tenants/transforms/compile-transform.ts';
import { jsonSizeUpTo, runTransform } from '../../../../shared/tenants/transforms/run-transform.ts';
import { TransformCache } from '../../../../shared/tenants/transforms/transform-cache.ts';
import { TransformError } from '../../../../shared/tenants/transforms/transform-errors.ts';

const ORDER_DOCUMENT = {
  event_id: 'evt_1',
  type: 'orders/paid',
  provider: 'shopify',
  tenant_id: 'acme',
  provider_event_id: 'wh_1',
  received_at: '2026-12-01T00:00:00.000Z',
  trace_id: '0af7651916cd43dd8448eb211c80319c',
  headers: { 'x-shopify-shop-domain': 'acme-jp.myshopify.com' },
  data: {
    id: 1042,
    name: '#1042',
    total_price: '12000',
    currency: 'JPY',
    line_items: [
      { sku: 'TEA-1', quantity: 2 },
      { sku: 'CUP-3', quantity: 1 },
    ],
  },
};

const failure = async (expression: string, document: unknown = ORDER_DOCUMENT, limits = TRANSFORM_LIMITS) => {
  try {
    await runTransform(compileTransform(expression, limits), document);
  } catch (error) {
    if (error instanceof TransformError) return { kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error('the transform succeeded');
};

describe('Function: runTransform', () => {
  it('reshapes the route document into plain JSON', async () => {
    // Prepare
    const compiled = compileTransform(
      '{"order_id": data.id, "total": $number(data.total_price), "shop": headers."x-shopify-shop-domain",' +
        ' "items": data.line_items.{"sku": sku, "qty": quantity}}',
    );

    // Act
    const result = await runTransform(compiled, ORDER_DOCUMENT);

    // Assess
    expect(result).toEqual({
      order_id: 1042,
      total: 12000,
      shop: 'acme-jp.myshopify.com',
      items: [
        { sku: 'TEA-1', qty: 2 },
        { sku: 'CUP-3', qty: 1 },
      ],
    });
    expect(Object.getPrototypeOf((result as { items: unknown }).items)).toBe(Array.prototype);
  });

  it('produces text for chat messages', async () => {
    const result = await runTransform(compileTransform('"Order " & data.name & " paid"'), ORDER_DOCUMENT);
    expect(result).toBe('Order #1042 paid');
  });

  it('fails with the expression error, leaving event text out of the message', async () => {
    const error = await failure('$number(data.currency)');
    expect(error).toEqual({
      kind: 'failed',
      message: 'the transform failed: D3030 at 8: Unable to cast value to a number: <value>',
    });
    expect(error.message).not.toContain('JPY');
    expect(await failure('$error("no shop")')).toMatchObject({
      kind: 'failed',
      message: expect.stringContaining('no shop'),
    });
  });

  it('times out an expression that runs past the time limit', async () => {
    const limits = { ...TRANSFORM_LIMITS, timeoutMs: 10 };
    const started = Date.now();
    const error = await failure(
      '($loop := function($i){ $i < 100000000 ? $loop($i + 1) : $i }; $loop(0))',
      {},
      limits,
    );
    expect(error).toEqual({ kind: 'timeout', message: 'the transform ran longer than 10 ms' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses a result over the output limit, and values too large to build', async () => {
    const limits = { ...TRANSFORM_LIMITS, maxOutputChars: 1_000 };
    expect(await failure('$join([1..500].$string(), ",")', ORDER_DOCUMENT, limits)).toEqual({
      kind: 'oversize',
      message: "the transform's result exceeds 1000 characters as JSON",
    });
    expect(await failure('$pad("", 100000000)')).toMatchObject({ kind: 'oversize' });
    expect(await failure('[1..100000]')).toMatchObject({
      kind: 'oversize',
      message: expect.stringContaining('maximum sequence length of 10000'),
    });
    // Doubling a string 40 times: cheap to build, far too large to hold; refused, not crashed.
    expect(
      await failure('($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f("x", 40))'),
    ).toMatchObject({
      kind: 'oversize',
    });
  });

  it('refuses an expression that produces nothing', async () => {
    expect(await failure('data.nothing')).toEqual({
      kind: 'empty',
      message: 'the transform produced no value (use match.filter to skip events)',
    });
  });

  it('keeps $pad working within the limit', async () => {
    expect(await runTransform(compileTransform('$pad("ab", -5, "#")'), {})).toBe('###ab');
    expect(await runTransform(compileTransform('$pad("ab", 4)'), {})).toBe('ab  ');
  });
});

describe('Function: compileTransform', () => {
  it.each<[string, string]>([
    ['{"a": }', 'is not valid JSONata: S0211 at 7: The symbol "}" cannot be used as a unary operator'],
    ['   ', 'must not be empty'],
    ['x'.repeat(TRANSFORM_LIMITS.maxChars + 1), `is 8193 characters; at most ${TRANSFORM_LIMITS.maxChars}`],
    [`${'('.repeat(100)}1${')'.repeat(100)}`, `nests deeper than ${TRANSFORM_LIMITS.maxDepth} levels`],
    [`${'['.repeat(4000)}1${']'.repeat(4000)}`, 'nests too deeply to parse'],
    ['$eval("1 + 1")', '$eval is not allowed'],
    [
      '$match(data.x, /(a+)+b/)',
      'the regular expression /(a+)+b/ nests quantifiers or uses back-references, which can run for minutes',
    ],
    [
      '$contains(data.x, /(\\w)\\1/)',
      'the regular expression /(\\w)\\1/ nests quantifiers or uses back-references, which can run for minutes',
    ],
  ])('refuses %j: %s', (expression, message) => {
    expect(transformProblem(expression)).toBe(message);
  });

  it('accepts ordinary regular expressions and functions', () => {
    expect(transformProblem('$match(data.email, /^[a-z]+@[a-z.]+$/i).match')).toBeNull();
    expect(transformProblem('$map(data.items, function($v){ $v.sku })')).toBeNull();
  });
});

describe('Class: TransformCache', () => {
  it('compiles each expression once, remembering one that does not compile', () => {
    const cache = new TransformCache();
    const compiled = cache.get('data.id');
    expect(cache.get('data.id')).toBe(compiled);
    const broken = cache.get('{');
    expect(broken).toBeInstanceOf(TransformError);
    expect(cache.get('{')).toBe(broken);
  });
});

describe('Function: jsonSizeUpTo', () => {
  it('stops counting once past the limit', () => {
    expect(jsonSizeUpTo({ a: 'xyz' }, 1_000)).toBe(12);
    expect(jsonSizeUpTo(['x'.repeat(100), 'y'.repeat(100)], 50)).toBeGreaterThan(50);
  });
});
