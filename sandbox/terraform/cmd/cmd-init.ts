// `terraform init`: configures the backend (block + -backend-config, stored in
// $TF_DATA_DIR/terraform.tfstate; a changed configuration needs -reconfigure or -migrate-state),
// selects and "installs" providers (lock file + placeholder plugins under $TF_DATA_DIR) and prints
// Terraform's progress and success texts.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { blockHash, mergedBackendConfig, readSettings, s3Path, settingsPath, writeSettings, type BackendSettings } from '../state/backend.ts'
import { configFiles, loadConfig, type Config } from '../lang/config.ts'
import type { Ctx } from '../state/context.ts'
import { fail, warningDiag } from '../render/diag.ts'
import { flags, type Flags } from './flags.ts'
import { newLineage } from '../state/planner.ts'
import { LOCK_FILE, checkCoreVersion, installPlugin, pluginPath, readLockFile, requiredProviders, satisfies, selectVersion, writeLockFile } from '../state/providers.ts'
import { writeState, readState } from '../state/state.ts'
import { equal, type Value } from '../lang/values.ts'

const SPEC = {
  input: 'bool', 'backend-config': 'multi', reconfigure: 'bool', 'migrate-state': 'bool', 'force-copy': 'bool', upgrade: 'bool',
  lockfile: 'string', backend: 'bool', get: 'bool', 'no-color': 'bool', lock: 'bool', 'lock-timeout': 'duration',
  'plugin-dir': 'multi', 'from-module': 'string', json: 'bool', 'ignore-remote-version': 'bool', cloud: 'bool',
} as const

const NEXT_STEPS = `
You may now begin working with Terraform. Try running "terraform plan" to see
any changes that are required for your infrastructure. All Terraform commands
should now work.

If you ever set or change modules or backend configuration for Terraform,
rerun this command to reinitialize your working directory. If you forget, other
commands will detect it and remind you to do so if necessary.
`

/** Runs `terraform init`. */
export async function initCommand(ctx: Ctx, args: string[]): Promise<number> {
  const f = flags('init', args, SPEC)
  if (f.positionals.length) fail('Too many command line arguments', 'Did you mean to use -chdir?')
  if (f.bool('reconfigure', false) && f.bool('migrate-state', false)) fail('Invalid init options', 'The -migrate-state and -reconfigure options are mutually-exclusive.')
  if (f.has('from-module') || f.bool('json', false)) fail('Unsupported option', 'The terraform simulator does not support init -from-module or -json.')
  if (configFiles(ctx.dir).length === 0) {
    ctx.out('Terraform initialized in an empty directory!\n\nThe directory has no Terraform configuration files. You may begin working\nwith Terraform immediately by creating Terraform configuration files.\n')
    return 0
  }
  const cfg = await loadConfig(ctx.dir)
  checkCoreVersion(ctx, cfg)
  ctx.out('\nInitializing the backend...\n')
  if (f.bool('backend', true)) await initBackend(ctx, cfg, f)
  mkdirSync(ctx.dataDir, { recursive: true })
  initProviders(ctx, cfg, f)
  ctx.out('\nTerraform has been successfully initialized!\n')
  if (!ctx.automation) ctx.out(NEXT_STEPS)
  return 0
}

const CHANGED = 'A change in the backend configuration has been detected, which may require migrating existing state.\n\nIf you wish to attempt automatic migration of the state, use "terraform init -migrate-state".\nIf you wish to store the current configuration with no changes to the state, use "terraform init -reconfigure".'

async function initBackend(ctx: Ctx, cfg: Config, f: Flags): Promise<void> {
  const decl = cfg.backend
  const settings = readSettings(ctx)
  const reconfigure = f.bool('reconfigure', false)
  if (!decl) {
    if (f.all('backend-config').length) ctx.report([warningDiag('Missing backend configuration', '-backend-config was used without a "backend" block in the configuration.\n\nIf you intended to override the default local backend configuration,\nno action is required, but you may add an explicit backend block to your\nconfiguration to clear this warning:\n\nterraform {\n  backend "local" {}\n}\n\nHowever, if you intended to override a defined backend, please verify that\nthe backend configuration is present and valid.')])
    if (settings && settings.backend.type !== 'local') {
      if (!reconfigure && !f.bool('migrate-state', false)) fail('Backend configuration changed', CHANGED)
      rmSync(settingsPath(ctx), { force: true })
    }
    return
  }
  if (decl.type !== 's3' && decl.type !== 'local') fail('Unsupported backend type', `The terraform simulator supports the "s3" and "local" backends, not "${decl.type}".`)
  const config = await mergedBackendConfig(ctx, cfg, decl, f.all('backend-config'))
  const hash = blockHash(decl)
  if (settings && settings.backend.type === decl.type && equal(settings.backend.config as Value, config) && !reconfigure) {
    if (settings.backend.hash !== hash) writeSettings(ctx, { ...settings, backend: { ...settings.backend, hash } })
    return
  }
  if (settings && !reconfigure && !f.bool('migrate-state', false)) fail('Backend configuration changed', CHANGED)
  const next: BackendSettings = { version: 3, serial: 1, lineage: settings?.lineage ?? newLineage(), backend: { type: decl.type, config, hash } }
  if (settings && f.bool('migrate-state', false)) migrateState(ctx, settings, next)
  writeSettings(ctx, next)
  ctx.out(`\nSuccessfully configured the backend "${decl.type}"! Terraform will automatically\nuse this backend unless the backend configuration changes.\n`)
}

function statePathOf(ctx: Ctx, s: BackendSettings): string {
  const c = s.backend.config
  if (s.backend.type === 's3') return s3Path(ctx, String(c.bucket), String(c.key))
  return `${ctx.dir}/${typeof c.path === 'string' ? c.path : 'terraform.tfstate'}`
}

/** -migrate-state: copies the old backend's state to the new one when the new one has none. */
function migrateState(ctx: Ctx, from: BackendSettings, to: BackendSettings): void {
  const src = statePathOf(ctx, from)
  const dst = statePathOf(ctx, to)
  if (src === dst || !existsSync(src) || existsSync(dst)) return
  const state = readState(src)
  if (!state) return
  mkdirSync(dirname(dst), { recursive: true })
  writeState(dst, state)
  ctx.out(`Successfully migrated the state from "${from.backend.type}" to "${to.backend.type}".\n`)
}

function initProviders(ctx: Ctx, cfg: Config, f: Flags): void {
  ctx.out('\nInitializing provider plugins...\n')
  const locked = readLockFile(ctx.dir)
  const hadLock = existsSync(`${ctx.dir}/${LOCK_FILE}`)
  const next: Record<string, { version: string; constraints?: string }> = {}
  for (const p of requiredProviders(cfg)) {
    const prev = locked[p.full]
    let version: string
    if (prev && !f.bool('upgrade', false) && (!p.constraint || satisfies(prev.version, p.constraint))) {
      ctx.out(`- Reusing previous version of ${p.source} from the dependency lock file\n`)
      version = prev.version
    } else {
      ctx.out(p.constraint ? `- Finding ${p.source} versions matching ${JSON.stringify(p.constraint)}...\n` : `- Finding latest version of ${p.source}...\n`)
      version = selectVersion(p)
    }
    if (existsSync(pluginPath(ctx.dataDir, p.full, version))) ctx.out(`- Using previously-installed ${p.source} v${version}\n`)
    else {
      ctx.out(`- Installing ${p.source} v${version}...\n- Installed ${p.source} v${version} (signed by HashiCorp)\n`)
      installPlugin(ctx.dataDir, p.full, version)
    }
    next[p.full] = { version, constraints: p.constraint }
  }
  if (Object.keys(next).length === 0 || f.string('lockfile') === 'readonly') return
  const before = hadLock ? readFileSync(`${ctx.dir}/${LOCK_FILE}`, 'utf8') : ''
  writeLockFile(ctx.dir, next)
  const after = readFileSync(`${ctx.dir}/${LOCK_FILE}`, 'utf8')
  if (!hadLock) ctx.out(`\nTerraform has created a lock file ${LOCK_FILE} to record the provider\nselections it made above. Include this file in your version control repository\nso that Terraform can guarantee to make the same selections by default when\nyou run "terraform init" in the future.\n`)
  else if (before !== after) ctx.out(`\nTerraform has made some changes to the provider dependency selections recorded\nin the ${LOCK_FILE} file. Review those changes and commit them to your\nversion control system if they represent changes you intended to make.\n`)
}
