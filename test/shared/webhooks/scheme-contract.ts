import { expect, it } from 'vitest';
import type { WebhookScheme } from '../../../shared/webhooks/scheme.ts';
import { flipByte, NOW, rejectionReason, signedRequest, withBody, withoutHeader } from './request.ts';

/** What the shared checks need to know about an HMAC scheme. */
export interface SignedSchemeContract {
  readonly scheme: WebhookScheme;
  readonly secret: string;
  readonly otherSecret: string;
  /** A representative body that must end in a character whose change alters what is signed. */
  readonly body: string;
  readonly contentType: string;
  /** The header whose absence must reject the request. */
  readonly signatureHeader: string;
  /** True when the scheme signs a timestamp that must lie within ±300 s. */
  readonly checksTimestamp: boolean;
  /** Content type for the non-UTF-8 body; defaults to application/octet-stream. */
  readonly binaryContentType?: string;
}

/** Registers the checks every HMAC scheme must pass, inside the caller's `describe`. */
export const itFulfilsTheSignedSchemeContract = (contract: SignedSchemeContract): void => {
  const { scheme, secret, otherSecret, body, contentType } = contract;
  const sign = (
    init: { secret?: string; signedAt?: number; body?: Buffer | string; contentType?: string } = {},
  ) =>
    signedRequest(scheme, {
      body: init.body ?? body,
      secret: init.secret ?? secret,
      contentType: init.contentType ?? contentType,
      signedAt: init.signedAt ?? NOW,
    });

  it('verifies a request produced by sign()', () => {
    // Prepare
    const request = sign();

    // Act
    const act = () => scheme.verify(request, [secret]);

    // Assess
    expect(act).not.toThrow();
  });

  it('rejects a request whose body was changed after signing', () => {
    // Prepare
    const request = sign();
    const tampered = withBody(request, flipByte(request.body));

    // Act
    const reason = rejectionReason(() => scheme.verify(tampered, [secret]));

    // Assess
    expect(reason).toBe('signature_mismatch');
  });

  it('rejects a request signed with another secret', () => {
    // Prepare
    const request = sign({ secret: otherSecret });

    // Act
    const reason = rejectionReason(() => scheme.verify(request, [secret]));

    // Assess
    expect(reason).toBe('signature_mismatch');
  });

  it('verifies with either secret while both are listed during rotation', () => {
    // Prepare
    const signedWithOld = sign({ secret: otherSecret });
    const signedWithNew = sign({ secret });

    // Act
    const reasons = [signedWithOld, signedWithNew].map((request) =>
      rejectionReason(() => scheme.verify(request, [otherSecret, secret])),
    );

    // Assess
    expect(reasons).toEqual([null, null]);
  });

  it('rejects every request when no secret is configured', () => {
    // Prepare
    const request = sign();

    // Act
    const reasons = [[], ['']].map((secrets) => rejectionReason(() => scheme.verify(request, secrets)));

    // Assess
    expect(reasons).toEqual(['no_secret', 'no_secret']);
  });

  it('rejects a request without a signature header', () => {
    // Prepare
    const request = withoutHeader(sign(), contract.signatureHeader);

    // Act
    const reason = rejectionReason(() => scheme.verify(request, [secret]));

    // Assess
    expect(reason).toBe('missing_header');
  });

  it('verifies a non-UTF-8 body byte-exactly and rejects a one-byte change', () => {
    // Prepare
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7f, 0xc3, 0x28]);
    const request = sign({
      body: binary,
      contentType: contract.binaryContentType ?? 'application/octet-stream',
    });
    const changed = withBody(request, flipByte(binary, 1));

    // Act
    const reasons = [request, changed].map((candidate) =>
      rejectionReason(() => scheme.verify(candidate, [secret])),
    );

    // Assess
    expect(reasons).toEqual([null, 'signature_mismatch']);
  });

  if (contract.checksTimestamp) {
    it.each([
      ['299 s old', -299, null],
      ['300 s old', -300, null],
      ['301 s old', -301, 'timestamp_out_of_window'],
      ['299 s ahead', 299, null],
      ['300 s ahead', 300, null],
      ['301 s ahead', 301, 'timestamp_out_of_window'],
    ])('handles a timestamp %s', (_label, offset, expected) => {
      // Prepare
      const request = sign({ signedAt: NOW + offset });

      // Act
      const reason = rejectionReason(() => scheme.verify(request, [secret]));

      // Assess
      expect(reason).toBe(expected);
    });
  } else {
    it('has no timestamp window, so an old signature still verifies', () => {
      // Prepare
      const request = sign({ signedAt: NOW - 86_400 });

      // Act
      const reason = rejectionReason(() => scheme.verify(request, [secret]));

      // Assess
      expect(reason).toBeNull();
    });
  }

  it('captures no signature header', () => {
    // Assess
    expect(scheme.capturedHeaders).not.toContain(contract.signatureHeader);
    for (const name of scheme.capturedHeaders) expect(name).toBe(name.toLowerCase());
  });
};
