import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../shared/webhooks/errors.ts';
import { githubScheme } from '../../../../shared/webhooks/schemes/github.ts';
import { makeRequest, rejectionReason, signedRequest } from '../request.ts';
import { itFulfilsTheSignedSchemeContract } from '../scheme-contract.ts';

// Published GitHub test vector.
const VECTOR = {
  secret: "It's a Secret to Everybody",
  body: 'Hello, World!',
  signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
};
const SECRET = 'github-webhook-secret';
const OLD_SECRET = 'github-webhook-secret-old';
const BODY = '{"zen":"Design for failure.","hook_id":1}';
const FORM = 'application/x-www-form-urlencoded';

describe('Scheme: github', () => {
  itFulfilsTheSignedSchemeContract({
    scheme: githubScheme,
    secret: SECRET,
    otherSecret: OLD_SECRET,
    body: BODY,
    contentType: 'application/json',
    signatureHeader: 'x-hub-signature-256',
    checksTimestamp: false,
  });

  it('verifies the published test vector', () => {
    // Prepare
    const request = makeRequest({ body: VECTOR.body, headers: { 'x-hub-signature-256': VECTOR.signature } });

    // Act
    const reason = rejectionReason(() => githubScheme.verify(request, [VECTOR.secret]));

    // Assess
    expect(reason).toBeNull();
  });

  it('verifies a signature made by @octokit/webhooks-methods', async () => {
    // Prepare
    const signature = await octokitSign(SECRET, BODY);
    const request = makeRequest({ body: BODY, headers: { 'x-hub-signature-256': signature } });

    // Act
    const reason = rejectionReason(() => githubScheme.verify(request, [SECRET]));

    // Assess
    expect(reason).toBeNull();
  });

  it('signs requests that @octokit/webhooks-methods accepts', async () => {
    // Prepare
    const request = signedRequest(githubScheme, { body: BODY, secret: SECRET });

    // Act
    const valid = await octokitVerify(SECRET, BODY, request.headers['x-hub-signature-256'] ?? '');

    // Assess
    expect(valid).toBe(true);
  });

  it('looks headers up by their lower-case names only', () => {
    // Prepare
    const request = makeRequest({ body: VECTOR.body, headers: { 'X-Hub-Signature-256': VECTOR.signature } });

    // Act
    const reason = rejectionReason(() => githubScheme.verify(request, [VECTOR.secret]));

    // Assess
    expect(reason).toBe('missing_header');
  });

  it('rejects a request that carries only the legacy SHA-1 header', () => {
    // Prepare
    const request = makeRequest({ body: VECTOR.body, headers: { 'x-hub-signature': 'sha1=0123' } });

    // Act
    const reason = rejectionReason(() => githubScheme.verify(request, [VECTOR.secret]));

    // Assess
    expect(reason).toBe('missing_header');
  });

  it.each([VECTOR.signature.slice(7), `sha1=${VECTOR.signature.slice(7)}`])(
    'rejects the malformed signature header %s',
    (header) => {
      // Prepare
      const request = makeRequest({ body: VECTOR.body, headers: { 'x-hub-signature-256': header } });

      // Act
      const reason = rejectionReason(() => githubScheme.verify(request, [VECTOR.secret]));

      // Assess
      expect(reason).toBe('malformed_header');
    },
  );

  it('reads the delivery id and event name of a JSON delivery', () => {
    // Prepare
    const request = makeRequest({
      body: BODY,
      headers: { 'content-type': 'application/json', 'x-github-delivery': 'd-1', 'x-github-event': 'ping' },
    });

    // Act
    const interpretation = githubScheme.interpret(request);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'd-1', eventType: 'ping' });
  });

  it('reads a form-encoded delivery whose JSON is in the payload field', () => {
    // Prepare
    const body = new URLSearchParams({ payload: BODY }).toString();
    const request = makeRequest({
      body,
      headers: { 'content-type': FORM, 'x-github-delivery': 'd-2', 'x-github-event': 'push' },
    });

    // Act
    const interpretation = githubScheme.interpret(request);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'd-2', eventType: 'push' });
  });

  it('reads a null id and type when the headers are absent', () => {
    // Act
    const interpretation = githubScheme.interpret(makeRequest({ body: BODY }));

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: null, eventType: null });
  });

  it.each([
    ['a JSON body that does not parse', 'application/json', '{"zen":'],
    ['a form body without payload', FORM, 'other=1'],
    ['a form payload that does not parse', FORM, 'payload=%7Bnope'],
  ])('throws MalformedPayloadError for %s', (_label, contentType, body) => {
    // Prepare
    const request = makeRequest({ body, headers: { 'content-type': contentType, 'x-github-event': 'push' } });

    // Act
    const act = () => githubScheme.interpret(request);

    // Assess
    expect(act).toThrow(MalformedPayloadError);
  });
});
