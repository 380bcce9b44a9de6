/**
 * Answers several requests share (identical reads answered once: apps/api SharedQueries): each is
 * serialized once, the first time one of them is sent, and its bytes are sent to every other.
 */
const answers = new WeakMap<object, Buffer | null>();

/** Marks an answer shared by several requests. Nothing may change it afterwards. */
export function shareAnswer<T>(answer: T): T {
  if (answer !== null && typeof answer === 'object') answers.set(answer, null);
  return answer;
}

/**
 * The HTTP server's serializer of objects (Fastify's reply serializer): JSON, as Fastify's own
 * default, and a shared answer's bytes from its first serialization.
 */
export function serializeAnswer(payload: unknown): string | Buffer {
  if (payload !== null && typeof payload === 'object') {
    const known = answers.get(payload);
    if (known) return known;
    if (known === null) {
      const bytes = Buffer.from(JSON.stringify(payload));
      answers.set(payload, bytes);
      return bytes;
    }
  }
  return JSON.stringify(payload);
}
