import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

function depcruise(cwd: string, target: string) {
  return spawnSync(process.execPath, [path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), '--config', path.join(root, '.dependency-cruiser.cjs'), target], {
    cwd,
    encoding: 'utf8',
  });
}

describe('architecture boundaries', () => {
  it('the boundary check rejects a domain file that imports Nest or a Node built-in', () => {
    const result = depcruise(path.join(root, 'test/fixtures/boundary'), 'libs');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('domain-is-pure: libs/domain/src/leak.ts → crypto');
    expect(result.stdout).toMatch(/domain-is-pure: libs\/domain\/src\/leak\.ts → .*@nestjs\/common/);
    expect(result.stdout).not.toContain('pure.ts →');
  }, 60_000);
});
