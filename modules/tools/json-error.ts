// Where a text stops being JSON, found without quoting any of it: for output that may hold
// secrets, whose parse error (V8's message quotes the text) must not be shown.

const WS = /[ \t\n\r]*/y
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const LITERAL = /true|false|null/y

/**
 * The offset of the first token at which `text` is not JSON (text.length: it ends too early), or
 * undefined when it is JSON. Containers are tracked on a stack: deep nesting cannot overflow.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0
  const stack: string[] = []
  const skip = (): void => {
    WS.lastIndex = i
    WS.test(text)
    i = WS.lastIndex
  }
  const token = (re: RegExp): boolean => {
    re.lastIndex = i
    if (!re.test(text)) return false
    i = re.lastIndex
    return true
  }
  // An object's `"key":`, leaving i after the colon; false with i where it went wrong.
  const key = (): boolean => {
    skip()
    if (!token(STRING)) return false
    skip()
    return text[i] === ':' && ++i > 0
  }
  value: for (;;) {
    skip()
    const c = text[i]
    if (c === '{' || c === '[') {
      i++
      skip()
      if (text[i] === (c === '{' ? '}' : ']')) i++
      else {
        stack.push(c)
        if (c === '{' && !key()) return i
        continue value
      }
    } else if (!(token(STRING) || token(NUMBER) || token(LITERAL))) return i
    // After a value: close containers, or go on to the next element.
    for (;;) {
      skip()
      const top = stack.at(-1)
      if (top === undefined) return i === text.length ? undefined : i
      if (text[i] === ',') {
        i++
        if (top === '{' && !key()) return i
        continue value
      }
      if (text[i] !== (top === '{' ? '}' : ']')) return i
      i++
      stack.pop()
    }
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}
