import { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** Zod issues as "path: problem" lines, p-queue style ("expected number, got string ("x")"), with "did you mean" for typos. */
export function formatIssues(issues: readonly Issue[], schema: z.ZodType): string[] {
  return issues.flatMap((issue) => formatIssue(issue, schema));
}

function formatIssue(issue: Issue, schema: z.ZodType): string[] {
  switch (issue.code) {
    case 'invalid_union': {
      const branch = closestBranch(issue.errors);
      if (!branch) return [line(issue.path, issue.message)];
      return branch.flatMap((inner) => formatIssue({ ...inner, path: [...issue.path, ...inner.path] }, schema));
    }
    case 'unrecognized_keys': {
      const known = knownKeys(schema, issue.path);
      const what = issue.path.length === 1 && issue.path[0] === 'rules' ? 'rule' : 'key';
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        return line([...issue.path, key], `unknown ${what} "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
      });
    }
    case 'invalid_type':
      if (issue.input === undefined) return [line(issue.path, `missing: expected ${issue.expected}`)];
      return [line(issue.path, `expected ${issue.expected === 'tuple' ? 'array' : issue.expected}, got ${describe(issue.input)}`)];
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      return [line(issue.path, `expected ${expected}, got ${describe(issue.input)}`)];
    }
    case 'too_small':
      return [line(issue.path, `expected ${issue.origin === 'array' ? `at least ${issue.minimum} items` : `a number ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`}, got ${describe(issue.input)}`)];
    case 'too_big':
      return [line(issue.path, `expected ${issue.origin === 'array' ? `at most ${issue.maximum} items` : `a number ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`}, got ${describe(issue.input)}`)];
    default:
      return [line(issue.path, issue.message)];
  }
}

/**
 * The union branch that got furthest into the input: the deepest issue path wins, and a branch that expected
 * another type of value loses a tie (`["error", {}, 3]` is a tuple too long, not a bad severity string).
 */
function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const wrongType = (issue: Issue) => issue.code === 'invalid_type' || (issue.code === 'invalid_value' && typeof issue.input === 'object');
  const score = (branch: readonly Issue[]) => Math.max(...branch.map((issue) => issue.path.length * 2 + (wrongType(issue) ? 0 : 1)));
  return [...branches].sort((a, b) => score(b) - score(a))[0];
}

function line(path: readonly PropertyKey[], problem: string): string {
  return `${formatPath(path)}: ${problem}`;
}

/** rules.min-snr[1].minDb */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return `array (${input.length} items)`;
  if (typeof input === 'string') return `string (${JSON.stringify(input)})`;
  if (typeof input === 'number' || typeof input === 'boolean') return `${typeof input} (${String(input)})`;
  return typeof input;
}

/** Keys the schema allows at a path (through optional, default, transform, union and tuple wrappers). */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodUnion) return inner.options.flatMap((option) => knownKeys(option as z.ZodType, path));
  const [head, ...rest] = path;
  if (head === undefined) return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
  if (inner instanceof z.ZodObject && typeof head === 'string') {
    const child = (inner.shape as Record<string, z.ZodType | undefined>)[head];
    return child ? knownKeys(child, rest) : [];
  }
  if (inner instanceof z.ZodTuple && typeof head === 'number') {
    const item = inner.def.items[head];
    return item ? knownKeys(item as z.ZodType, rest) : [];
  }
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPrefault) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

/** The nearest candidate within a few edits, for "did you mean". */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length]!;
}
