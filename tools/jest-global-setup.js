// Runs once before any jest worker starts: makes sure the servers the tests
// start for themselves can be started. Installing redis-server (and chromium,
// for the console's end-to-end tests) here, once, keeps parallel test files
// from racing on apt/dpkg.
require('@swc-node/register');
const { ensureRedisServer } = require('../libs/test-servers/src/redis.ts');
const { ensureChromium } = require('../libs/test-servers/src/chromium.ts');

module.exports = async function globalSetup() {
  await ensureRedisServer();
  await ensureChromium();
  if (!process.env.KURRENTDB_URL) {
    process.stderr.write(
      '\nKurrentDB contract suite NOT RUN: no KurrentDB server can run here; set KURRENTDB_URL ' +
        "(e.g. kurrentdb://127.0.0.1:2113?tls=false) to run libs/event-store-kurrentdb's contract suite against one.\n\n",
    );
  }
};
