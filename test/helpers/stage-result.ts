// A stage function's result in a test: its value, or its stage failure thrown as the message the
// one printer gives it (what the run reports), so a test can assert either.
import { formatFailure } from '../../modules/diag/mod.ts'
import { isStageFailure, type StageFailure } from '../../modules/graph/mod.ts'

export function resultOf<T>(value: T | StageFailure): T {
  if (isStageFailure(value)) throw new Error(formatFailure(value.failure))
  return value
}
