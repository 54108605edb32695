// The TypeScript type a settings schema describes, so code reading settings (tasks.ts, the
// workflow) is checked against the same declaration `check` validates cluster.yaml with.
import type { Schema } from './schema.ts'

/**
 * What a `type: 'string'` setting holds once checked: YAML reads `account: 123456789012` as a
 * number, and the schema accepts it as a string setting, so readers convert with String().
 */
type Text<S> = S extends { enum: readonly (infer E)[] } ? E : string | number

/** Keys a schema marks `required: true`. */
type RequiredKeys<F> = { [K in keyof F]: F[K] extends { required: true } ? K : never }[keyof F]

/** A mapping's fields: required ones present, the rest optional. */
type Fields<F> = { -readonly [K in RequiredKeys<F>]: SettingsOf<F[K]> } & { -readonly [K in Exclude<keyof F, RequiredKeys<F>>]?: SettingsOf<F[K]> }

/** The value a schema accepts. A refused setting (a credential) never reaches a checked value. */
export type SettingsOf<S> = S extends { refused: string }
  ? never
  : S extends { type: 'object'; fields: infer F }
    ? Fields<F>
    : S extends { type: 'map'; values: infer V }
      ? Record<string, SettingsOf<V>>
      : S extends { type: 'list'; items: infer I }
        ? SettingsOf<I>[]
        : S extends { type: 'string' }
          ? Text<S>
          : S extends { type: 'boolean' }
            ? boolean
            : S extends { type: 'integer' }
              ? number
              : unknown

/** `'a b c'` → `'a' | 'b' | 'c'`: the keys of a group of settings declared in one string. */
export type Words<T extends string> = T extends `${infer W} ${infer Rest}` ? W | Words<Rest> : T

/** Checks at compile time that a declared schema is one `check` accepts, keeping its literal type. */
export const schema = <const S extends Schema>(s: S): S => s
