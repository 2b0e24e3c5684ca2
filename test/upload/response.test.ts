import { expect, test } from 'vitest';
import { parseEmbeddingAnswer } from '../../src/upload/response.js';

const vector = (n: number): number[] => Array.from({ length: n }, (_, i) => i / n);

test('accepts an id and 192 finite numbers', () => {
  const parsed = parseEmbeddingAnswer(JSON.stringify({ id: 'voice_1', embedding: vector(192), extra: true }));
  expect(parsed).toEqual({ ok: true, answer: { id: 'voice_1', embedding: vector(192) } });
});

test.each([
  ['not JSON', '{"id":"v","embedding":[0.1,', 'Expected a JSON answer'],
  ['an empty body', '', 'an empty body'],
  ['191 values', JSON.stringify({ id: 'v', embedding: vector(191) }), 'embedding'],
  ['193 values', JSON.stringify({ id: 'v', embedding: vector(193) }), 'embedding'],
  ['an empty id', JSON.stringify({ id: '', embedding: vector(192) }), 'id'],
  ['a missing id', JSON.stringify({ embedding: vector(192) }), 'id'],
  ['a string in the vector', JSON.stringify({ id: 'v', embedding: [...vector(191), '0.5'] }), 'embedding.191'],
  ['an infinite value (1e400)', `{"id":"v","embedding":[${[...vector(191), '1e400'].join(',')}]}`, 'embedding.191'],
  ['null in the vector', JSON.stringify({ id: 'v', embedding: [...vector(191), null] }), 'embedding.191'],
  ['an array', '[]', 'answer'],
])('refuses %s', (_name, text, where) => {
  const parsed = parseEmbeddingAnswer(text);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.message).toContain(where);
});
