import { Injectable } from '@nestjs/common';
import { DomainErrorCode, fail, unitDecider, userDecider, workflowDefinitionDecider } from '@laurel/domain';
import { CommandRunner, streams } from '@laurel/application';

export interface Reference {
  /** The request field naming it, e.g. `unitId` or `members[2].userId`. */
  field: string;
  kind: 'unit' | 'user' | 'workflow';
  id: string;
}

/**
 * Reference data points at other reference data: a user's unit, a council's members, a movement's
 * workflow. The deciders cannot see other streams, so the app checks the targets exist before
 * deciding. Units, users and definitions are never removed, so checking first is safe.
 */
@Injectable()
export class ReferenceChecks {
  constructor(private readonly runner: CommandRunner) {}

  /** Throws VALIDATION_FAILED (400) listing every reference that names nothing. */
  async require(references: readonly Reference[]): Promise<void> {
    const found = await Promise.all(references.map((reference) => this.exists(reference)));
    const problems = references.filter((_, i) => !found[i]).map((r) => `${r.field}: no ${r.kind === 'workflow' ? 'published workflow' : `registered ${r.kind}`} "${r.id}"`);
    if (problems.length > 0) fail(DomainErrorCode.VALIDATION_FAILED, `Unknown references: ${problems.join('; ')}`, problems);
  }

  private async exists({ kind, id }: Reference): Promise<boolean> {
    switch (kind) {
      case 'unit':
        return (await this.runner.load(streams.unit(id), unitDecider)).state.status === 'registered';
      case 'user':
        return (await this.runner.load(streams.user(id), userDecider)).state.status === 'registered';
      case 'workflow':
        return (await this.runner.load(streams.workflow(id), workflowDefinitionDecider)).state.status === 'published';
    }
  }
}
