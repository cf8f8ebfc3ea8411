// Runs once before any jest worker starts: makes sure the servers the tests
// start for themselves can be started. Installing redis-server here, once,
// keeps parallel test files from racing on apt/dpkg.
require('@swc-node/register');
const { ensureRedisServer } = require('../libs/test-servers/src/redis.ts');

module.exports = async function globalSetup() {
  await ensureRedisServer();
};
