import { type Static, type TThis, Type } from '@sinclair/typebox';
import { MAX_VITAL_VALUE, WEB_VITALS } from '../vitals.js';
import { StringEnum } from './common.js';

export const SIGNALS = [
  'rageClicks',
  'deadClicks',
  'thrashing',
  'consoleErrors',
  'networkErrors',
  'exceptions',
  /** A page view with a Web Vital rated poor (web.dev's thresholds). */
  'poorVitals',
] as const;
export type Signal = (typeof SIGNALS)[number];

/** Filters nest at most this deep, with at most this many conditions. */
export const FILTER_LIMITS = { depth: 8, conditions: 50, regexLength: 200 } as const;

const text = (maxLength = 200) => Type.String({ minLength: 1, maxLength });
const atLeastOne = (keys: string) => ({
  additionalProperties: false,
  minProperties: 1,
  'x-message': `needs at least one of ${keys}`,
});

/** A value `equals` compares with: a JSON scalar. */
export type PropertyValue = string | number | boolean | null;

/**
 * A condition on a JSON property of a custom event or a person. Exactly one test, with the
 * same meaning on every store. `equals` is typed JSON equality: the number 1 equals 1 (and
 * 1.0, the same JSON number) but not "1" nor true, the string "1" only "1", true only true,
 * null only a property set to null (not a missing one); an object or array equals nothing.
 * `contains` looks in string values only, ignoring the case of ASCII letters. `isSet` is a
 * property present with a value other than null.
 */
export const PropertyCondition = Type.Object(
  {
    key: Type.String({ pattern: '^[^"\\\\]{1,200}$', description: 'No " or \\.' }),
    equals: Type.Optional(
      Type.Unsafe<PropertyValue>({
        type: ['string', 'number', 'boolean', 'null'],
        maxLength: 500,
        description:
          'Typed JSON equality: 1 equals 1 and 1.0, never "1" nor true; null equals a property set to null.',
      }),
    ),
    contains: Type.Optional(text(500)),
    isSet: Type.Optional(Type.Boolean()),
  },
  {
    additionalProperties: false,
    minProperties: 2,
    maxProperties: 2,
    'x-message': 'needs a key and exactly one of equals, contains or isSet',
  },
);
export type PropertyCondition = Static<typeof PropertyCondition>;

export const Range = Type.Object(
  { min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) },
  atLeastOne('min, max'),
);
export type Range = Static<typeof Range>;

export const CountCondition = Type.Object(
  {
    gt: Type.Optional(Type.Number()),
    gte: Type.Optional(Type.Number()),
    lt: Type.Optional(Type.Number()),
    lte: Type.Optional(Type.Number()),
    eq: Type.Optional(Type.Number()),
  },
  atLeastOne('gt, gte, lt, lte, eq'),
);
export type CountCondition = Static<typeof CountCondition>;

const threshold = Type.Number({ minimum: 0, maximum: MAX_VITAL_VALUE });

/**
 * A page view of the session measured `name` within the bounds, e.g.
 * `{ "name": "INP", "gt": 500 }` (ms; CLS has no unit).
 */
export const VitalCondition = Type.Object(
  {
    name: StringEnum(WEB_VITALS),
    gt: Type.Optional(threshold),
    gte: Type.Optional(threshold),
    lt: Type.Optional(threshold),
    lte: Type.Optional(threshold),
  },
  {
    additionalProperties: false,
    minProperties: 2,
    'x-message': `needs a name (${WEB_VITALS.join(', ')}) and at least one of gt, gte, lt, lte`,
  },
);
export type VitalCondition = Static<typeof VitalCondition>;

/** An ISO 3166-1 alpha-2 country code, e.g. `DE` (either case). */
const CountryCode = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'e.g. DE' });
const CountryList = Type.Array(CountryCode, { minItems: 1, maxItems: 50 });

const ONE_CONDITION = 'takes exactly one condition: combine several with and / or';

/** and / or / not over `node`, for the session filter and the person filter alike. */
const combinators = (node: TThis) => ({
  and: Type.Optional(Type.Array(node, { minItems: 1, maxItems: 50 })),
  or: Type.Optional(Type.Array(node, { minItems: 1, maxItems: 50 })),
  not: Type.Optional(node),
});

const personConditions = {
  person: Type.Optional(PropertyCondition),
  personFirstSeen: Type.Optional(
    Type.Object(
      {
        after: Type.Optional(Type.Number()),
        withinDays: Type.Optional(Type.Number({ minimum: 0 })),
      },
      atLeastOne('after, withinDays'),
    ),
  ),
  distinctId: Type.Optional(text(100)),
};

/** One key per node; `event` alone may carry `properties` and `count` beside it. */
const oneCondition = (extra: Record<string, unknown> = {}) => ({
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  'x-message': ONE_CONDITION,
  ...extra,
});

/** A saved cohort: conditions on people only. Use it in a session filter as `{ cohort: id }`. */
export const PersonFilter = Type.Recursive(
  (node) => Type.Object({ ...combinators(node), ...personConditions }, oneCondition()),
  { $id: 'PersonFilter', title: 'PersonFilter' },
);
export type PersonFilter = Static<typeof PersonFilter>;

/**
 * A session filter: one condition per node, combined with `and`, `or` and `not`, e.g.
 * `{ "and": [{ "event": "checkout_started" }, { "has": "rageClicks" }] }`.
 */
export const Filter = Type.Recursive(
  (node) =>
    Type.Object(
      {
        ...combinators(node),
        date: Type.Optional(
          Type.Object(
            { from: Type.Optional(Type.Number()), to: Type.Optional(Type.Number()) },
            atLeastOne('from, to'),
          ),
        ),
        duration: Type.Optional(Range),
        activeDuration: Type.Optional(Range),
        event: Type.Optional(text()),
        properties: Type.Optional(Type.Array(PropertyCondition, { maxItems: 20 })),
        count: Type.Optional(CountCondition),
        eventThenNot: Type.Optional(
          Type.Object({ first: text(), notAfter: text() }, { additionalProperties: false }),
        ),
        ...personConditions,
        cohort: Type.Optional(Type.Integer({ minimum: 1, description: 'A saved cohort id.' })),
        url: Type.Optional(
          Type.Object(
            {
              contains: Type.Optional(text(500)),
              regex: Type.Optional(text(FILTER_LIMITS.regexLength)),
            },
            {
              additionalProperties: false,
              minProperties: 1,
              maxProperties: 1,
              'x-message': 'needs exactly one of contains or regex (RE2 syntax)',
            },
          ),
        ),
        has: Type.Optional(StringEnum(SIGNALS)),
        vital: Type.Optional(VitalCondition),
        tag: Type.Optional(text()),
        browser: Type.Optional(text()),
        os: Type.Optional(text()),
        deviceType: Type.Optional(text()),
        country: Type.Optional(
          Type.Union([
            CountryCode,
            Type.Object({ in: CountryList }, { additionalProperties: false }),
          ]),
        ),
      },
      {
        additionalProperties: false,
        minProperties: 1,
        if: { required: ['event'] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else.
        then: {
          propertyNames: { enum: ['event', 'properties', 'count'] },
          'x-message': 'an event condition takes only properties and count beside it',
        },
        else: { maxProperties: 1, 'x-message': ONE_CONDITION },
      },
    ),
  { $id: 'Filter', title: 'Filter' },
);
export type Filter = Static<typeof Filter>;
