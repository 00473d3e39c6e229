import { z } from '@hono/zod-openapi';

export const IdParams = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      id: z.string().optional(),
    }),
  })
  .openapi('Error');

/** Error responses every protected route may give, for the OpenAPI document. */
export const errorResponses = {
  400: { description: 'Invalid input', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Missing permission', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'Conflict', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export function json<T extends z.ZodType>(schema: T, description = 'OK') {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { required: true, content: { 'application/json': { schema } } } };
}

/** Names shown to people: trimmed, non-empty, no control characters. */
export const NameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

export const ConfigSchema = z.record(z.string(), z.unknown()).openapi({ description: "Adapter configuration; see the kind's schema" });

export const AdapterKindSchema = z
  .object({ kind: z.string(), label: z.string(), secretFields: z.array(z.string()), configSchema: z.record(z.string(), z.unknown()) })
  .openapi('AdapterKind');
