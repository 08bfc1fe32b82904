import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Runtime } from '@warden/runtime';
import { isWardenError } from '@warden/runtime';
import type { Context } from 'hono';
import { bearer, errorResponses, jsonBody, jsonResponse } from './openapi-shared.js';
import { httpProblem } from './problem-details.js';
import { requireUser, type ServerEnv } from './request-auth.js';

const Email = z.string().min(1).max(320);
const Password = z.string().min(1).max(4096);

const route = <B extends z.ZodType>(path: string, description: string, body: B, security?: typeof bearer) =>
  createRoute({
    method: 'post',
    path,
    tags: ['auth'],
    description,
    ...(security ? { security } : {}),
    request: jsonBody(body),
    responses: { 200: jsonResponse(description), ...errorResponses },
  });

const signIn = route(
  '/auth/sign-in',
  'Signs in with an identifier and password: a session, or the next step (mfaRequired, passwordExpired)',
  z.object({ email: Email, password: Password }),
);
const refresh = route(
  '/auth/refresh',
  'Exchanges a refresh token for a new session',
  z.object({ refreshToken: z.string().min(1).max(4096) }),
);
const signOut = route(
  '/auth/sign-out',
  'Ends the session of the bearer token',
  z.object({}).passthrough(),
  bearer,
);
const resetRequest = route(
  '/auth/password-reset/request',
  'Mails a reset code when the account exists; always answers accepted',
  z.object({ email: Email }),
);
const resetComplete = route(
  '/auth/password-reset/complete',
  'Sets a new password with a reset code',
  z.object({ code: z.string().min(1).max(512), password: Password }),
);

/** A refused credential is 401 (same answer for every reason); other errors keep their status. */
function credentialProblem(e: unknown): never {
  if (isWardenError(e) && e.code === 'forbidden') throw httpProblem(401, e.code, e.message);
  throw e;
}

/** The authentication routes: sign-in, refresh, sign-out and password reset. */
export function authRoutes(
  app: OpenAPIHono<ServerEnv>,
  runtime: Runtime,
  clientAddress: (c: Context) => string,
) {
  app.openapi(signIn, async (c) => {
    const { email, password } = c.req.valid('json') as { email: string; password: string };
    try {
      const outcome = await runtime.users.signIn(email, password, { ip: clientAddress(c) });
      return c.json(outcome, 200);
    } catch (e) {
      return credentialProblem(e);
    }
  });
  app.openapi(refresh, async (c) => {
    const { refreshToken } = c.req.valid('json') as { refreshToken: string };
    try {
      return c.json(await runtime.users.refresh(refreshToken), 200);
    } catch (e) {
      return credentialProblem(e);
    }
  });
  app.use('/auth/sign-out', requireUser(runtime));
  app.openapi(signOut, async (c) => {
    await runtime.users.signOut(c.get('token'));
    return c.json({ signedOut: true }, 200);
  });
  app.openapi(resetRequest, async (c) => {
    const { email } = c.req.valid('json') as { email: string };
    return c.json(await runtime.users.requestPasswordReset(email, { ip: clientAddress(c) }), 200);
  });
  app.openapi(resetComplete, async (c) => {
    const { code, password } = c.req.valid('json') as { code: string; password: string };
    return c.json(await runtime.users.completePasswordReset(code, password), 200);
  });
}
