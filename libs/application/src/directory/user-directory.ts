import { Injectable } from '@nestjs/common';
import { userDecider, type Actor, type UserState } from '@laurel/domain';
import { CommandRunner } from '../command-handling/command-runner';
import { streams } from '../command-handling/streams';

const TTL_MS = 5_000;

/**
 * Users, their roles and unit, from the user streams. Every authenticated request asks it, so
 * answers are cached for a few seconds; a user's roles change rarely and never retroactively.
 */
@Injectable()
export class UserDirectory {
  private readonly cache = new Map<string, { user: UserState; at: number }>();

  constructor(private readonly runner: CommandRunner) {}

  async find(userId: string): Promise<Extract<UserState, { status: 'registered' }> | undefined> {
    const cached = this.cache.get(userId);
    let user = cached && Date.now() - cached.at < TTL_MS ? cached.user : undefined;
    if (!user) {
      user = (await this.runner.current(streams.user(userId), userDecider)).state;
      this.cache.set(userId, { user, at: Date.now() });
    }
    return user.status === 'registered' ? user : undefined;
  }

  async actor(userId: string): Promise<Actor | undefined> {
    const user = await this.find(userId);
    return user ? { userId: user.userId, roles: user.roles, unitId: user.unitId } : undefined;
  }
}
