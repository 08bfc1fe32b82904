import { z } from '@hono/zod-openapi';

/** The problem details schema every error response uses. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problemContent = { 'application/problem+json': { schema: Problem } };

/** Error responses shared by the routes, for the OpenAPI document. */
export const errorResponses = {
  400: { description: 'Bad input', content: problemContent },
  401: { description: 'No valid bearer token', content: problemContent },
  403: { description: 'Not allowed', content: problemContent },
  404: { description: 'Not found', content: problemContent },
  429: { description: 'Rate limited', content: problemContent },
} as const;

/** A JSON body response of any shape (Warden records and results are app-defined). */
export const jsonResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.unknown() } },
});

/** A JSON request body validated by `schema`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

/** Bearer security for the routes behind sign-in. */
export const bearer = [{ bearerAuth: [] }];

/** Record fields as a JSON object (prototype-polluting keys are refused before, `poison-keys.ts`). */
export const RecordFields = z.record(z.string().max(200), z.unknown()).openapi('RecordFields');

/** An entity name of the app definition: letters, digits, `_` and dots (`sys.users`). */
export const EntityName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/, 'entity must be an entity name')
  .max(100);

/** A record id. */
export const RecordId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be a record id');
