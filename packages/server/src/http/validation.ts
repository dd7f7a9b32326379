import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';
import { Filter, PersonFilter } from '@tapedeck/protocol/api';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';

/**
 * Fastify's own validator (Ajv), set so that a request is judged as sent: nothing removed,
 * one error (collecting every error of a hostile body costs time), and the schema at hand
 * for a message that says what is allowed.
 */
const AJV_OPTIONS = {
  removeAdditional: false as const,
  useDefaults: true,
  allErrors: false,
  verbose: true,
  keywords: ['x-message'],
  allowUnionTypes: true,
};

/**
 * Validators for Fastify's `schemaController`: path and query strings are text, so they
 * are coerced (`?limit=5` is a number); JSON bodies are not, so `"3"` stays a string and a
 * union is never satisfied by changing the value.
 */
export const buildValidator: ValidatorFactory = (externalSchemas) => {
  const factory = AjvCompiler();
  const text = factory(externalSchemas, {
    customOptions: { ...AJV_OPTIONS, coerceTypes: 'array' },
  });
  const json = factory(externalSchemas, { customOptions: { ...AJV_OPTIONS, coerceTypes: false } });
  return (route) => (route.httpPart === 'body' ? json : text)(route);
};

type Schema = {
  type?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, unknown>;
  minLength?: number;
  maxLength?: number;
  description?: string;
  'x-message'?: string;
};

/** `/filter/and/1/url` → `filter.and[1].url` */
const dotted = (pointer: string) =>
  pointer
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.')
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');

/** The first validation error as a sentence naming the field and what is allowed. */
export function describeValidation(
  errors: FastifySchemaValidationError[],
  context: string,
): string {
  const error = errors.find((e) => e.keyword !== 'if' && e.keyword !== 'anyOf') ?? errors[0];
  if (!error) return `The ${context} is not valid.`;
  const field = dotted(error.instancePath).replace(/^\./, '');
  const path = field || (context === 'body' ? 'The body' : `The ${context}`);
  const params = error.params as Record<string, unknown>;
  const parent = ((error as { parentSchema?: Schema }).parentSchema ?? {}) as Schema;
  const hint = parent['x-message'];
  switch (error.keyword) {
    case 'required':
      return `${field ? `${field}.` : ''}${String(params.missingProperty)} is required.`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      if (parent.minimum !== undefined && parent.maximum !== undefined)
        return `${path} must be ${parent.type === 'integer' ? 'a whole number' : 'a number'} from ${parent.minimum} to ${parent.maximum}.`;
      return `${path} ${error.message}.`;
    case 'additionalProperties':
      return `${path} has an unknown field "${String(params.additionalProperty)}" (allowed: ${Object.keys(parent.properties ?? {}).join(', ')}).`;
    case 'enum':
      return `${path} must be one of ${(params.allowedValues as unknown[]).join(', ')}.`;
    case 'propertyNames':
    case 'maxProperties':
    case 'minProperties':
      return hint ? `${path} ${hint}.` : `${path} ${error.message}.`;
    case 'minLength':
    case 'maxLength':
      return `${path} must be a string of ${parent.minLength ?? 0} to ${parent.maxLength ?? 'any number of'} characters.`;
    case 'pattern':
      return `${path} must match ${String(params.pattern)}${parent.description ? ` (${parent.description})` : ''}.`;
    default:
      return `${path} ${error.message ?? 'is not valid'}.`;
  }
}

const saved = AjvCompiler()({ Filter, PersonFilter } as never, {
  customOptions: { ...AJV_OPTIONS, coerceTypes: false },
});
const savedValidators = {
  Filter: saved({ schema: { $ref: 'Filter' }, method: 'GET', url: '/', httpPart: 'body' }),
  PersonFilter: saved({
    schema: { $ref: 'PersonFilter' },
    method: 'GET',
    url: '/',
    httpPart: 'body',
  }),
};

/**
 * Checks a filter saved earlier (a playlist's, a cohort's) against today's schema, as a
 * request's would be: null when it passes, else what is wrong.
 */
export function savedFilterProblem(
  schema: 'Filter' | 'PersonFilter',
  value: unknown,
): string | null {
  const validate = savedValidators[schema];
  if (validate(value)) return null;
  return describeValidation((validate.errors ?? []) as FastifySchemaValidationError[], 'filter');
}
