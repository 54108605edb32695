// Globs over Terraform resource addresses, for `protect:` and `--allow-replace`. `*` is any run of
// characters (dots and brackets included), `?` exactly one; everything else, brackets too, is literal,
// since addresses hold brackets and quotes (`aws_s3_bucket.b["x"]`).

// A glob as an anchored regular expression.
function globRegExp(glob: string): RegExp {
  const body = [...glob].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('')
  return new RegExp(`^${body}$`, 'u')
}

// `module.NAME.` or `module.NAME[KEY].` at the start of an address; KEY is a number or a quoted
// string, which may itself hold dots, brackets and escaped quotes.
const MODULE_STEP = /^module\.[A-Za-z_][A-Za-z0-9_-]*(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?\./

/** The address without its leading module steps: `module.kops.aws_ebs_volume.a` → `aws_ebs_volume.a`. */
export function withoutModules(address: string): string {
  let rest = address
  for (let m = MODULE_STEP.exec(rest); m; m = MODULE_STEP.exec(rest)) rest = rest.slice(m[0].length)
  return rest
}

/** Whether the glob matches the whole address, or the address without its leading module steps. */
export function globMatches(glob: string, address: string): boolean {
  const re = globRegExp(glob)
  return re.test(address) || re.test(withoutModules(address))
}

/** The first of the globs that matches the address, if any. */
export const firstMatch = (globs: readonly string[], address: string): string | undefined => globs.find((g) => globMatches(g, address))
