// Providers without plugins: which providers a configuration needs (resource type prefixes,
// `provider` meta-arguments, required_providers), the version init "installs" (the newest of a
// small built-in list that meets the constraints), the .terraform.lock.hcl file, the placeholder
// "plugin" under $TF_DATA_DIR/providers, and the checks plan/apply make before running.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { TfError, errorDiag, fail } from '../render/diag.ts'
import { locate, type Config, type ResourceDecl } from '../lang/config.ts'
import { PLATFORM, type Ctx } from './context.ts'

/** A provider the configuration needs. */
export interface ProviderReq {
  local: string
  /** `hashicorp/aws`. */
  source: string
  /** `registry.terraform.io/hashicorp/aws`. */
  full: string
  constraint?: string
}

/** The lock file name, in the configuration directory. */
export const LOCK_FILE = '.terraform.lock.hcl'

/** Versions the simulated registry offers, newest last. */
const AVAILABLE: Record<string, string[]> = {
  aws: ['3.76.1', '4.67.0', '5.31.0'],
  null: ['3.1.1', '3.2.2'],
  local: ['2.2.3', '2.5.1'],
  random: ['3.6.0'],
  tls: ['4.0.5'],
  kubernetes: ['2.24.0'],
}

/** The local provider name a resource uses: its `provider` meta-argument, else its type prefix. */
export function providerLocal(r: ResourceDecl): string {
  return r.provider ? r.provider.split('.')[0] : r.type.split('_')[0]
}

function reqFor(cfg: Config, local: string): ProviderReq {
  const rp = cfg.requiredProviders[local]
  const source = rp?.source ? (rp.source.split('/').length === 1 ? `hashicorp/${rp.source}` : rp.source.split('/').slice(-2).join('/')) : `hashicorp/${local}`
  return { local, source, full: `registry.terraform.io/${source}`, constraint: rp?.version }
}

/** Every provider the configuration needs, sorted by full name (the builtin `terraform` excluded). */
export function requiredProviders(cfg: Config): ProviderReq[] {
  const locals = new Set([...Object.keys(cfg.requiredProviders), ...cfg.resources.map(providerLocal), ...cfg.providers.map((p) => p.name)])
  locals.delete('terraform')
  return [...locals].map((l) => reqFor(cfg, l)).sort((a, b) => (a.full < b.full ? -1 : 1))
}

/** A resource's provider: its full name and the `provider[...]` string state records. */
export function providerOf(cfg: Config, r: ResourceDecl): { full: string; ref: string } {
  const local = providerLocal(r)
  if (local === 'terraform') return { full: 'terraform.io/builtin/terraform', ref: 'provider["terraform.io/builtin/terraform"]' }
  const full = reqFor(cfg, local).full
  const alias = r.provider?.split('.')[1]
  return { full, ref: `provider["${full}"]${alias ? `.${alias}` : ''}` }
}

function parseVersion(v: string): number[] {
  return v.replace(/^v/, '').split('-')[0].split('.').map((n) => Number(n) || 0).concat([0, 0, 0]).slice(0, 3)
}

function cmp(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return 0
}

/** Whether `version` meets a Terraform version constraint string (">= 1.0, < 2.0", "~> 5.0"). */
export function satisfies(version: string, constraint: string): boolean {
  const v = parseVersion(version)
  return constraint.split(',').map((c) => c.trim()).filter(Boolean).every((c) => {
    const m = /^(>=|<=|!=|~>|>|<|=)?\s*v?([\d.]+\S*)$/.exec(c)
    if (!m) return false
    const want = parseVersion(m[2])
    const d = cmp(v, want)
    switch (m[1] ?? '=') {
      case '>=': return d >= 0
      case '<=': return d <= 0
      case '>': return d > 0
      case '<': return d < 0
      case '!=': return d !== 0
      case '~>': {
        const parts = m[2].split('.').length
        const upper = parts <= 2 ? [want[0] + 1, 0, 0] : [want[0], want[1] + 1, 0]
        return d >= 0 && cmp(v, upper) < 0
      }
      default: return d === 0
    }
  })
}

/** Fails with "Unsupported Terraform Core version" when required_version excludes the simulated version. */
export function checkCoreVersion(ctx: Ctx, cfg: Config): void {
  for (const c of cfg.requiredVersion) {
    if (satisfies(ctx.version, c)) continue
    const file = Object.keys(cfg.texts).find((f) => cfg.texts[f].includes(c)) ?? ''
    fail('Unsupported Terraform Core version', `This configuration does not support Terraform version ${ctx.version}. To proceed, either choose another supported Terraform version or update this version constraint. Version constraints are normally set for good reason, so updating the constraint may lead to other errors or unexpected behavior.`, file ? locate(cfg, file, 'required_version =') : undefined)
  }
}

/** The version init selects for a provider, or a "no available releases" error. */
export function selectVersion(p: ProviderReq): string {
  const name = p.source.split('/')[1]
  const candidates = (AVAILABLE[name] ?? ['1.0.0']).filter((v) => !p.constraint || satisfies(v, p.constraint))
  if (candidates.length === 0) fail('Failed to query available provider packages', `Could not retrieve the list of available versions for provider ${p.source}: no available releases match the given constraints ${p.constraint}`)
  return candidates[candidates.length - 1]
}

/** The versions recorded in the lock file, by full provider name. */
export function readLockFile(dir: string): Record<string, { version: string; constraints?: string }> {
  const path = join(dir, LOCK_FILE)
  if (!existsSync(path)) return {}
  const out: Record<string, { version: string; constraints?: string }> = {}
  for (const m of readFileSync(path, 'utf8').matchAll(/provider\s+"([^"]+)"\s*\{([\s\S]*?)\n\}/g)) {
    const version = /version\s*=\s*"([^"]+)"/.exec(m[2])?.[1]
    if (version) out[m[1]] = { version, constraints: /constraints\s*=\s*"([^"]+)"/.exec(m[2])?.[1] }
  }
  return out
}

/** Writes the lock file in Terraform's layout, with synthetic `h1:` hashes. */
export function writeLockFile(dir: string, entries: Record<string, { version: string; constraints?: string }>): void {
  const blocks = Object.keys(entries).sort().map((full) => {
    const e = entries[full]
    const h1 = createHash('sha256').update(`${full}@${e.version}`).digest('base64')
    const lines = [`provider "${full}" {`, `  version     = "${e.version}"`]
    if (e.constraints) lines.push(`  constraints = "${e.constraints}"`)
    lines.push('  hashes = [', `    "h1:${h1}",`, '  ]', '}')
    return lines.join('\n')
  })
  const text = `# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\n${blocks.join('\n\n')}\n`
  writeFileSync(join(dir, LOCK_FILE), text)
}

/** Where init puts a provider's placeholder plugin under $TF_DATA_DIR. */
export function pluginPath(dataDir: string, full: string, version: string): string {
  const type = full.split('/').at(-1) ?? full
  return join(dataDir, 'providers', full, version, PLATFORM, `terraform-provider-${type}_v${version}_x5`)
}

/** "Installs" a provider: writes its placeholder plugin file. */
export function installPlugin(dataDir: string, full: string, version: string): void {
  const path = pluginPath(dataDir, full, version)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `#!/bin/sh\n# Placeholder written by the tasks terraform simulator for ${full} v${version}.\nexit 1\n`, { mode: 0o755 })
}

/** The checks plan/apply make: every needed provider locked and installed in this TF_DATA_DIR. */
export function checkProvidersInstalled(ctx: Ctx, cfg: Config): void {
  const locked = readLockFile(ctx.dir)
  const reqs = requiredProviders(cfg)
  const unlocked = reqs.filter((p) => !locked[p.full])
  if (unlocked.length) {
    const lines = unlocked.map((p) => `  - provider ${p.full}: required by this configuration but no version is selected`).join('\n')
    throw new TfError([errorDiag('Inconsistent dependency lock file', `The following dependency selections recorded in the lock file are inconsistent with the current configuration:\n${lines}\n\nTo make the initial dependency selections that will initialize the dependency lock file, run:\n  terraform init`)])
  }
  const missing = reqs.filter((p) => !existsSync(pluginPath(ctx.dataDir, p.full, locked[p.full].version)))
  if (missing.length) {
    const lines = missing.map((p) => `  - ${p.full}: there is no package for ${p.full} ${locked[p.full].version} cached in ${ctx.dataDirName}/providers`).join('\n')
    throw new TfError([errorDiag('Required plugins are not installed', `The installed provider plugins are not consistent with the packages selected in the dependency lock file:\n${lines}\n\nTerraform uses external plugins to integrate with a variety of different infrastructure services. To download the plugins required for this configuration, run:\n  terraform init`)])
  }
}

/** Fails with "Provider configuration not present" when a resource (in configuration or state) uses an aliased provider no block configures. */
export function checkProviderConfigs(cfg: Config, state: { resources: Array<{ mode: string; type: string; name: string; provider: string }> }): void {
  const used = cfg.resources.map((r) => ({ address: r.address, ref: providerOf(cfg, r).ref, decl: r as ResourceDecl | undefined }))
  const inState = state.resources.map((r) => ({ address: `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`, ref: r.provider, decl: undefined }))
  for (const { address, ref, decl } of [...used, ...inState]) {
    const m = /^provider\["([^"]+)"\]\.(.+)$/.exec(ref)
    if (!m) continue
    const local = requiredProviders(cfg).find((p) => p.full === m[1])?.local ?? m[1].split('/').at(-1) ?? ''
    if (cfg.providers.some((p) => p.name === local && p.alias === m[2])) continue
    fail('Provider configuration not present', `To work with ${address} its original provider configuration at ${ref} is required, but it has been removed. This occurs when a provider configuration is removed while objects created by that provider still exist in the state. Re-add the provider configuration to destroy ${address}, after which you can remove the provider configuration again.`, decl ? locate(cfg, decl.file, `${decl.mode === 'data' ? 'data' : 'resource'} "${decl.type}" "${decl.name}"`) : undefined)
  }
}
