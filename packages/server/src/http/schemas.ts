import { type TSchema, Type } from '@sinclair/typebox';
import { ErrorBody } from '@tapedeck/protocol/api';

/** Who may call a route, as the OpenAPI document says it. */
type Access = 'viewer' | 'editor' | 'admin' | 'any key' | 'project token' | 'none';

const SECURITY = {
  'project token': [{ projectToken: [] }],
  none: [],
} as const;

/** Every answer but the success one is `{ error }`. */
const ERRORS = { '4xx': Type.Ref(ErrorBody), '5xx': Type.Ref(ErrorBody) };

const about = (summary: string, access: Access) => ({
  summary,
  description: `Who may call it: ${access}.`,
  ...(access in SECURITY ? { security: SECURITY[access as keyof typeof SECURITY] } : {}),
});

/**
 * A route's documentation and responses: `ok` for 200, `{ error }` otherwise. The role is
 * enforced by `config.role` (see authHook); this documents it.
 */
export const describe = <T extends TSchema>(summary: string, access: Access, ok: T) => ({
  ...about(summary, access),
  response: { 200: ok, ...ERRORS },
});

/** The same for a route that creates something: 201. */
export const describeCreated = <T extends TSchema>(summary: string, access: Access, ok: T) => ({
  ...about(summary, access),
  response: { 201: ok, ...ERRORS },
});

/** The same for a route that answers 204 with no body. */
export const describeEmpty = (summary: string, access: Access) => ({
  ...about(summary, access),
  response: { 204: Type.Null({ description: 'Done.' }), ...ERRORS },
});
