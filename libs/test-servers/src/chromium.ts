import { aptInstallCommand, ensureAptTool } from './apt-tool';

/** The exact command that installs the browser the console's end-to-end tests drive. */
export const CHROMIUM_INSTALL_COMMAND = aptInstallCommand('chromium');

/** Path of Debian's `chromium`, installed once with apt when missing and root (as `redis-server` is). */
export const ensureChromium = (): Promise<string> => ensureAptTool('chromium');
