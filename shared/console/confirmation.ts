import { HttpProblem } from './http.ts';
import type { RouteContext } from './route.ts';
import { confirmationProblem, confirmationTokenFor } from './tokens.ts';

/** The confirmation step every console change goes through: a preview hands out a token, the change needs it. */

/** What a preview answers besides its dry run: the exact input to send back, and its confirmation. */
export const confirmationOf = (context: RouteContext, action: string, input: unknown) => {
  const { token, expiresAt } = confirmationTokenFor(
    context.ports.signingKey,
    { principalId: context.principal.id, action, input },
    context.ports.clock(),
  );
  return { input, confirmation: token, confirmation_expires_at: expiresAt };
};

export const requireConfirmation = (
  context: RouteContext,
  action: string,
  input: unknown,
  token?: string,
) => {
  const why = confirmationProblem(
    context.ports.signingKey,
    { principalId: context.principal.id, action, input },
    token,
    context.ports.clock(),
  );
  if (why === null) return;
  const message =
    why === 'missing'
      ? 'preview first: a change needs the confirmation token of its dry run'
      : why === 'expired'
        ? 'the preview has expired: preview again'
        : 'the confirmation token is for another change, or another person: preview this one';
  throw new HttpProblem(409, 'confirmation_required', message, { reason: why });
};
