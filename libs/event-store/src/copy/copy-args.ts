import * as path from 'node:path';

/** The command line of `npm run event-store:copy` (scripts/event-store/copy.ts). */
export type StoreKind = 'postgres' | 'kurrentdb' | 'memory';
type Kind = StoreKind;
const KINDS: readonly Kind[] = ['postgres', 'kurrentdb', 'memory'];

export interface CopyArgs {
  from: Kind;
  to: Kind;
  fromUrl?: string;
  toUrl?: string;
  categories?: string[];
  progressFile: string;
  restart: boolean;
  verifyOnly: boolean;
  batch: number;
}

const USAGE = 'usage: npm run event-store:copy -- --from <postgres|kurrentdb|memory> --to <postgres|kurrentdb|memory> [--categories a,b] [--progress-file f] [--restart] [--verify-only] [--batch n] [--from-url u] [--to-url u]';

export function parseCopyArgs(argv: readonly string[]): CopyArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    const name = arg.slice(2);
    if (name === 'restart' || name === 'verify-only') flags.add(name);
    else if (i + 1 < argv.length) values.set(name, argv[++i]);
    else throw new Error(`--${name} needs a value\n${USAGE}`);
  }
  const kind = (name: string): Kind => {
    const value = values.get(name);
    if (!value || !KINDS.includes(value as Kind)) throw new Error(`--${name} must be one of ${KINDS.join(', ')}\n${USAGE}`);
    return value as Kind;
  };
  const from = kind('from');
  const to = kind('to');
  if (from === to && values.get('from-url') === values.get('to-url') && from !== 'memory') throw new Error('--from and --to are the same store: give --from-url or --to-url');
  const batch = Number(values.get('batch') ?? 1000);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('--batch must be an integer from 1 to 10000');
  return {
    from,
    to,
    fromUrl: values.get('from-url'),
    toUrl: values.get('to-url'),
    categories: values.get('categories')?.split(',').map((c) => c.trim()).filter((c) => c.length > 0),
    progressFile: values.get('progress-file') ?? path.join('.data', `event-store-copy-${from}-to-${to}.json`),
    restart: flags.has('restart'),
    verifyOnly: flags.has('verify-only'),
    batch,
  };
}
