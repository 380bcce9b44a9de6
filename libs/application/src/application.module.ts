import { Global, Module } from '@nestjs/common';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { Clock } from './command-handling/clock';
import { CommandRunner } from './command-handling/command-runner';
import { UserDirectory } from './directory/user-directory';
import { BallotBox } from './secret-ballot/ballot-box';

/**
 * Command handling shared by every use case: the runner, the clock, the user directory, the ballot box,
 * and the bootstrap of what exists from the first start (exported so later start-up work can await it).
 */
@Global()
@Module({
  providers: [CommandRunner, Clock, UserDirectory, BallotBox, BootstrapService],
  exports: [CommandRunner, Clock, UserDirectory, BallotBox, BootstrapService],
})
export class ApplicationModule {}
