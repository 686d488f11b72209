import { describe, expect, it } from 'vitest';
import { DeliveryTransforms } from '../../../../shared/delivery/destinations/delivery-transforms.ts';
import type { DeliveryContext } from '../../../../shared/delivery/destinations/types.ts';
import { PermanentError, RetryableError } from '../../../../shared/kernel/errors.ts';
import type { TenantDirectory } from '../../../../shared/tenants/ports.ts';
import type { Route } from '../../../../shared/tenants/tenant-file.ts';
import { TransformCache } from '../../../../shared/tenants/transforms/transform-cache.ts';
import { deliveryContext } from './fixtures.ts';

const NOW = Date.parse('2026-12-01T00:00:00.000Z');

const route = (transform: string | undefined): Route => ({
  route_id: 'payments-to-backend',
  match: { provider: 'stripe', event_type: '*' },
  destination: {
    type: 'http',
    url: 'https://erp.acme.example/',
    signing_secret_name: 'tsunagi/test/acme/routes/x',
  },
  enabled: true,
  ...(transform === undefined ? {} : { transform }),
});

/** A directory whose routes are given, or that fails; counts reads. */
const directory = (routes: Route[] | Error) => {
  const calls = { reads: 0 };
  const tenants: TenantDirectory = {
    getTenant: async () => null,
    getRoutes: async () => {
      calls.reads++;
      if (routes instanceof Error) throw routes;
      return routes;
    },
  };
  return { tenants, calls };
};

const context = (transform: string | null): DeliveryContext => ({
  ...deliveryContext(NOW),
  headers: { 'user-agent': 'Stripe/1.0', 'stripe-signature': 't=1,v1=abc' },
  transform,
});

const transformsWith = (routes: Route[] | Error) => {
  const { tenants, calls } = directory(routes);
  return {
    transforms: new DeliveryTransforms({ tenants, clock: () => NOW, cache: new TransformCache() }),
    calls,
  };
};

describe('Class: DeliveryTransforms', () => {
  it('gives no output for a delivery without a transform', async () => {
    const { transforms } = transformsWith([]);
    expect(await transforms.outputFor(context(null))).toBeNull();
  });

  it('runs the snapshotted transform over the route document without reading the directory', async () => {
    // Prepare
    const { transforms, calls } = transformsWith([]);

    // Act
    const output = await transforms.outputFor(
      context('{"payment": data.id, "ua": headers."user-agent", "sig": headers."stripe-signature"}'),
    );

    // Assess
    expect(output).toEqual({ value: { payment: 'pi_1', ua: 'Stripe/1.0' } });
    expect(calls.reads).toBe(0);
  });

  it('fails permanently with the expression error when the route still has the same transform', async () => {
    // Prepare
    const broken = '$number(data.note)';
    const { transforms } = transformsWith([route(broken)]);

    // Act
    const failure = transforms.outputFor(context(broken));

    // Assess
    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toMatchObject({
      reason: {
        code: 'transform_failed',
        message: 'failed: the transform failed: D3030 at 8: Unable to cast value to a number: <value>',
        attempts: 0,
        failed_at: new Date(NOW).toISOString(),
      },
    });
  });

  it('uses the route’s fixed transform when the snapshot fails, so a redriven delivery succeeds', async () => {
    const { transforms } = transformsWith([route('{"payment": data.id}')]);
    expect(await transforms.outputFor(context('$number(data.note)'))).toEqual({ value: { payment: 'pi_1' } });
  });

  it('delivers the event as is when the route’s transform was removed after the snapshot failed', async () => {
    const { transforms } = transformsWith([route(undefined)]);
    expect(await transforms.outputFor(context('$number(data.note)'))).toBeNull();
  });

  it('keeps the failure of a route that no longer exists, and of a fix that fails too', async () => {
    await expect(
      transformsWith([]).transforms.outputFor(context('$number(data.note)')),
    ).rejects.toMatchObject({
      reason: { code: 'transform_failed' },
    });
    await expect(
      transformsWith([route('data.missing')]).transforms.outputFor(context('$number(data.note)')),
    ).rejects.toMatchObject({
      reason: { code: 'transform_failed', message: expect.stringMatching(/^empty: /) },
    });
  });

  it('retries later when the directory cannot say whether the route was fixed', async () => {
    const { transforms } = transformsWith(new Error('ThrottlingException'));
    const failure = transforms.outputFor(context('$number(data.note)'));
    await expect(failure).rejects.toBeInstanceOf(RetryableError);
    await expect(failure).rejects.toMatchObject({ reason: { code: 'connection_error' } });
  });

  it('fails a snapshot that does not compile like one that fails', async () => {
    const { transforms } = transformsWith([route('{')]);
    await expect(transforms.outputFor(context('{'))).rejects.toMatchObject({
      reason: { code: 'transform_failed', message: expect.stringMatching(/^syntax: is not valid JSONata/) },
    });
  });
});
