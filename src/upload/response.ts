import { z } from 'zod';

export const EMBEDDING_LENGTH = 192;

/** The API's answer; anything else (even with HTTP 200) is UPLOAD_BAD_RESPONSE. */
// zod 4 numbers reject NaN and ±Infinity (JSON.parse turns 1e400 into Infinity).
export const embeddingAnswerSchema = z.object({
  id: z.string().min(1),
  embedding: z.array(z.number()).length(EMBEDDING_LENGTH),
});

export type EmbeddingAnswer = z.infer<typeof embeddingAnswerSchema>;

/** Parses and validates an answer body; the error says what was expected and what came. */
export function parseEmbeddingAnswer(text: string): { ok: true; answer: EmbeddingAnswer } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: `Expected a JSON answer, got ${describeText(text)}` };
  }
  const parsed = embeddingAnswerSchema.safeParse(json);
  if (parsed.success) return { ok: true, answer: { id: parsed.data.id, embedding: parsed.data.embedding } };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'answer';
  return { ok: false, message: `Expected { id: non-empty string, embedding: ${EMBEDDING_LENGTH} finite numbers }, but ${where}: ${issue.message}` };
}

function describeText(text: string): string {
  if (text.length === 0) return 'an empty body';
  const head = text.slice(0, 60).replace(/[^\x20-\x7e]/g, '?');
  return `${text.length} bytes starting "${head}"`;
}
