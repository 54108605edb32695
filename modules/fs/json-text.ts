// The text of a small JSON state file (a lock, a run journal) read leniently: what it holds, or a
// phrase saying why it holds nothing usable, to follow "ignoring <file>: " or "<file>: ".

/** The parsed value, or why there is none: `it is empty`, `it is not JSON (…)`. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; why: string } {
  if (text.trim() === '') return { ok: false, why: 'it is empty' }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, why: `it is not JSON (${(error as Error).message})` }
  }
}
