// The shared AWS files as the SDKs find them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else
// ~/.aws/config and ~/.aws/credentials), read from a cluster's environment rather than the
// process's, and whether a named profile is defined in either.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'

export interface SharedFiles {
  config: string
  credentials: string
}

/** The home directory as the SDK resolves it: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, then the OS's. */
function homeOf(env: Record<string, string | undefined>): string {
  if (env.HOME) return env.HOME
  if (env.USERPROFILE) return env.USERPROFILE
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? 'C:\\'}${env.HOMEPATH}`
  return homedir()
}

/** Absolute paths of the config and credentials files for this environment (`~/` expanded). */
export function sharedFiles(env: Record<string, string | undefined>): SharedFiles {
  const home = homeOf(env)
  const absolute = (given: string | undefined, fallback: string): string => {
    const path = given || join(home, '.aws', fallback)
    if (path.startsWith('~/')) return join(home, path.slice(2))
    return isAbsolute(path) ? path : resolve(path)
  }
  return { config: absolute(env.AWS_CONFIG_FILE, 'config'), credentials: absolute(env.AWS_SHARED_CREDENTIALS_FILE, 'credentials') }
}

/**
 * Profile names a file defines: `[profile NAME]` and `[default]` in the config file, `[NAME]` in
 * the credentials file (the SDKs' rules; comments after `#` or `;` are ignored).
 */
export function profileNames(text: string, kind: keyof SharedFiles): Set<string> {
  const names = new Set<string>()
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.split(/(^|\s)[;#]/)[0].trim()
    const section = /^\[\s*(.+?)\s*\]$/.exec(line)?.[1]
    if (section === undefined) continue
    if (kind === 'credentials') names.add(section)
    else if (section === 'default') names.add(section)
    else {
      const named = /^profile\s+(["']?)(.+)\1$/.exec(section)
      if (named) names.add(named[2])
    }
  }
  return names
}

const readOrEmpty = async (path: string): Promise<string> => {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return ''
  }
}

/** Whether `profile` is defined in the config or the credentials file. */
export async function profileDefined(profile: string, files: SharedFiles): Promise<boolean> {
  const [config, credentials] = await Promise.all([readOrEmpty(files.config), readOrEmpty(files.credentials)])
  return profileNames(config, 'config').has(profile) || profileNames(credentials, 'credentials').has(profile)
}
