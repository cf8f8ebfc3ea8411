import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// Plain Node only (no workspace alias): jest's global set-up requires these files before any worker starts.

const run = promisify(execFile);

/** The exact command that installs a Debian package. */
export const aptInstallCommand = (pkg: string): string => `apt-get install -y ${pkg}`;

const installing = new Map<string, Promise<string>>();

/**
 * Path of the program `binary`, installing Debian's `pkg` once per process with
 * apt when it is missing and we are root; otherwise the error names the exact
 * command to run. Waits for another apt/dpkg (a parallel test process) rather
 * than failing on its lock, and refreshes stale package lists once.
 */
export function ensureAptTool(binary: string, pkg = binary): Promise<string> {
  let found = installing.get(binary);
  if (!found) {
    found = findOrInstall(binary, pkg);
    installing.set(binary, found);
  }
  return found;
}

async function findOrInstall(binary: string, pkg: string): Promise<string> {
  const found = await which(binary);
  if (found) return found;
  const command = aptInstallCommand(pkg);
  if (process.getuid?.() !== 0) throw new Error(`${binary} is not installed and these tests cannot install it without root: run \`sudo ${command}\``);
  process.stderr.write(`${binary} is missing: running \`${command}\`\n`);
  const apt = (args: string[]): Promise<unknown> =>
    run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 });
  try {
    await apt(['install', '-y', pkg]);
  } catch {
    await apt(['update']);
    await apt(['install', '-y', pkg]);
  }
  const now = await which(binary);
  if (!now) throw new Error(`\`${command}\` ran but ${binary} is still not on the PATH`);
  return now;
}

async function which(command: string): Promise<string | undefined> {
  for (const candidate of [command, `/usr/bin/${command}`, `/usr/local/bin/${command}`]) {
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
