import { Global, Module } from '@nestjs/common';
import { LaurelConfig } from '@laurel/infra';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { Clock } from './command-handling/clock';
import { CommandRunner } from './command-handling/command-runner';
import { UserDirectory } from './directory/user-directory';
import { BallotBox } from './secret-ballot/ballot-box';
import { BallotKeySweeper } from './secret-ballot/ballot-key-sweeper';
import { loadKek } from './secret-ballot/kek-source';
import { KEY_VAULT, LocalKeyVault } from './secret-ballot/key-vault';

/**
 * Command handling shared by every use case: the runner, the clock, the user directory, the ballot box
 * with its key vault and sweeper, and the bootstrap of what exists from the first start (exported so
 * later start-up work can await it). The vault reads its key-encryption key on first use: only the
 * API seals and opens ballots, and it checks the key at start (InitiativesModule).
 */
@Global()
@Module({
  providers: [
    CommandRunner,
    Clock,
    UserDirectory,
    { provide: KEY_VAULT, inject: [LaurelConfig], useFactory: (config: LaurelConfig) => new LocalKeyVault(() => loadKek(config)) },
    BallotBox,
    BallotKeySweeper,
    BootstrapService,
  ],
  exports: [CommandRunner, Clock, UserDirectory, KEY_VAULT, BallotBox, BallotKeySweeper, BootstrapService],
})
export class ApplicationModule {}
