import { z } from 'zod';

/**
 * Reading what comes from the network (or a data file) with a zod schema, for every client: a list counted before
 * it is read, and a problem said in one short line.
 */

/**
 * The longest list a response may hold, unless the caller says otherwise: 100,000 items held the event loop for
 * seconds, so a longer list is refused, never partly read.
 */
export const MAX_LIST_ITEMS = 1000;

/** Absent or null (Partner Center and Graph send both) reads as absent. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => value ?? undefined, schema.optional());
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
export const isoDate = z
  .string()
  .refine((text) => ISO_DATE.test(text) && !Number.isNaN(Date.parse(text)), 'expected an ISO 8601 date');

/** Counted before any item is read, so that an endless list costs no more than a short one. */
export function listOf<T extends z.ZodType>(item: T, maxItems = MAX_LIST_ITEMS) {
  return z
    .array(z.unknown())
    .superRefine((items, ctx) => {
      if (items.length <= maxItems) return;
      const message = `expected the end of the list (${maxItems} items at most)`;
      ctx.addIssue({ code: 'custom', path: [maxItems], message });
    })
    .pipe(z.array(item));
}

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * `value` read with `schema`, or its first problem in one short line, "path: expected …", the path written from
 * `root` ("$.items[0].dateAgreed"; with the root '', "[0].dateAgreed").
 */
export function read<T>(schema: z.ZodType<T>, value: unknown, root = '$'): Read<T> {
  const result = schema.safeParse(value, { error: expected });
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const path = pathText(issue?.path ?? [], root);
  const message = issue?.message ?? 'invalid';
  return { ok: false, problem: path ? `${path}: ${message}` : message };
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

/** The messages of the issues a schema does not word itself. */
const expected: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.join(', ')}`;
  return undefined;
};

function pathText(path: readonly PropertyKey[], root: string): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, root);
}
