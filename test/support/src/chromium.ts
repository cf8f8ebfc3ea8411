import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// Plain Node only (no workspace alias): jest's global set-up requires this file before any worker starts.

const run = promisify(execFile);

/** The exact command that installs the browser the console's end-to-end tests drive. */
export const CHROMIUM_INSTALL_COMMAND = 'apt-get install -y chromium';

let installed: Promise<string> | undefined;

/**
 * Path of Debian's `chromium`, installing it once per process with apt when it is missing and we
 * are root (as `redis-server` is); otherwise the error names the exact command to run.
 */
export function ensureChromium(): Promise<string> {
  installed ??= findOrInstallChromium();
  return installed;
}

async function findOrInstallChromium(): Promise<string> {
  const found = await which('chromium');
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(`chromium is not installed and these tests cannot install it without root: run \`sudo ${CHROMIUM_INSTALL_COMMAND}\``);
  }
  process.stderr.write(`chromium is missing: running \`${CHROMIUM_INSTALL_COMMAND}\`\n`);
  const apt = (args: string[]): Promise<unknown> =>
    run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 });
  try {
    await apt(['install', '-y', 'chromium']);
  } catch {
    // Stale package lists: refresh them once and try again.
    await apt(['update']);
    await apt(['install', '-y', 'chromium']);
  }
  const now = await which('chromium');
  if (!now) throw new Error(`\`${CHROMIUM_INSTALL_COMMAND}\` ran but chromium is still not on the PATH`);
  return now;
}

async function which(command: string): Promise<string | undefined> {
  for (const candidate of [command, `/usr/bin/${command}`]) {
    try {
      const { stdout } = await run('sh', ['-c', `command -v ${candidate}`]);
      const path = stdout.trim();
      if (path) return path;
    } catch {
      // not this one
    }
  }
  return undefined;
}
