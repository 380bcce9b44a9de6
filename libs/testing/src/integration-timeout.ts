// The integration tests' bound per test (jest ignores `testTimeout` inside a `projects` entry, so
// it is set here, after the framework is installed: jest.config.js `setupFilesAfterEnv`). Real
// servers on a machine the suite shares with itself (three jest processes, tsc, eslint): a test
// waits on conditions, so a generous bound only matters when something hangs.
jest.setTimeout(60_000);
